import { z } from 'zod'

/**
 * The dataset file format (`*.dataset.yaml|yml|json`). This schema is the single
 * source of truth: TypeScript types come from it with `z.infer`.
 */

export const ModelParamsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.int().positive().optional(),
  top_p: z.number().min(0).max(1).optional(),
  stop: z.array(z.string()).optional(),
  seed: z.int().optional(),
})

/** Dataset-wide defaults: model parameters plus a system prompt. */
export const DefaultsSchema = ModelParamsSchema.extend({
  system: z.string().optional(),
  /** Timeout of each request attempt of the case, in ms, from when it holds a provider slot (queue and backoff excluded). */
  timeout_ms: z.int().positive().optional(),
  /** Independent samples of each case in run and watch mode (overrides the `repeats` option and `LLM_BENCH_REPEATS`). */
  repeats: z.int().positive().optional(),
})

/** Per-case overrides: anything in `defaults`, plus which providers to run on. */
export const CaseConfigSchema = DefaultsSchema.extend({
  /** Run this case only on these provider ids (e.g. `local`, `openai:gpt-4o-mini`). */
  providers: z.array(z.string()).optional(),
})

export const ChatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
})

/**
 * One entry of `assert`: a matcher name alone (`toEqualExpected`), or a
 * one-key map from the name to its options (`toContainReferences: { min: 0.5 }`).
 */
export const AssertionSchema = z.union([
  z.string().min(1),
  z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length === 1, {
    message: 'an assertion is a matcher name, or a map with exactly one matcher name as its key',
  }),
])

const VariablesSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))

export const TestCaseSchema = z.strictObject({
  id: z.string().min(1).regex(/^[^\s›/]+$/, 'an id without spaces, slashes or "›"'),
  category: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Prompt template with `{{variable}}` placeholders. */
  prompt: z.string().min(1).optional(),
  /** Path of a prompt template file, relative to the dataset file (e.g. `prompts/summarize.md`). */
  prompt_file: z.string().min(1).optional(),
  /** Chat messages; each `content` is a template too. */
  messages: z.array(ChatMessageSchema).min(1).optional(),
  variables: VariablesSchema.optional(),
  /** A number is taken as its text (`expected: 42`). */
  expected: z.union([z.string(), z.number()]).transform(String).optional(),
  references: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
  assert: z.array(AssertionSchema).optional(),
  config: CaseConfigSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
})

/**
 * Cases read from a standard benchmark file (`source: { path: data/gsm8k/test.jsonl, format: gsm8k }`).
 * `limit` keeps the first N rows; `sample` a seeded random N (of the first `limit`, when both are set).
 */
export const SourceSchema = z.strictObject({
  /** The benchmark file, relative to the dataset file. */
  path: z.string().min(1),
  format: z.enum(['gsm8k', 'mmlu', 'truthfulqa', 'humaneval']),
  limit: z.int().positive().optional(),
  sample: z.int().positive().optional(),
  /** Seed of `sample` (default 1): the same seed and file give the same cases. */
  seed: z.int().optional(),
  /** Prompt template for every row (variables depend on the format); else the dataset's `prompt_file`, else the format's own. */
  prompt: z.string().min(1).optional(),
})

/** A variant's name: it is part of test names (`<case> › <variant> › <provider>`), so the rules of a case id. */
export const VariantNameSchema = z.string().min(1).regex(/^[^\s›/]+$/, 'a name without spaces, slashes or "›"')

/**
 * One prompt variant (`variants:`): dataset-level settings every case runs with once per variant.
 * Its prompt template (`prompt` or `prompt_file`) serves the cases with no prompt of their own, in
 * place of the dataset's `prompt_file`; its `system` and `params` go over `defaults` (a case's own
 * `config` still wins). In the map form the key is the name.
 */
export const VariantFieldsSchema = z.strictObject({
  description: z.string().optional(),
  /** Prompt template with `{{variable}}` placeholders. */
  prompt: z.string().min(1).optional(),
  /** A prompt template file, relative to the dataset file. */
  prompt_file: z.string().min(1).optional(),
  /** System prompt template. */
  system: z.string().optional(),
  /** Model parameters over the dataset's `defaults`. */
  params: ModelParamsSchema.optional(),
})

export const VariantSchema = VariantFieldsSchema.extend({ name: VariantNameSchema })

/** `variants:` as a list of named variants, or a map from name to variant. */
export const VariantsSchema = z.union([
  z.array(VariantSchema).min(1),
  z.record(VariantNameSchema, VariantFieldsSchema).refine((map) => Object.keys(map).length > 0, { message: 'at least one variant' }),
])

export const DatasetSchema = z.strictObject({
  /** Letters of any script (`ünïcødé`, `日本語`), digits, `.`, `_` and `-`. */
  name: z.string().min(1).regex(/^[\p{L}\p{M}\p{N}._-]+$/u, 'letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  version: z.union([z.string(), z.number()]).transform(String).optional(),
  defaults: DefaultsSchema.optional(),
  /** Dataset-wide prompt template file; cases without a prompt of their own use it. */
  prompt_file: z.string().min(1).optional(),
  /** Variables every case sees (a case's own variables win). */
  variables: VariablesSchema.optional(),
  /** Assertions applied to every case, before the case's own. */
  assert: z.array(AssertionSchema).optional(),
  /** Cases of the dataset's own; optional when `source` gives the cases. */
  test_cases: z.array(TestCaseSchema).min(1).optional(),
  /** Cases read from a benchmark file, after the dataset's own `test_cases`. */
  source: SourceSchema.optional(),
  /** Prompt variants: every case runs once per variant (and provider). */
  variants: VariantsSchema.optional(),
  /** The variant the others are compared with (default: the first). */
  reference_variant: VariantNameSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
})

export type DatasetFile = z.infer<typeof DatasetSchema>
export type DatasetTestCase = z.infer<typeof TestCaseSchema>
export type DatasetSource = z.infer<typeof SourceSchema>
export type Assertion = z.infer<typeof AssertionSchema>
export type Defaults = z.infer<typeof DefaultsSchema>
export type CaseConfig = z.infer<typeof CaseConfigSchema>
export type DatasetVariant = z.infer<typeof VariantSchema>
export type DatasetVariants = z.infer<typeof VariantsSchema>
