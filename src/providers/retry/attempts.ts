/**
 * How many attempts a failed call made, carried on the error it ended with as
 * `error.attempts` (`callWithRetries` sets it when it gives up), so that the
 * case record counts them.
 */
export type WithAttempts<E extends Error = Error> = E & { readonly attempts: number }

/** The error, given an `attempts` property (a thrown non-Error is wrapped in an Error first). */
export function withAttempts(error: unknown, attempts: number): WithAttempts {
  const carrier = error instanceof Error ? error : new Error(String(error))
  Object.defineProperty(carrier, 'attempts', { value: attempts, configurable: true, enumerable: false, writable: true })
  return carrier as WithAttempts
}

/** The attempt count an error carries, if it has one. */
export function attemptsOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('attempts' in error)) return undefined
  return typeof error.attempts === 'number' ? error.attempts : undefined
}
