import type { RetryPolicy } from '../spec.ts'

/** A random number in [0, 1), as `Math.random` gives (replaceable in tests). */
export type Random = () => number

/**
 * Exponential backoff with full jitter before retry `n` (1 for the first
 * retry): a random delay in [0, min(maxDelayMs, baseDelayMs · 2^(n−1))).
 */
export function backoffDelay(n: number, policy: RetryPolicy, random: Random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1))
  return Math.floor(random() * ceiling)
}

/**
 * The wait before retry `n`. A server's Retry-After wins over the backoff: we
 * wait that long plus a little jitter (up to `baseDelayMs`, so that every case
 * told "1 s" at the same moment does not come back at the same moment), never
 * more than `maxDelayMs`.
 */
export function retryDelay(n: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: Random = Math.random): number {
  if (retryAfterMs === undefined) return backoffDelay(n, policy, random)
  const jitter = Math.floor(random() * Math.min(policy.baseDelayMs, policy.maxDelayMs))
  return Math.min(policy.maxDelayMs, Math.ceil(retryAfterMs) + jitter)
}
