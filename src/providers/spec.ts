import { z } from 'zod'
import { ModelParamsSchema } from '../dataset/schema.ts'
import { AnthropicProviderOptionsSchema, defaultAnthropicId } from './anthropic-options.ts'
import { OllamaProviderOptionsSchema, defaultOllamaId } from './ollama-options.ts'
import { OpenAIProviderOptionsSchema, defaultOpenAIId, resolveOpenAIEndpoint } from './openai-options.ts'
import { issueLines } from './unknown-keys.ts'

/**
 * Provider specs: what a user writes in `llmBench({ providers })`, as a string
 * (`openai:gpt-4o-mini`, `openai:stories@http://127.0.0.1:8080/v1`, `local`,
 * `local:/path/to/model.gguf`, `anthropic:claude-haiku-4-5`,
 * `ollama:llama3.2`, `ollama:llama3.2@http://127.0.0.1:11434`) or an object, normalized to one `ProviderSpec`
 * with an `id` and a `concurrency`. A new provider type is one more branch here
 * and one more entry in `registry.ts`.
 */

export const DEFAULT_CONCURRENCY = { openai: 32, local: 1, anthropic: 16, ollama: 4, function: 8 } as const

const Concurrency = z.int().positive()

/** Retries of a failed call (429, 5xx, timeouts, connection resets): exponential backoff with jitter. */
export const RetrySchema = z.strictObject({
  /** Attempts in all, the first included (1: never retry). */
  attempts: z.int().min(1).default(4),
  /** Delay before the first retry; doubles each retry, with full jitter. */
  baseDelayMs: z.int().min(0).default(500),
  /** Longest delay between attempts (a server's Retry-After is honoured up to this too). */
  maxDelayMs: z.int().min(0).default(30_000),
})
export type RetryPolicy = z.output<typeof RetrySchema>
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 }

/** Prices in USD per 1M tokens; overrides the built-in pricing table for this provider. */
export const PriceSchema = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cachedInput: z.number().min(0).optional(),
})
export type Price = z.output<typeof PriceSchema>

/** Fields every provider type has: run-wide limits, retries, price. */
const commonFields = {
  /** Requests per minute, run-wide. */
  rpm: z.number().positive().optional(),
  /** Tokens (input + output) per minute, run-wide. */
  tpm: z.number().positive().optional(),
  retry: RetrySchema.default(DEFAULT_RETRY),
  price: PriceSchema.optional(),
}

export const OpenAISpecInputSchema = OpenAIProviderOptionsSchema.extend({
  type: z.literal('openai'),
  /** Requests in flight at once against this provider, run-wide. */
  concurrency: Concurrency.default(DEFAULT_CONCURRENCY.openai),
  ...commonFields,
})

export const LocalSpecInputSchema = z.strictObject({
  type: z.literal('local'),
  id: z.string().min(1).optional(),
  /** A GGUF file; absent: the embedded default model. */
  modelPath: z.string().min(1).optional(),
  concurrency: Concurrency.default(DEFAULT_CONCURRENCY.local),
  ...commonFields,
  params: ModelParamsSchema.default({}),
  /** Where to download the model from when the file is not found (checked against sha256); `false`: never download. */
  download: z
    .union([
      z.strictObject({ url: z.url({ protocol: /^https?$/ }), sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'a sha256 in hex') }),
      z.literal(false),
    ])
    .optional(),
})

export const AnthropicSpecInputSchema = AnthropicProviderOptionsSchema.extend({
  type: z.literal('anthropic'),
  concurrency: Concurrency.default(DEFAULT_CONCURRENCY.anthropic),
  ...commonFields,
})

export const OllamaSpecInputSchema = OllamaProviderOptionsSchema.extend({
  type: z.literal('ollama'),
  concurrency: Concurrency.default(DEFAULT_CONCURRENCY.ollama),
  ...commonFields,
})

/** A function's retries are opt-in: one attempt unless `retry` says otherwise. */
export const FUNCTION_RETRY: RetryPolicy = { ...DEFAULT_RETRY, attempts: 1 }

/** The user's own code as a provider: `export` of `module` (relative to Vitest's root), see providers/function/. */
export const FunctionSpecInputSchema = z.strictObject({
  type: z.literal('function'),
  /** The module's path, relative to Vitest's root (imported through Vite: TypeScript works). */
  module: z.string().min(1),
  /** The export to call: a function, or a `defineProvider({ id, complete })` object. */
  export: z.string().min(1).default('default'),
  id: z.string().min(1).optional(),
  concurrency: Concurrency.default(DEFAULT_CONCURRENCY.function),
  rpm: commonFields.rpm,
  tpm: commonFields.tpm,
  retry: RetrySchema.default(FUNCTION_RETRY),
  price: commonFields.price,
  params: ModelParamsSchema.default({}),
})

const SpecObjectSchema = z.discriminatedUnion('type', [
  OpenAISpecInputSchema,
  LocalSpecInputSchema,
  AnthropicSpecInputSchema,
  OllamaSpecInputSchema,
  FunctionSpecInputSchema,
])

/** The normalized spec: every default filled in, and an `id` and a `model` always set. */
export const ProviderSpecSchema = SpecObjectSchema.transform(normalize)

function normalize(spec: z.output<typeof SpecObjectSchema>) {
  const id = spec.id ?? stringForm(spec)
  // The endpoint is always known after parsing: the given `api`, else the baseURL's endpoint path, else chat.
  if (spec.type === 'openai') return { ...spec, id, api: resolveOpenAIEndpoint(spec.baseURL, spec.api).api }
  if (spec.type === 'local') return { ...spec, id, model: localModelName(spec.modelPath) }
  if (spec.type === 'function') return { ...spec, id, model: spec.export }
  return { ...spec, id }
}

/** A local model's name: its file name without `.gguf`, or `default` for the embedded model. */
export function localModelName(modelPath: string | undefined): string {
  if (modelPath === undefined) return 'default'
  const file = modelPath.split(/[\\/]/).pop() ?? modelPath
  return file.replace(/\.gguf$/i, '') || modelPath
}

export type ProviderSpecInput = z.input<typeof SpecObjectSchema>
export type ProviderSpec = z.output<typeof ProviderSpecSchema>
export type OpenAIProviderSpec = Extract<ProviderSpec, { type: 'openai' }>
export type LocalProviderSpec = Extract<ProviderSpec, { type: 'local' }>
export type AnthropicProviderSpec = Extract<ProviderSpec, { type: 'anthropic' }>
export type OllamaProviderSpec = Extract<ProviderSpec, { type: 'ollama' }>
export type FunctionProviderSpec = Extract<ProviderSpec, { type: 'function' }>
export type ProviderType = ProviderSpec['type']

export const PROVIDER_TYPES: readonly ProviderType[] = ['openai', 'local', 'anthropic', 'ollama', 'function']

/** Every form a spec may take, for messages. */
export const PROVIDER_SPEC_FORMS =
  'expected "openai:<model>", "openai:<model>@<baseURL>", "local", "local:<path/to/model.gguf>", ' +
  '"anthropic:<model>", "anthropic:<model>@<baseURL>", "ollama:<model>", "ollama:<model>@<host>", ' +
  "or an object { type: 'openai', model, baseURL?, apiKeyEnv?, api?, stream?, params?, id?, concurrency? } " +
  "or { type: 'local', modelPath?, params?, id?, concurrency?, download? } " +
  "or { type: 'anthropic', model, baseURL?, apiKeyEnv?, stream?, params?, id?, concurrency? } " +
  "or { type: 'ollama', model, host?, api?: 'chat' | 'generate', stream?, params?, id?, concurrency? } " +
  "or { type: 'function', module, export?, params?, id?, concurrency? } " +
  '(every type also takes rpm?, tpm?, retry?, price?)'

export class ProviderSpecError extends Error {
  override name = 'ProviderSpecError'
}

/** Parses a string or object spec; throws a `ProviderSpecError` naming the spec and what is expected. */
export function parseProviderSpec(input: unknown): ProviderSpec {
  const object = typeof input === 'string' ? fromString(input) : input
  const result = ProviderSpecSchema.safeParse(object)
  if (result.success) return result.data
  const problems = issueLines(branchOf(object), result.error)
  throw new ProviderSpecError(`invalid provider spec ${describeProviderSpec(input)}:\n${problems.map((line) => `  ${line}`).join('\n')}\n${PROVIDER_SPEC_FORMS}`)
}

const BRANCHES = { openai: OpenAISpecInputSchema, local: LocalSpecInputSchema, anthropic: AnthropicSpecInputSchema, ollama: OllamaSpecInputSchema, function: FunctionSpecInputSchema } as const

/** The schema of the spec's own type (for its field names), else the union of all. */
function branchOf(object: unknown): z.ZodType {
  const type = typeof object === 'object' && object !== null && 'type' in object ? object.type : undefined
  return typeof type === 'string' && type in BRANCHES ? BRANCHES[type as ProviderType] : SpecObjectSchema
}

/** The spec's id: the one it was given, else its string form (never with secrets). */
export function providerSpecId(spec: ProviderSpecInput | ProviderSpec): string {
  return spec.id ?? stringForm(spec)
}

function stringForm(spec: ProviderSpecInput): string {
  switch (spec.type) {
    case 'openai':
      return defaultOpenAIId(spec.model, spec.baseURL)
    case 'anthropic':
      return defaultAnthropicId(spec.model, spec.baseURL)
    case 'ollama':
      return defaultOllamaId(spec.model, spec.host)
    case 'local':
      return spec.modelPath === undefined ? 'local' : `local:${spec.modelPath}`
    case 'function':
      return `function:${spec.module}#${spec.export ?? 'default'}`
  }
}

/** Where each remote type's string form puts the part after `@`. */
const URL_KEY = { openai: 'baseURL', anthropic: 'baseURL', ollama: 'host' } as const

function fromString(text: string): unknown {
  const spec = text.trim()
  const colon = spec.indexOf(':')
  const type = colon === -1 ? spec : spec.slice(0, colon)
  const rest = colon === -1 ? undefined : spec.slice(colon + 1)
  if (type === 'local') {
    if (rest === undefined) return { type: 'local' }
    if (rest === '') fail(text, 'a model path after "local:"')
    return { type: 'local', modelPath: rest }
  }
  if (type === 'openai' || type === 'anthropic' || type === 'ollama') {
    if (rest === undefined || rest === '') fail(text, `a model name after "${type}:"`)
    // The model ends at the first '@' (model names have none; a URL may, in user info).
    const at = rest.indexOf('@')
    if (at === -1) return { type, model: rest }
    const model = rest.slice(0, at)
    const url = rest.slice(at + 1)
    if (model === '') fail(text, 'a model name before "@"')
    if (url === '') fail(text, type === 'ollama' ? 'a host URL after "@"' : 'a base URL after "@"')
    return { type, model, [URL_KEY[type]]: url }
  }
  // a function provider has no string form
  const known = PROVIDER_TYPES.filter((t) => t !== 'function').join(', ')
  return fail(text, `a known provider type (${known}) before ":", found "${type}"`)
}

function fail(input: string, what: string): never {
  throw new ProviderSpecError(`invalid provider spec ${describeProviderSpec(input)}: expected ${what}\n${PROVIDER_SPEC_FORMS}`)
}

/** The spec as it may appear in a message: URLs without credentials, objects by type/model/id/params only (headers may hold secrets). */
export function describeProviderSpec(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1'))
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `${JSON.stringify(input) ?? String(input)} (${Array.isArray(input) ? 'array' : typeof input})`
  const shown: Record<string, unknown> = {}
  for (const key of ['type', 'id', 'model', 'modelPath', 'module', 'export', 'params'] as const) {
    if (key in input) shown[key] = Reflect.get(input, key)
  }
  return `{ ${Object.entries(shown).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}${Object.keys(input).length > Object.keys(shown).length ? ', ...' : ''} }`
}
