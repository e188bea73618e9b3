/**
 * Per-request timings, vLLM's definitions (docs in `metrics.md` of the design):
 * t0 is when the request is sent, after any wait for a concurrency slot
 * (reported apart as `queueMs`).
 */
export interface Timings {
  /** Time waiting for a concurrency/rate-limit slot before t0. */
  queueMs: number
  /** t0 → first streamed chunk carrying a choice/delta (even an empty one). Null when not streamed. */
  ttftMs: number | null
  /** t0 → end of the response (last chunk of a stream). */
  e2eMs: number
  /** (E2E − TTFT) / (outputTokens − 1); null unless streamed with more than one output token. */
  tpotMs: number | null
  /** Gaps between successive content chunks, in ms. Empty when not streamed. */
  itlMs: number[]
  /** Whether the response was streamed. */
  streamed: boolean
}

/**
 * Measures one request: call `start()` when the request is sent, `chunk()` for
 * every streamed chunk that carries a choice/delta, `end()` at end of stream.
 */
export class RequestTimer {
  readonly #queuedAt: number
  #t0 = 0
  #first: number | null = null
  #last: number | null = null
  #gaps: number[] = []
  #end = 0

  constructor(queuedAt?: number) {
    this.#queuedAt = queuedAt ?? performance.now()
  }

  start(): void {
    this.#t0 = performance.now()
  }

  /** A streamed chunk with a choice/delta arrived. */
  chunk(): void {
    const now = performance.now()
    if (this.#first === null) this.#first = now
    else if (this.#last !== null) this.#gaps.push(now - this.#last)
    this.#last = now
  }

  end(): void {
    this.#end = performance.now()
  }

  finish(outputTokens: number | null, streamed: boolean): Timings {
    if (this.#end === 0) this.end()
    const e2eMs = this.#end - this.#t0
    const ttftMs = streamed && this.#first !== null ? this.#first - this.#t0 : null
    return {
      queueMs: Math.max(0, this.#t0 - this.#queuedAt),
      ttftMs,
      e2eMs,
      tpotMs: tpot(e2eMs, ttftMs, outputTokens),
      itlMs: streamed ? this.#gaps : [],
      streamed,
    }
  }
}

export function tpot(e2eMs: number, ttftMs: number | null, outputTokens: number | null): number | null {
  if (ttftMs === null || outputTokens === null || outputTokens <= 1) return null
  return (e2eMs - ttftMs) / (outputTokens - 1)
}
