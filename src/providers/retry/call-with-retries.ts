import { isProviderError, type ProviderError } from '../errors.ts'
import type { RetryPolicy } from '../spec.ts'
import { failedAttempt, withAttempts, type FailedAttempt } from './attempts.ts'
import { retryDelay, type Random } from './backoff.ts'
import { abortableSleep } from './sleep.ts'

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number
  error: ProviderError
  /** How long we wait before the next attempt. */
  delayMs: number
}

export interface RetryOptions {
  policy: RetryPolicy
  /** Aborts a backoff wait at once (and is checked before every attempt). */
  signal?: AbortSignal | undefined
  /** Called before each backoff wait. */
  onRetry?: ((info: RetryInfo) => void) | undefined
  /** For tests: the jitter's random source. */
  random?: Random | undefined
}

export interface RetryResult<T> {
  value: T
  /** Attempts made, the successful one included. */
  attempts: number
  /** Why each attempt before the successful one failed, in order (empty when the first succeeded). */
  failedAttempts: FailedAttempt[]
}

/**
 * Calls `call(attempt)` until it succeeds, at most `policy.attempts` times.
 * Only a `ProviderError` marked `retryable` (429, 5xx, timeouts, connection
 * resets, cut streams, malformed or empty responses) is retried, after an
 * exponential backoff with full jitter or the server's Retry-After (capped by
 * `maxDelayMs`); anything else (400, 401, 403, 404, an abort, a bug) is thrown
 * at once. The error it finally throws carries `attempts` (see `attemptsOf`)
 * and why each attempt failed (`failedAttemptsOf`): every retry is explained.
 */
export async function callWithRetries<T>(call: (attempt: number) => Promise<T>, options: RetryOptions): Promise<RetryResult<T>> {
  const { policy, signal } = options
  const maxAttempts = Math.max(1, policy.attempts)
  const failed: FailedAttempt[] = []
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await call(attempt), attempts: attempt, failedAttempts: failed }
    } catch (error) {
      if (attempt >= maxAttempts || signal?.aborted === true || !isProviderError(error) || !error.retryable) {
        failed.push(failedAttempt(attempt, error))
        throw withAttempts(error, attempt, failed)
      }
      const delayMs = retryDelay(attempt, error.retryAfterMs, policy, options.random)
      failed.push(failedAttempt(attempt, error, delayMs))
      options.onRetry?.({ attempt, error, delayMs })
      try {
        await abortableSleep(delayMs, signal)
      } catch (abort) {
        throw withAttempts(abort, attempt, failed)
      }
    }
  }
}
