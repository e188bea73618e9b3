/** What a caller asks of a provider key's run-wide limits for one request. */
export interface AcquireRequest {
  /** Requests in flight at once (the configured ceiling; a 429 lowers the effective one for a while). */
  concurrency: number
  /** Requests per rate window (a minute, unless configured otherwise). */
  rpm?: number | undefined
  /** Tokens (input + output) per rate window. */
  tpm?: number | undefined
  /** The request's estimated tokens, counted against `tpm` until the real usage is known. */
  tokens: number
}

/** How a request went, told at release. */
export interface LeaseOutcome {
  /** Tokens it really used (input + output); absent: the estimate stands. */
  tokens?: number | undefined
  /** The provider answered 429: the key's effective concurrency goes down. */
  rateLimited?: boolean | undefined
}

/**
 * A granted slot; released exactly once (later calls do nothing). With an
 * outcome, a request that was not rate-limited counts as a success (it raises
 * a lowered concurrency back); without one (a cancelled call), it counts as
 * neither.
 */
export interface Lease {
  release(outcome?: LeaseOutcome): void
}

/** Takes a slot of a provider key's run-wide limits. */
export interface Limiter {
  acquire(key: string, request: AcquireRequest, signal?: AbortSignal): Promise<Lease>
}

/** A key's state, for tests and progress. */
export interface KeyStats {
  /** The configured concurrency (the latest asked for). */
  limit: number
  /** The concurrency in force now (adaptive: ≤ limit, ≥ 1). */
  effective: number
  /** The lowest effective concurrency so far. */
  minEffective: number
  active: number
  waiting: number
  /** Requests and tokens counted in the current rate window. */
  windowRequests: number
  windowTokens: number
  granted: number
  rateLimited: number
  /** Times a 429 lowered the effective concurrency. */
  decreases: number
}
