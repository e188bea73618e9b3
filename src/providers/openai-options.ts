import { z } from 'zod'
import { ModelParamsSchema } from '../dataset/schema.ts'

/**
 * Options of the OpenAI provider (also every OpenAI-compatible server: vLLM,
 * llama.cpp's llama-server, LM Studio). The key itself is never an option: only
 * the name of the environment variable that holds it.
 */
export const OpenAIProviderOptionsSchema = z.strictObject({
  /** Provider id; default `openai:<model>` or `openai:<model>@<baseURL>`. */
  id: z.string().min(1).optional(),
  model: z.string().min(1),
  /** An OpenAI-compatible base URL, e.g. `http://127.0.0.1:8080/v1`. Absent: the real OpenAI API. */
  baseURL: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://127.0.0.1:8080/v1' }).optional(),
  /** Name of the environment variable holding the API key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable (e.g. OPENAI_API_KEY), not a key')
    .default('OPENAI_API_KEY'),
  /** `chat` → /chat/completions (instruct models); `completions` → /completions (base models). */
  api: z.enum(['chat', 'completions']).default('chat'),
  stream: z.boolean().default(true),
  /** Default model parameters; a request's own params win. */
  params: ModelParamsSchema.default({}),
  /** Time allowed until the response headers arrive (the SDK's `timeout`), in ms. */
  timeoutMs: z.int().positive().optional(),
  /** Extra HTTP headers sent with every request. */
  headers: z.record(z.string(), z.string()).optional(),
})

/** What a caller passes (defaults may be left out). */
export type OpenAIProviderOptions = z.input<typeof OpenAIProviderOptionsSchema>
/** After parsing: every default filled in. */
export type ResolvedOpenAIProviderOptions = z.infer<typeof OpenAIProviderOptionsSchema>

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
  if (baseURL === undefined) return true
  try {
    return new URL(baseURL).hostname === 'api.openai.com'
  } catch {
    return false
  }
}
