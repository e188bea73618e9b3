/**
 * One precompiled matcher for a set of secret values. It finds every secret
 * and every partial echo of one: the first or last `WINDOW` characters of a
 * secret, extended to as much of the secret as the text goes on repeating
 * (a server that masks a key, `sk-proj-abc1********wxyz`, still echoes its
 * prefix). Each occurrence becomes `[redacted]`.
 */

export const REDACTED = '[redacted]'

/** Shorter values are not treated as secrets (a one-letter header would redact every such letter). */
export const MIN_SECRET_LENGTH = 6

/** How many leading or trailing characters of a secret count as an echo of it. */
export const WINDOW = 8

interface Candidate {
  secret: string
  kind: 'full' | 'prefix' | 'suffix'
}

export class Redactor {
  readonly size: number
  readonly #pattern: RegExp | null
  readonly #candidates = new Map<string, Candidate[]>()

  constructor(secrets: Iterable<string>) {
    const variants = new Set<string>()
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue
      variants.add(secret)
      // as it appears inside a JSON string or a URL
      variants.add(JSON.stringify(secret).slice(1, -1))
      variants.add(encodeURIComponent(secret))
    }
    this.size = variants.size
    for (const secret of variants) {
      if (secret.length <= WINDOW) this.#add(secret, { secret, kind: 'full' })
      else {
        this.#add(secret.slice(0, WINDOW), { secret, kind: 'prefix' })
        this.#add(secret.slice(-WINDOW), { secret, kind: 'suffix' })
      }
    }
    const windows = [...this.#candidates.keys()].sort((a, b) => b.length - a.length)
    this.#pattern = windows.length === 0 ? null : new RegExp(windows.map(escapeRegExp).join('|'), 'g')
  }

  /** The text with every secret (and partial echo of one) replaced by `[redacted]`; the same string when there is none. */
  text(input: string): string {
    const pattern = this.#pattern
    if (pattern === null) return input
    pattern.lastIndex = 0
    let match = pattern.exec(input)
    if (match === null) return input
    let out = ''
    let last = 0
    while (match !== null) {
      const [start, end] = this.#span(input, match.index, match[0], last)
      out += input.slice(last, start) + REDACTED
      last = end
      pattern.lastIndex = end
      match = pattern.exec(input)
    }
    return out + input.slice(last)
  }

  /**
   * A JSON-like value with every string redacted (object keys are kept). Parts
   * without secrets are returned as they were: a clean record costs no copy.
   */
  value<T>(input: T): T {
    if (this.#pattern === null) return input
    return this.#value(input) as T
  }

  /** Redacts every string of an object graph in place (errors Vitest has serialized: message, stack, diff, ...). */
  inPlace(target: unknown, seen: Set<object> = new Set()): void {
    if (this.#pattern === null || typeof target !== 'object' || target === null || seen.has(target)) return
    seen.add(target)
    const record = target as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const child = record[key]
      if (typeof child === 'string') {
        const clean = this.text(child)
        if (clean !== child) {
          try {
            record[key] = clean
          } catch {
            // a read-only property: nothing to do but leave it
          }
        }
      } else if (typeof child === 'object' && child !== null) this.inPlace(child, seen)
    }
  }

  #value(input: unknown): unknown {
    if (typeof input === 'string') return this.text(input)
    if (Array.isArray(input)) {
      let out: unknown[] | null = null
      for (let i = 0; i < input.length; i++) {
        const clean = this.#value(input[i])
        if (clean !== input[i]) out ??= [...input]
        if (out) out[i] = clean
      }
      return out ?? input
    }
    if (typeof input !== 'object' || input === null || Object.getPrototypeOf(input) !== Object.prototype) return input
    let out: Record<string, unknown> | null = null
    for (const [key, child] of Object.entries(input)) {
      const clean = this.#value(child)
      if (clean !== child) {
        out ??= { ...input }
        out[key] = clean
      }
    }
    return out ?? input
  }

  /** The widest stretch of a secret around a window found at `at` (never reaching back before `floor`). */
  #span(text: string, at: number, window: string, floor: number): [number, number] {
    let best: [number, number] = [at, at + window.length]
    for (const { secret, kind } of this.#candidates.get(window) ?? []) {
      let start = at
      let end = at + window.length
      if (kind === 'prefix') {
        let j = window.length
        while (end < text.length && j < secret.length && text[end] === secret[j]) {
          end++
          j++
        }
      } else if (kind === 'suffix') {
        let k = secret.length - window.length
        while (start > floor && k > 0 && text[start - 1] === secret[k - 1]) {
          start--
          k--
        }
      }
      if (end - start > best[1] - best[0]) best = [start, end]
    }
    return best
  }

  #add(window: string, candidate: Candidate): void {
    const list = this.#candidates.get(window)
    if (list) list.push(candidate)
    else this.#candidates.set(window, [candidate])
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}
