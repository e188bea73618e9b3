import type { RetryPolicy } from '../providers/spec.ts'

/** Extra time Vitest allows beyond the longest a case can legitimately take. */
export const VITEST_TIMEOUT_MARGIN_MS = 5_000

export interface TestTimeoutInput {
  /** The run deadline, if any. */
  runDeadlineMs: number | undefined
  /** Each attempt's own timeout. */
  timeoutMs: number
  retry: RetryPolicy
  /** Calls one test makes (bench mode: warm-up and samples). */
  calls: number
}

/**
 * Vitest's timeout for one dataset test. Ours are what end a case: each
 * attempt's `timeoutMs`, the backoff's `maxDelayMs` and, when set, the run
 * deadline. A test also waits in the queue for a provider slot, which no
 * per-case number bounds, so Vitest must never cut that wait short:
 * without a run deadline its timeout is off (0; the queue always drains, as
 * every request ahead is bounded by its own timeout); with one it is a
 * backstop after the deadline, the longest a call started then may take
 * (every attempt timing out, every backoff at its cap, an evaluation as long
 * as an attempt) and a margin.
 */
export function vitestTestTimeout(input: TestTimeoutInput): number {
  if (input.runDeadlineMs === undefined) return 0
  const attempts = Math.max(1, input.retry.attempts)
  const oneCall = attempts * input.timeoutMs + (attempts - 1) * input.retry.maxDelayMs + input.timeoutMs
  return input.runDeadlineMs + input.calls * oneCall + VITEST_TIMEOUT_MARGIN_MS
}
