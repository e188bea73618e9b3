import { timedRequestEnded, timedRequestStarted } from '../metrics/client-health/monitor.ts'
import { isProviderError } from '../providers/errors.ts'
import type { AcquireRequest, LeaseOutcome, Limiter } from '../providers/limits/types.ts'
import { failedAttemptsOf, withAttempts, type FailedAttempt } from '../providers/retry/attempts.ts'
import { callWithRetries } from '../providers/retry/call-with-retries.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ModelParams, Provider, ProviderRequest, ProviderResponse, Usage } from '../providers/types.ts'
import { requestWithTimeout } from './request-timeout.ts'
import { isRunDeadlineError } from './run-deadline.ts'

/** Output tokens assumed for the rate limit when a request sets no `max_tokens` (corrected at release). */
export const DEFAULT_OUTPUT_ESTIMATE = 256

export interface ProviderCall {
  response: ProviderResponse
  attempts: number
  /** Why each attempt before the successful one failed (empty when the first succeeded). */
  failedAttempts: FailedAttempt[]
}

/** What one case sends: the request, and its prompt as text (for the token estimate). */
export interface CallInput {
  request: Omit<ProviderRequest, 'signal' | 'queuedAt'>
  prompt: string
  /** The test's own signal (a cancelled run): ends everything at once. */
  signal: AbortSignal
  /** Each attempt's own time, from the moment it holds a slot; queue waits and backoffs do not count. Absent: none. */
  timeoutMs?: number | undefined
  /** The run deadline: ends waits (for a slot, before a retry), never a request in flight. */
  deadline?: AbortSignal | undefined
}

/**
 * Calls the provider with retries. Each attempt takes a lease of the provider's
 * run-wide limits (its wait is queue time), calls, and releases with the outcome
 * (real tokens; whether it was a 429); the backoff between attempts is spent
 * outside any slot. The response's `queueMs` sums the waits of every attempt.
 * Each attempt gets `timeoutMs` of its own (a timed-out attempt is a retryable
 * `timeout`). When the run deadline passes no request is sent any more: a call
 * that sent none ends with a `RunDeadlineError`, one that did with its last
 * attempt's error.
 */
export async function callProvider(limiter: Limiter, provider: Provider, spec: ProviderSpec, input: CallInput): Promise<ProviderCall> {
  const limits: AcquireRequest = { concurrency: spec.concurrency, rpm: spec.rpm, tpm: spec.tpm, tokens: estimateTokens(input.prompt, input.request.params) }
  const inputEstimate = Math.ceil(input.prompt.length / 4)
  let earlierQueueMs = 0
  // waits end at the run deadline too; a request in flight only at its own timeout (or a cancelled run)
  const waitSignal = input.deadline ? AbortSignal.any([input.signal, input.deadline]) : input.signal
  let sent = 0
  let lastError: unknown
  const attempt = async (): Promise<ProviderResponse> => {
    const queuedAt = performance.now()
    const lease = await limiter.acquire(spec.id, limits, waitSignal)
    const waitedMs = performance.now() - queuedAt
    sent++
    let response: ProviderResponse
    // the client's own health (event-loop delay, CPU) is measured while timed requests are in flight
    timedRequestStarted()
    try {
      response = await requestWithTimeout(provider, { ...input.request, queuedAt }, input.signal, input.timeoutMs)
    } catch (error) {
      lease.release(failedOutcome(error))
      earlierQueueMs += waitedMs
      lastError = error
      throw error
    } finally {
      timedRequestEnded()
    }
    lease.release({ tokens: usedTokens(response.usage, inputEstimate) })
    return response
  }
  const { value, attempts, failedAttempts } = await callWithRetries(attempt, { policy: spec.retry, signal: waitSignal }).catch((error: unknown) => {
    // the deadline stopped a wait: the case's outcome is its last attempt's, or "never sent"
    if (!isRunDeadlineError(error)) throw error
    const sentAttempts = failedAttemptsOf(error).filter((a) => a.attempt <= sent)
    throw lastError === undefined ? withAttempts(error, 0) : withAttempts(lastError, sent, sentAttempts)
  })
  // a new object: the provider's own (a cached one, say) stays as it was
  const response = earlierQueueMs > 0 ? { ...value, timings: { ...value.timings, queueMs: value.timings.queueMs + earlierQueueMs } } : value
  return { response, attempts, failedAttempts }
}

/** Tokens a request may use, for a tokens-per-minute limit: its prompt at ~4 characters a token, plus its output allowance. */
export function estimateTokens(prompt: string, params: ModelParams): number {
  return Math.ceil(prompt.length / 4) + (params.max_tokens ?? DEFAULT_OUTPUT_ESTIMATE)
}

/** Tokens a response really used (input + output); undefined when the provider reported none. */
export function usedTokens(usage: Usage, inputEstimate: number): number | undefined {
  if (usage.inputTokens === null && usage.outputTokens === null) return undefined
  return (usage.inputTokens ?? inputEstimate) + (usage.outputTokens ?? 0)
}

/**
 * A 429 lowers the key's concurrency; a request the server refused (a 4xx) used
 * no tokens; otherwise the estimate stands. An abort or a bug says nothing
 * about the provider: no outcome.
 */
function failedOutcome(error: unknown): LeaseOutcome | undefined {
  if (!isProviderError(error) || error.errorClass === 'aborted') return undefined
  const refused = error.status !== undefined && error.status < 500
  return { rateLimited: error.errorClass === 'rate_limit', tokens: refused ? 0 : undefined }
}
