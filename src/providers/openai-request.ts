import type { ChatMessage, ModelParams, ProviderRequest } from './types.ts'

/** The sampling fields both OpenAI endpoints accept, in their wire names. */
export interface WireParams {
  temperature?: number
  max_tokens?: number
  top_p?: number
  stop?: string[]
  seed?: number
}

/** Provider defaults, overridden field by field by the request's own params (undefined never overrides). */
export function mergeParams(defaults: ModelParams, overrides: ModelParams): WireParams {
  const out: WireParams = {}
  for (const source of [defaults, overrides]) {
    if (source.temperature !== undefined) out.temperature = source.temperature
    if (source.max_tokens !== undefined) out.max_tokens = source.max_tokens
    if (source.top_p !== undefined) out.top_p = source.top_p
    if (source.stop !== undefined) out.stop = source.stop
    if (source.seed !== undefined) out.seed = source.seed
  }
  return out
}

/**
 * Messages for the chat endpoint: the request's `system` (if any) as a system
 * message, its messages, then its `prompt` (if any) as a final user message.
 * `undefined` when the request has neither messages nor a prompt.
 */
export function toChatMessages(request: ProviderRequest): ChatMessage[] | undefined {
  if (request.messages === undefined && request.prompt === undefined) return undefined
  const messages: ChatMessage[] = []
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system })
  messages.push(...(request.messages ?? []))
  if (request.prompt !== undefined) messages.push({ role: 'user', content: request.prompt })
  return messages.length > 0 ? messages : undefined
}

/**
 * A prompt for the plain completions endpoint (base models, no chat template).
 * Flattened: the `system` text, every message's content (system, user,
 * assistant, in order) and the `prompt`, separated by blank lines, with no role
 * labels. `undefined` when the request has neither messages nor a prompt.
 */
export function toCompletionPrompt(request: ProviderRequest): string | undefined {
  if (request.messages === undefined && request.prompt === undefined) return undefined
  const parts: string[] = []
  if (request.system !== undefined) parts.push(request.system)
  parts.push(...(request.messages ?? []).map((m) => m.content))
  if (request.prompt !== undefined) parts.push(request.prompt)
  return parts.length > 0 ? parts.join('\n\n') : undefined
}
