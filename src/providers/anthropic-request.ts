import type Anthropic from '@anthropic-ai/sdk'
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic-options.ts'
import { mergeParams } from './openai-request.ts'
import type { ModelParams, ProviderRequest } from './types.ts'

/**
 * The body fields of a Messages API call, `stream` aside. `temperature` and
 * `top_p` are no longer in the SDK's types (deprecated by the API for newer
 * models); they are sent as given when a dataset or provider sets them.
 */
export type AnthropicBody = Omit<Anthropic.MessageCreateParamsNonStreaming, 'stream'> & {
  temperature?: number
  top_p?: number
}

/**
 * A Messages API body for a request: the system prompt (the request's `system`
 * and any leading system messages, joined by blank lines) apart, then the
 * messages, then the request's `prompt` as a final user message. Later system
 * messages stay in place as `system` messages. `max_tokens` (required by
 * Anthropic) defaults to 1024; `stop` becomes `stop_sequences`; `seed` has no
 * Anthropic equivalent and is dropped. `undefined` when there is nothing to send.
 */
export function toAnthropicBody(model: string, request: ProviderRequest, defaults: ModelParams): AnthropicBody | undefined {
  const system: string[] = request.system === undefined ? [] : [request.system]
  const messages: Anthropic.MessageParam[] = []
  for (const message of request.messages ?? []) {
    if (message.role === 'system' && messages.length === 0) system.push(message.content)
    else messages.push({ role: message.role, content: message.content })
  }
  if (request.prompt !== undefined) messages.push({ role: 'user', content: request.prompt })
  if (messages.length === 0) return undefined
  const params = mergeParams(defaults, request.params)
  const body: AnthropicBody = { model, messages, max_tokens: params.max_tokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS }
  if (system.length > 0) body.system = system.join('\n\n')
  if (params.temperature !== undefined) body.temperature = params.temperature
  if (params.top_p !== undefined) body.top_p = params.top_p
  if (params.stop !== undefined) body.stop_sequences = params.stop
  return body
}
