import type { FinishReason, Usage } from './types.ts'

/** Anthropic's usage fields, as `message_start`, `message_delta` and a whole message carry them (any may be missing or null). */
export interface AnthropicWireUsage {
  input_tokens?: number | null | undefined
  output_tokens?: number | null | undefined
  cache_creation_input_tokens?: number | null | undefined
  cache_read_input_tokens?: number | null | undefined
}

/**
 * Our usage from Anthropic's: `inputTokens` counts every input token (Anthropic's
 * `input_tokens` excludes the cached part, so cache reads and writes are added),
 * `cacheReadTokens` / `cacheWriteTokens` the cached parts. No counts at all →
 * nulls with source `none`, never invented.
 */
export function toAnthropicUsage(usage: AnthropicWireUsage | undefined): Usage {
  const uncached = count(usage?.input_tokens)
  const cacheRead = count(usage?.cache_read_input_tokens)
  const cacheWrite = count(usage?.cache_creation_input_tokens)
  const outputTokens = count(usage?.output_tokens)
  const inputTokens = uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0)
  if (inputTokens === null && outputTokens === null) return { inputTokens: null, outputTokens: null, source: 'none' }
  return { inputTokens, outputTokens, cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, source: 'provider' }
}

/** Later counts win field by field (`message_delta` carries cumulative counts; null or missing never erases one). */
export function mergeAnthropicUsage(base: AnthropicWireUsage | undefined, update: AnthropicWireUsage | null | undefined): AnthropicWireUsage | undefined {
  if (update === undefined || update === null) return base
  const out: AnthropicWireUsage = { ...base }
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key]
    if (typeof value === 'number') out[key] = value
  }
  return out
}

export function toAnthropicFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case 'tool_use':
      return 'tool_calls'
    case 'refusal':
      return 'content_filter'
    default:
      return 'unknown'
  }
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}
