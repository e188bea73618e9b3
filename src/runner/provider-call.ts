import { isProviderError } from '../providers/errors.ts'
import type { AcquireRequest, LeaseOutcome, Limiter } from '../providers/limits/types.ts'
import type { FailedAttempt } from '../providers/retry/attempts.ts'
import { callWithRetries } from '../providers/retry/call-with-retries.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ModelParams, Provider, ProviderRequest, ProviderResponse, Usage } from '../providers/types.ts'

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
  signal: AbortSignal
}

/**
 * Calls the provider with retries. Each attempt takes a lease of the provider's
 * run-wide limits (its wait is queue time), calls, and releases with the outcome
 * (real tokens; whether it was a 429); the backoff between attempts is spent
 * outside any slot. The response's `queueMs` sums the waits of every attempt.
 */
export async function callProvider(limiter: Limiter, provider: Provider, spec: ProviderSpec, input: CallInput): Promise<ProviderCall> {
  const limits: AcquireRequest = { concurrency: spec.concurrency, rpm: spec.rpm, tpm: spec.tpm, tokens: estimateTokens(input.prompt, input.request.params) }
  const inputEstimate = Math.ceil(input.prompt.length / 4)
  let earlierQueueMs = 0
  const attempt = async (): Promise<ProviderResponse> => {
    const queuedAt = performance.now()
    const lease = await limiter.acquire(spec.id, limits, input.signal)
    const waitedMs = performance.now() - queuedAt
    let response: ProviderResponse
    try {
      response = await provider.complete({ ...input.request, signal: input.signal, queuedAt })
    } catch (error) {
      lease.release(failedOutcome(error))
      earlierQueueMs += waitedMs
      throw error
    }
    lease.release({ tokens: usedTokens(response.usage, inputEstimate) })
    return response
  }
  const { value, attempts, failedAttempts } = await callWithRetries(attempt, { policy: spec.retry, signal: input.signal })
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
