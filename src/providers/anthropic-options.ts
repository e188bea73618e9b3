import { z } from 'zod'
import { ModelParamsSchema } from '../dataset/schema.ts'
import { HeadersSchema, apiKeyEnvSchema, httpURLSchema, isHost } from './options-common.ts'
import { displayURL } from './openai-options.ts'

/** Anthropic requires `max_tokens`; used when neither the provider nor the request sets one. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024

export const ANTHROPIC_API_URL = 'https://api.anthropic.com'

/**
 * Options of the Anthropic provider (the Messages API, through the official
 * SDK). The key itself is never an option: only the name of the environment
 * variable that holds it.
 */
export const AnthropicProviderOptionsSchema = z.strictObject({
  /** Provider id; default `anthropic:<model>` or `anthropic:<model>@<baseURL>`. */
  id: z.string().min(1).optional(),
  model: z.string().min(1),
  /** Where the Messages API is (the SDK appends `/v1/messages`), e.g. a proxy or a test server. Absent: the real API. */
  baseURL: httpURLSchema('http://127.0.0.1:8080').optional(),
  /** Name of the environment variable holding the API key (sent as `x-api-key`). */
  apiKeyEnv: apiKeyEnvSchema('ANTHROPIC_API_KEY'),
  stream: z.boolean().default(true),
  /** Default model parameters; a request's own params win. `max_tokens` defaults to 1024. `seed` is not supported by Anthropic and is ignored. */
  params: ModelParamsSchema.default({}),
  /** Time allowed until the response headers arrive (the SDK's `timeout`), in ms. */
  timeoutMs: z.int().positive().optional(),
  /** Extra HTTP headers sent with every request. */
  headers: HeadersSchema.optional(),
})

export type AnthropicProviderOptions = z.input<typeof AnthropicProviderOptionsSchema>
export type ResolvedAnthropicProviderOptions = z.infer<typeof AnthropicProviderOptionsSchema>

/** `anthropic:<model>` for the real API, `anthropic:<model>@<baseURL>` otherwise. */
export function defaultAnthropicId(model: string, baseURL?: string | undefined): string {
  return baseURL === undefined ? `anthropic:${model}` : `anthropic:${model}@${displayURL(baseURL)}`
}

/** True when requests go to Anthropic itself (no base URL, or api.anthropic.com). */
export function isOfficialAnthropic(baseURL: string | undefined): boolean {
  return isHost(baseURL, 'api.anthropic.com')
}
