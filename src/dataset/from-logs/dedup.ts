import { createHash } from 'node:crypto'
import { mulberry32 } from '../sources/sample.ts'
import type { LogEntry } from './entry.ts'

/**
 * Deduplication of log entries by their input (the prompt, or every message
 * as `role: content`), keeping the first occurrence (file order, then line):
 *
 * - exact: equal after normalisation (Unicode NFKC, lower case, punctuation and
 *   symbols dropped, whitespace collapsed), compared by SHA-1 of that text;
 * - near: the Jaccard similarity of the normalised texts' word 3-shingles
 *   (a text of fewer than 3 words is one shingle), estimated by a MinHash of
 *   64 hash functions with a fixed seed, at least `threshold` (default 0.8).
 *   Candidates are found by banding (16 bands of 4 rows), so the cost grows
 *   with the number of entries, not its square.
 *
 * Streaming: {@link Deduplicator.add} is called once per line as it is read;
 * only the hashes and the kept lines' signatures are held, never the text.
 */

export type DedupMode = 'none' | 'exact' | 'near'

export const DEFAULT_NEAR_THRESHOLD = 0.8
const HASHES = 64
const ROWS = 4
const BANDS = HASHES / ROWS
const SHINGLE = 3

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim()
}

export function inputText(entry: LogEntry): string {
  return entry.prompt ?? (entry.messages ?? []).map((message) => `${message.role}: ${message.content}`).join('\n')
}

export type Verdict = 'kept' | 'exact' | 'near'

export class Deduplicator {
  readonly #mode: DedupMode
  readonly #threshold: number
  readonly #seen = new Set<string>()
  /** The kept texts' signatures, end to end (`HASHES` slots each), grown by doubling. */
  #signatures = new Uint32Array(HASHES * 1024)
  #kept = 0
  readonly #bands = Array.from({ length: BANDS }, () => new Map<number, number | number[]>())
  readonly #seeds = hashSeeds()
  exact = 0
  near = 0

  constructor(mode: DedupMode, threshold = DEFAULT_NEAR_THRESHOLD) {
    this.#mode = mode
    this.#threshold = threshold
  }

  /** Whether the text is new (kept), or a duplicate of a text added before. */
  add(text: string): Verdict {
    if (this.#mode === 'none') return 'kept'
    const normal = normaliseText(text)
    const key = createHash('sha1').update(normal).digest('base64')
    if (this.#seen.has(key)) {
      this.exact++
      return 'exact'
    }
    this.#seen.add(key)
    if (this.#mode === 'exact') return 'kept'
    const signature = minHash(normal, this.#seeds)
    const keys = bandKeys(signature)
    for (let band = 0; band < BANDS; band++) {
      const hit = this.#bands[band]?.get(keys[band] as number)
      if (hit === undefined) continue
      for (const index of typeof hit === 'number' ? [hit] : hit) {
        if (similarity(signature, this.#signatures.subarray(index * HASHES, index * HASHES + HASHES)) >= this.#threshold) {
          this.near++
          return 'near'
        }
      }
    }
    const index = this.#kept++
    if (this.#kept * HASHES > this.#signatures.length) {
      const grown = new Uint32Array(this.#signatures.length * 2)
      grown.set(this.#signatures)
      this.#signatures = grown
    }
    this.#signatures.set(signature, index * HASHES)
    for (let band = 0; band < BANDS; band++) {
      const bucket = this.#bands[band] as Map<number, number | number[]>
      const key = keys[band] as number
      const hit = bucket.get(key)
      if (hit === undefined) bucket.set(key, index)
      else if (typeof hit === 'number') bucket.set(key, [hit, index])
      else hit.push(index)
    }
    return 'kept'
  }
}

export interface DedupResult {
  entries: LogEntry[]
  exact: number
  near: number
}

/** The entries without duplicates (first occurrence kept). */
export function dedupe(entries: readonly LogEntry[], mode: DedupMode, threshold = DEFAULT_NEAR_THRESHOLD): DedupResult {
  const dedup = new Deduplicator(mode, threshold)
  const kept = entries.filter((entry) => dedup.add(inputText(entry)) === 'kept')
  return { entries: kept, exact: dedup.exact, near: dedup.near }
}

/** The estimated Jaccard similarity of two MinHash signatures: the share of equal slots. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let equal = 0
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++
  return equal / a.length
}

function hashSeeds(): Uint32Array {
  const random = mulberry32(0x5eed)
  return Uint32Array.from({ length: HASHES }, () => Math.floor(random() * 0x1_0000_0000))
}

/** The 32-bit hashes of a normalised text's word 3-shingles (each word hashed once, shingles combined numerically). */
export function shingleHashes(text: string): Set<number> {
  const words = text.split(' ').filter((word) => word !== '').map(fnv1a)
  if (words.length <= SHINGLE) return new Set([words.reduce((h, word) => mix(Math.imul(h, 0x9e3779b1) ^ word), 0)])
  const out = new Set<number>()
  for (let i = 0; i + SHINGLE <= words.length; i++) {
    out.add(mix(Math.imul(mix(Math.imul(words[i] as number, 0x9e3779b1) ^ (words[i + 1] as number)), 0x9e3779b1) ^ (words[i + 2] as number)))
  }
  return out
}

export function minHash(text: string, seeds: Uint32Array = hashSeeds()): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff)
  for (const base of shingleHashes(text)) {
    for (let i = 0; i < HASHES; i++) {
      const h = mix(base ^ (seeds[i] as number))
      if (h < (signature[i] as number)) signature[i] = h
    }
  }
  return signature
}

/** One number per band: its rows hashed together (two texts share a band when the number is equal). */
function bandKeys(signature: Uint32Array): number[] {
  const keys: number[] = []
  for (let band = 0; band < BANDS; band++) {
    let h = band
    for (let row = 0; row < ROWS; row++) h = mix(Math.imul(h, 0x9e3779b1) ^ (signature[band * ROWS + row] as number))
    keys.push(h)
  }
  return keys
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** murmur3's finaliser: a good 32-bit mix. */
function mix(value: number): number {
  let h = value >>> 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
