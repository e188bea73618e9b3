import { isProviderError, redactSecrets } from '../providers/errors.ts'
import { isRunDeadlineError } from './run-deadline.ts'

export interface ClassifiedError {
  status: 'error' | 'timeout' | 'skipped'
  class: string
  message: string
  /** Where a function provider (the user's own code) threw: its error's stack, redacted. */
  stack?: string | undefined
}

/**
 * Turns whatever a case threw into its record's status and error class.
 * `timedOut` tells a timeout apart from a cancelled run. A case the run
 * deadline stopped before it sent anything is `skipped` (`run_deadline`).
 */
export function classifyError(error: unknown, timedOut: boolean, timeoutMs: number): ClassifiedError {
  if (timedOut) return { status: 'timeout', class: 'timeout', message: `the case did not finish within ${timeoutMs} ms` }
  if (isRunDeadlineError(error)) return { status: 'skipped', class: 'run_deadline', message: error.message }
  if (isProviderError(error)) {
    const stack = error.errorClass === 'function_error' && error.cause instanceof Error && error.cause.stack ? redactSecrets(error.cause.stack) : undefined
    return { status: error.errorClass === 'timeout' ? 'timeout' : 'error', class: error.errorClass, message: error.message, ...(stack ? { stack } : {}) }
  }
  if (error instanceof Error) {
    const cls = error.name === 'AbortError' ? 'aborted' : error.name === 'Error' ? 'error' : error.name
    return { status: 'error', class: cls, message: error.message }
  }
  return { status: 'error', class: 'error', message: String(error) }
}
