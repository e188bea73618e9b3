import { isProviderError } from '../errors.ts'

/**
 * How one attempt of a call failed (a case record's `attemptErrors` entry):
 * its class and message as the provider gave them (already redacted), the
 * HTTP status when there was one, and how long the client waited before the
 * next attempt (absent when none followed).
 */
export interface FailedAttempt {
  /** 1-based. */
  attempt: number
  class: string
  message: string
  status?: number
  backoffMs?: number
}

/**
 * How many attempts a failed call made, carried on the error it ended with as
 * `error.attempts` (`callWithRetries` sets it when it gives up), so that the
 * case record counts them; and, as `error.failedAttempts`, why each of them failed.
 */
export type WithAttempts<E extends Error = Error> = E & { readonly attempts: number; readonly failedAttempts: readonly FailedAttempt[] }

/** The error, given `attempts` and `failedAttempts` properties (a thrown non-Error is wrapped in an Error first). */
export function withAttempts(error: unknown, attempts: number, failedAttempts: readonly FailedAttempt[] = []): WithAttempts {
  const carrier = error instanceof Error ? error : new Error(String(error))
  Object.defineProperty(carrier, 'attempts', { value: attempts, configurable: true, enumerable: false, writable: true })
  Object.defineProperty(carrier, 'failedAttempts', { value: failedAttempts, configurable: true, enumerable: false, writable: true })
  return carrier as WithAttempts
}

/** The attempt count an error carries, if it has one. */
export function attemptsOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('attempts' in error)) return undefined
  return typeof error.attempts === 'number' ? error.attempts : undefined
}

/** Why each attempt of a failed call failed, as the error carries it; empty when it carries nothing. */
export function failedAttemptsOf(error: unknown): readonly FailedAttempt[] {
  if (typeof error !== 'object' || error === null || !('failedAttempts' in error)) return []
  return Array.isArray(error.failedAttempts) ? (error.failedAttempts as FailedAttempt[]) : []
}

/**
 * One attempt's failure described: a `ProviderError`'s class, message and
 * status; an abort as `aborted`; anything else by its name (`error` for a
 * plain Error).
 */
export function failedAttempt(attempt: number, error: unknown, backoffMs?: number): FailedAttempt {
  const out: FailedAttempt = isProviderError(error)
    ? { attempt, class: error.errorClass, message: error.message, ...(error.status !== undefined ? { status: error.status } : {}) }
    : error instanceof Error
      ? { attempt, class: error.name === 'AbortError' ? 'aborted' : error.name === 'Error' ? 'error' : error.name, message: error.message }
      : { attempt, class: 'error', message: String(error) }
  if (backoffMs !== undefined) out.backoffMs = backoffMs
  return out
}
