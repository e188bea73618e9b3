import type { Message, Options } from 'ollama'
import { mergeParams } from './openai-request.ts'
import type { ModelParams, ProviderRequest } from './types.ts'

/**
 * Messages for /api/chat: the request's `system` (if any) as a system message,
 * its messages, then its `prompt` (if any) as a final user message.
 * `undefined` when there is nothing to send.
 */
export function toOllamaMessages(request: ProviderRequest): Message[] | undefined {
  const messages: Message[] = []
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system })
  for (const m of request.messages ?? []) messages.push({ role: m.role, content: m.content })
  if (request.prompt !== undefined) messages.push({ role: 'user', content: request.prompt })
  return messages.some((m) => m.role !== 'system') ? messages : undefined
}

/**
 * A prompt and system text for /api/generate: the system text is the request's
 * `system` and every system message (joined by blank lines); the prompt is the
 * other messages' contents and the request's `prompt`, joined by blank lines
 * (no role labels: Ollama applies the model's template). `undefined` when there
 * is no prompt text.
 */
export function toOllamaGenerate(request: ProviderRequest): { prompt: string; system: string | undefined } | undefined {
  const system: string[] = request.system === undefined ? [] : [request.system]
  const parts: string[] = []
  for (const m of request.messages ?? []) (m.role === 'system' ? system : parts).push(m.content)
  if (request.prompt !== undefined) parts.push(request.prompt)
  if (parts.length === 0) return undefined
  return { prompt: parts.join('\n\n'), system: system.length > 0 ? system.join('\n\n') : undefined }
}

/** Ollama's `options` for the merged params: `max_tokens` → `num_predict`, the others by their own names. */
export function toOllamaOptions(defaults: ModelParams, overrides: ModelParams): Partial<Options> {
  const params = mergeParams(defaults, overrides)
  const options: Partial<Options> = {}
  if (params.temperature !== undefined) options.temperature = params.temperature
  if (params.max_tokens !== undefined) options.num_predict = params.max_tokens
  if (params.top_p !== undefined) options.top_p = params.top_p
  if (params.stop !== undefined) options.stop = params.stop
  if (params.seed !== undefined) options.seed = params.seed
  return options
}
