import { z } from 'zod'
import { ModelParamsSchema } from '../dataset/schema.ts'
import { HeadersSchema, apiKeyEnvSchema, httpURLSchema, isHost } from './options-common.ts'

/**
 * Options of the OpenAI provider (also every OpenAI-compatible server: vLLM,
 * llama.cpp's llama-server, LM Studio). The key itself is never an option: only
 * the name of the environment variable that holds it.
 */
export const OpenAIProviderOptionsSchema = z.strictObject({
  /** Provider id; default `openai:<model>` or `openai:<model>@<baseURL>`. */
  id: z.string().min(1).optional(),
  model: z.string().min(1),
  /**
   * An OpenAI-compatible base URL, e.g. `http://127.0.0.1:8080/v1`. Absent: the
   * real OpenAI API. It may also be a full endpoint URL (`.../v1/chat/completions`
   * or `.../v1/completions`): that path then picks `api` when `api` is left out,
   * and is stripped for the client.
   */
  baseURL: httpURLSchema('http://127.0.0.1:8080/v1').optional(),
  /** Name of the environment variable holding the API key. */
  apiKeyEnv: apiKeyEnvSchema('OPENAI_API_KEY'),
  /**
   * `chat` → /chat/completions (instruct models); `completions` → /completions
   * (base models). Left out: from the baseURL's endpoint path, else `chat`.
   */
  api: z.enum(['chat', 'completions']).optional(),
  stream: z.boolean().default(true),
  /** Default model parameters; a request's own params win. */
  params: ModelParamsSchema.default({}),
  /** Time allowed until the response headers arrive (the SDK's `timeout`), in ms. */
  timeoutMs: z.int().positive().optional(),
  /** Extra HTTP headers sent with every request. */
  headers: HeadersSchema.optional(),
})

/** What a caller passes (defaults may be left out). */
export type OpenAIProviderOptions = z.input<typeof OpenAIProviderOptionsSchema>
/** After parsing: every default filled in. */
export type ResolvedOpenAIProviderOptions = z.infer<typeof OpenAIProviderOptionsSchema>
export type OpenAIApi = 'chat' | 'completions'

/** A URL as it may appear in ids and messages: no user/password, query or fragment, no trailing slash. */
export function displayURL(url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    u.search = ''
    u.hash = ''
    return u.toString().replace(/\/+$/, '')
  } catch {
    return '<invalid URL>'
  }
}

/** `openai:<model>` for the real API, `openai:<model>@<baseURL>` for a compatible server. */
export function defaultOpenAIId(model: string, baseURL?: string | undefined): string {
  return baseURL === undefined ? `openai:${model}` : `openai:${model}@${displayURL(baseURL)}`
}

/** True when requests go to OpenAI itself (no base URL, or api.openai.com). */
export function isOfficialOpenAI(baseURL: string | undefined): boolean {
  return isHost(baseURL, 'api.openai.com')
}

const ENDPOINTS: readonly { suffix: string; api: OpenAIApi }[] = [
  // longest first: `/chat/completions` also ends in `/completions`
  { suffix: '/chat/completions', api: 'chat' },
  { suffix: '/completions', api: 'completions' },
]

/**
 * Which endpoint to call, and the base URL for the SDK. A base URL ending in
 * `/chat/completions` means chat, one ending in `/completions` means completions
 * (that path is stripped: the SDK appends it); anything else means chat. An
 * explicit `api` always wins (the endpoint path is still stripped).
 */
export function resolveOpenAIEndpoint(
  baseURL: string | undefined,
  api?: OpenAIApi | undefined,
): { api: OpenAIApi; baseURL: string | undefined } {
  if (baseURL === undefined) return { api: api ?? 'chat', baseURL }
  let url: URL
  try {
    url = new URL(baseURL)
  } catch {
    return { api: api ?? 'chat', baseURL }
  }
  const path = url.pathname.replace(/\/+$/, '')
  const found = ENDPOINTS.find((e) => path.endsWith(e.suffix))
  if (found === undefined) return { api: api ?? 'chat', baseURL }
  url.pathname = path.slice(0, -found.suffix.length) || '/'
  return { api: api ?? found.api, baseURL: url.toString().replace(/\/+$/, '') }
}
