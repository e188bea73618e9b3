import { z } from 'zod'
import { ModelParamsSchema } from '../dataset/schema.ts'
import { HeadersSchema, httpURLSchema } from './options-common.ts'
import { displayURL } from './openai-options.ts'

/** Where `ollama serve` listens by default. */
export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434'

/** Options of the Ollama provider (the native `/api/chat` and `/api/generate` endpoints, through the `ollama` package). */
export const OllamaProviderOptionsSchema = z.strictObject({
  /** Provider id; default `ollama:<model>` or `ollama:<model>@<host>`. */
  id: z.string().min(1).optional(),
  /** A pulled model, e.g. `llama3.2` or `qwen2.5:0.5b`. */
  model: z.string().min(1),
  /** Where Ollama listens; absent: http://127.0.0.1:11434. */
  host: httpURLSchema(OLLAMA_DEFAULT_HOST).optional(),
  /** `chat` → /api/chat (the model's chat template); `generate` → /api/generate (a prompt, with `system` apart). */
  api: z.enum(['chat', 'generate']).default('chat'),
  stream: z.boolean().default(true),
  /** Default model parameters; a request's own params win (`max_tokens` is sent as `num_predict`). */
  params: ModelParamsSchema.default({}),
  /** How long Ollama keeps the model loaded after a request (`keep_alive`: seconds, or a duration such as "10m"). */
  keepAlive: z.union([z.string().min(1), z.number()]).optional(),
  /**
   * Time allowed for a whole request, answer included, in ms: past it the request is aborted and
   * fails as a retryable `timeout`. The runner bounds every attempt by `timeoutMs` anyway; this is
   * for direct use of the provider.
   */
  timeoutMs: z.int().positive().optional(),
  /** Extra HTTP headers sent with every request (a proxy's auth, ...). */
  headers: HeadersSchema.optional(),
})

export type OllamaProviderOptions = z.input<typeof OllamaProviderOptionsSchema>
export type ResolvedOllamaProviderOptions = z.infer<typeof OllamaProviderOptionsSchema>

/** `ollama:<model>` on the default host, `ollama:<model>@<host>` otherwise. */
export function defaultOllamaId(model: string, host?: string | undefined): string {
  return host === undefined ? `ollama:${model}` : `ollama:${model}@${displayURL(host)}`
}
