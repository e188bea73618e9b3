/**
 * Adaptive concurrency (AIMD, as TCP does): a 429 halves a key's effective
 * concurrency (at least 1), each request that is not rate-limited adds
 * 1/effective to it (one slot back per round of successes), up to the
 * configured limit. Only one decrease per round: a 429 for a request granted
 * before the latest decrease is the same congestion, already answered.
 */
export interface Adaptive {
  /** The configured ceiling. */
  limit: number
  /** Fractional effective concurrency; `allowed()` is what is enforced. */
  value: number
  /** Bumped at each decrease; a lease remembers the generation it was granted in. */
  generation: number
  min: number
  decreases: number
}

export function createAdaptive(limit: number): Adaptive {
  return { limit, value: limit, generation: 0, min: limit, decreases: 0 }
}

/** Requests allowed in flight now. */
export function allowed(a: Adaptive): number {
  // the epsilon: 2 + 1/3 + 1/3 + 1/3 is 2.9999999999999996 in floating point
  return Math.max(1, Math.min(a.limit, Math.floor(a.value + 1e-9)))
}

/** A new configured limit: a lower one caps the value, a higher one is reached by additive increase (at once if not throttled). */
export function setLimit(a: Adaptive, limit: number): void {
  if (limit === a.limit) return
  const unthrottled = a.value >= a.limit
  a.limit = limit
  if (unthrottled || a.value > limit) a.value = limit
}

/** A 429 for a request granted in `generation`; true when it lowered the concurrency. */
export function rateLimited(a: Adaptive, generation: number): boolean {
  if (generation !== a.generation) return false
  a.value = Math.max(1, a.value / 2)
  a.generation++
  a.decreases++
  a.min = Math.min(a.min, allowed(a))
  return true
}

/** A request that was not rate-limited. */
export function succeeded(a: Adaptive): void {
  if (a.value < a.limit) a.value = Math.min(a.limit, a.value + 1 / allowed(a))
}
