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
  /** Per-case timeout in milliseconds. */
  timeout_ms: z.int().positive().optional(),
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

export const DatasetSchema = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" or "-"'),
  description: z.string().optional(),
  version: z.union([z.string(), z.number()]).transform(String).optional(),
  defaults: DefaultsSchema.optional(),
  /** Dataset-wide prompt template file; cases without a prompt of their own use it. */
  prompt_file: z.string().min(1).optional(),
  /** Variables every case sees (a case's own variables win). */
  variables: VariablesSchema.optional(),
  /** Assertions applied to every case, before the case's own. */
  assert: z.array(AssertionSchema).optional(),
  test_cases: z.array(TestCaseSchema).min(1),
  metadata: z.record(z.string(), z.unknown()).optional(),
})

export type DatasetFile = z.infer<typeof DatasetSchema>
export type DatasetTestCase = z.infer<typeof TestCaseSchema>
export type Assertion = z.infer<typeof AssertionSchema>
export type Defaults = z.infer<typeof DefaultsSchema>
export type CaseConfig = z.infer<typeof CaseConfigSchema>
