/** One request admitted in the window: when, and its tokens (an estimate until corrected). */
export interface WindowEntry {
  readonly at: number
  tokens: number
  /** Still inside the window (counted in the totals). */
  live: boolean
}

/**
 * A sliding-window log of the requests admitted in the last `windowMs`: a new
 * request fits when the requests and tokens of the window, with it, stay within
 * `rpm` and `tpm`. Being a log, not a bucket, it never lets more than the limit
 * through in ANY window of that length (providers count the same way or more
 * leniently).
 */
export class RateWindow {
  readonly #windowMs: number
  #entries: WindowEntry[] = []
  #head = 0
  #tokens = 0

  constructor(windowMs: number) {
    this.#windowMs = windowMs
  }

  get requests(): number {
    return this.#entries.length - this.#head
  }

  get tokens(): number {
    return this.#tokens
  }

  /** Forgets the requests admitted `windowMs` or longer ago. */
  prune(now: number): void {
    const cutoff = now - this.#windowMs
    const entries = this.#entries
    while (this.#head < entries.length) {
      const entry = entries[this.#head] as WindowEntry
      if (entry.at > cutoff) break
      entry.live = false
      this.#tokens -= entry.tokens
      this.#head++
    }
    if (this.#head === entries.length) {
      this.#entries = []
      this.#head = 0
      this.#tokens = 0
    } else if (this.#head >= 1024 && this.#head * 2 >= entries.length) {
      this.#entries = entries.slice(this.#head)
      this.#head = 0
    }
  }

  /**
   * Whether one more request of `tokens` fits (call `prune` first). A fractional
   * `rpm` rounds down (at least 1). A request bigger than `tpm` on its own is let
   * through when the window is empty, or it would never run.
   */
  fits(tokens: number, rpm: number | undefined, tpm: number | undefined): boolean {
    if (rpm !== undefined && this.requests + 1 > Math.max(1, Math.floor(rpm))) return false
    if (tpm !== undefined && this.requests > 0 && this.#tokens + tokens > tpm) return false
    return true
  }

  add(now: number, tokens: number): WindowEntry {
    const entry: WindowEntry = { at: now, tokens, live: true }
    this.#entries.push(entry)
    this.#tokens += tokens
    return entry
  }

  /** Replaces an entry's estimate with its real tokens (no effect once it left the window). */
  correct(entry: WindowEntry, tokens: number): void {
    if (entry.live) this.#tokens += tokens - entry.tokens
    entry.tokens = tokens
  }

  /** Ms until the oldest request leaves the window; undefined when the window is empty. */
  untilNextExpiry(now: number): number | undefined {
    const oldest = this.#entries[this.#head]
    return oldest === undefined ? undefined : oldest.at + this.#windowMs - now
  }
}
