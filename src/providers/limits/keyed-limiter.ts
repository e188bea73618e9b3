import { allowed, createAdaptive, rateLimited, setLimit, succeeded, type Adaptive } from './adaptive.ts'
import { RateWindow, type WindowEntry } from './rate-window.ts'
import type { AcquireRequest, KeyStats, Lease, LeaseOutcome } from './types.ts'
import { RATE_WINDOW_MS } from './window-config.ts'

interface Waiter {
  tokens: number
  grant: (lease: Lease) => void
}

interface KeyState {
  adaptive: Adaptive
  rpm: number | undefined
  tpm: number | undefined
  active: number
  queue: Waiter[]
  window: RateWindow
  /** A wake-up for when the head of the queue may fit the rate window again. */
  timer: NodeJS.Timeout | undefined
  granted: number
  rateLimited: number
}

export interface KeyedLimiterOptions {
  /** The window of `rpm` and `tpm`; a minute by default (tests use less). */
  windowMs?: number | undefined
}

/**
 * The limits of every provider key in one process: a fair (FIFO) queue per key
 * that admits its head when a slot of the key's effective concurrency is free
 * AND the request fits the key's requests- and tokens-per-window. The limits of
 * a key are the latest asked for it, so a configuration change takes effect on
 * the next acquire. A head that does not fit the window waits (and holds those
 * behind it: no request starves) until a timer says the window moved.
 */
export class KeyedLimiter {
  readonly #keys = new Map<string, KeyState>()
  readonly #windowMs: number

  constructor(options: KeyedLimiterOptions = {}) {
    this.#windowMs = options.windowMs ?? RATE_WINDOW_MS
  }

  /** Resolves with a lease once `key` has room for the request. */
  acquire(key: string, request: AcquireRequest, signal?: AbortSignal): Promise<Lease> {
    const state = this.#state(key, request)
    signal?.throwIfAborted()
    const tokens = request.tokens
    if (state.queue.length === 0 && this.#admits(state, tokens)) return Promise.resolve(this.#grant(state, tokens))
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        grant: (lease) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(lease)
        },
      }
      const onAbort = (): void => {
        const i = state.queue.indexOf(waiter)
        if (i >= 0) state.queue.splice(i, 1)
        reject(signal?.reason ?? new Error('aborted'))
        // the head may have been what held the others back
        if (i === 0) this.#drain(state)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      state.queue.push(waiter)
      this.#drain(state)
    })
  }

  stats(key: string): KeyStats {
    const s = this.#keys.get(key)
    if (!s) return { limit: 0, effective: 0, minEffective: 0, active: 0, waiting: 0, windowRequests: 0, windowTokens: 0, granted: 0, rateLimited: 0, decreases: 0 }
    s.window.prune(performance.now())
    return {
      limit: s.adaptive.limit,
      effective: allowed(s.adaptive),
      minEffective: s.adaptive.min,
      active: s.active,
      waiting: s.queue.length,
      windowRequests: s.window.requests,
      windowTokens: s.window.tokens,
      granted: s.granted,
      rateLimited: s.rateLimited,
      decreases: s.adaptive.decreases,
    }
  }

  /** Every key's stats. */
  allStats(): Record<string, KeyStats> {
    return Object.fromEntries([...this.#keys.keys()].map((key) => [key, this.stats(key)]))
  }

  /** Stops the wake-up timers (waiters left are not served any more). */
  close(): void {
    for (const state of this.#keys.values()) clearTimeout(state.timer)
  }

  #state(key: string, request: AcquireRequest): KeyState {
    const { concurrency, rpm, tpm, tokens } = request
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency limit for ${key} must be a positive integer, got ${concurrency}`)
    if (rpm !== undefined && !(rpm > 0)) throw new RangeError(`rpm for ${key} must be positive, got ${rpm}`)
    if (tpm !== undefined && !(tpm > 0)) throw new RangeError(`tpm for ${key} must be positive, got ${tpm}`)
    if (!(tokens >= 0) || !Number.isFinite(tokens)) throw new RangeError(`tokens for ${key} must be a finite number >= 0, got ${tokens}`)
    let state = this.#keys.get(key)
    if (!state) {
      state = { adaptive: createAdaptive(concurrency), rpm, tpm, active: 0, queue: [], window: new RateWindow(this.#windowMs), timer: undefined, granted: 0, rateLimited: 0 }
      this.#keys.set(key, state)
    }
    setLimit(state.adaptive, concurrency)
    state.rpm = rpm
    state.tpm = tpm
    return state
  }

  /** Room for `tokens` now: a free slot and, when rate-limited, room in the window. */
  #admits(state: KeyState, tokens: number): boolean {
    if (state.active >= allowed(state.adaptive)) return false
    if (state.rpm === undefined && state.tpm === undefined) return true
    state.window.prune(performance.now())
    return state.window.fits(tokens, state.rpm, state.tpm)
  }

  #grant(state: KeyState, tokens: number): Lease {
    state.active++
    state.granted++
    const entry = state.rpm === undefined && state.tpm === undefined ? undefined : state.window.add(performance.now(), tokens)
    const generation = state.adaptive.generation
    let released = false
    return {
      release: (outcome) => {
        if (released) return
        released = true
        this.#release(state, generation, entry, outcome)
      },
    }
  }

  #release(state: KeyState, generation: number, entry: WindowEntry | undefined, outcome: LeaseOutcome | undefined): void {
    state.active--
    if (entry && outcome?.tokens !== undefined && outcome.tokens >= 0) state.window.correct(entry, outcome.tokens)
    // no outcome (a cancelled call, a worker gone) says nothing about the provider's capacity
    if (outcome?.rateLimited === true) {
      state.rateLimited++
      rateLimited(state.adaptive, generation)
    } else if (outcome !== undefined) {
      succeeded(state.adaptive)
    }
    this.#drain(state)
  }

  #drain(state: KeyState): void {
    while (state.queue.length > 0) {
      const head = state.queue[0] as Waiter
      if (!this.#admits(state, head.tokens)) break
      state.queue.shift()
      head.grant(this.#grant(state, head.tokens))
    }
    this.#wakeLater(state)
  }

  /** When the head waits for the window (not for a slot), wake up as the oldest request leaves it. */
  #wakeLater(state: KeyState): void {
    if (state.queue.length === 0) {
      clearTimeout(state.timer)
      state.timer = undefined
      return
    }
    // a timer already set fires no later than needed; waiting for a slot needs none (a release drains)
    if (state.timer !== undefined || state.active >= allowed(state.adaptive)) return
    const wait = state.window.untilNextExpiry(performance.now())
    if (wait === undefined) return
    state.timer = setTimeout(() => {
      state.timer = undefined
      this.#drain(state)
    }, Math.max(1, Math.ceil(wait)))
  }
}
