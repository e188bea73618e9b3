import type { FinishReason, Usage } from './types.ts'

/** The `usage` block as sent by OpenAI-compatible servers (any field may be missing on a lax server). */
export interface WireUsage {
  prompt_tokens?: number | null | undefined
  completion_tokens?: number | null | undefined
}

/** The server's counts, never invented: no usage → nulls with source `none`. */
export function toUsage(usage: WireUsage | null | undefined): Usage {
  const inputTokens = count(usage?.prompt_tokens)
  const outputTokens = count(usage?.completion_tokens)
  if (inputTokens === null && outputTokens === null) return { inputTokens: null, outputTokens: null, source: 'none' }
  return { inputTokens, outputTokens, source: 'provider' }
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}

export function toFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return reason
    case 'function_call':
      return 'tool_calls'
    default:
      return 'unknown'
  }
}

/**
 * llama.cpp's non-standard `timings` block (prompt_ms, predicted_ms, prompt_n,
 * predicted_n, cache_n, ...), numbers only; `undefined` when absent. It comes in
 * a JSON body or in the last streamed chunk.
 */
export function readServerTimings(body: unknown): Record<string, number> | undefined {
  if (typeof body !== 'object' || body === null || !('timings' in body)) return undefined
  const timings: unknown = body.timings
  if (typeof timings !== 'object' || timings === null) return undefined
  const out: Record<string, number> = {}
  for (const [key, value] of Object.entries(timings)) {
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value
  }
  return Object.keys(out).length > 0 ? out : undefined
}
