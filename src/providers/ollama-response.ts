import type { FinishReason, Usage } from './types.ts'

/** The counts and durations (ns) of Ollama's final `done: true` object; any may be missing. */
export interface OllamaFinal {
  prompt_eval_count?: number | null | undefined
  eval_count?: number | null | undefined
  total_duration?: number | null | undefined
  load_duration?: number | null | undefined
  prompt_eval_duration?: number | null | undefined
  eval_duration?: number | null | undefined
  done_reason?: string | null | undefined
}

/** `prompt_eval_count` / `eval_count`, never invented (Ollama leaves out `prompt_eval_count` when the whole prompt was cached). */
export function toOllamaUsage(final: OllamaFinal | undefined): Usage {
  const inputTokens = count(final?.prompt_eval_count)
  const outputTokens = count(final?.eval_count)
  if (inputTokens === null && outputTokens === null) return { inputTokens: null, outputTokens: null, source: 'none' }
  return { inputTokens, outputTokens, source: 'provider' }
}

const DURATIONS = ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration'] as const

/**
 * Ollama's own durations, converted from ns to ms, as `total_duration_ms`,
 * `load_duration_ms`, `prompt_eval_duration_ms`, `eval_duration_ms` (those it
 * sent); `undefined` when it sent none.
 */
export function toOllamaServerTimings(final: OllamaFinal | undefined): Record<string, number> | undefined {
  const out: Record<string, number> = {}
  for (const key of DURATIONS) {
    const ns = final?.[key]
    if (typeof ns === 'number' && Number.isFinite(ns) && ns >= 0) out[`${key}_ms`] = ns / 1e6
  }
  return Object.keys(out).length > 0 ? out : undefined
}

export function toOllamaFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'stop' || reason === 'length') return reason
  return 'unknown'
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}
