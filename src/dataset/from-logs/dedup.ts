import { createHash } from 'node:crypto'
import { mulberry32 } from '../sources/sample.ts'
import type { LogEntry } from './entry.ts'

/**
 * Deduplication of log entries by their input (the prompt, or every message
 * as `role: content`), keeping the first occurrence (file order, then line):
 *
 * - exact: equal after normalisation (Unicode NFKC, lower case, punctuation and
 *   symbols dropped, whitespace collapsed);
 * - near: the Jaccard similarity of the normalised texts' word 3-shingles
 *   (a text of fewer than 3 words is one shingle), estimated by a MinHash of
 *   128 hash functions with a fixed seed, at least `threshold` (default 0.8).
 *   Candidates are found by banding (32 bands of 4 rows), so the cost grows
 *   with the number of entries, not its square.
 */

export type DedupMode = 'none' | 'exact' | 'near'

export const DEFAULT_NEAR_THRESHOLD = 0.8
const HASHES = 128
const ROWS = 4
const BANDS = HASHES / ROWS
const SHINGLE = 3

export interface DedupResult {
  entries: LogEntry[]
  exact: number
  near: number
}

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim()
}

export function inputText(entry: LogEntry): string {
  return entry.prompt ?? (entry.messages ?? []).map((message) => `${message.role}: ${message.content}`).join('\n')
}

export function dedupe(entries: readonly LogEntry[], mode: DedupMode, threshold = DEFAULT_NEAR_THRESHOLD): DedupResult {
  if (mode === 'none') return { entries: [...entries], exact: 0, near: 0 }
  const seen = new Set<string>()
  const kept: LogEntry[] = []
  const signatures: Uint32Array[] = []
  const buckets = new Map<string, number[]>()
  const seeds = hashSeeds()
  let exact = 0
  let near = 0
  for (const entry of entries) {
    const text = normaliseText(inputText(entry))
    const key = createHash('sha1').update(text).digest('base64')
    if (seen.has(key)) {
      exact++
      continue
    }
    seen.add(key)
    if (mode === 'exact') {
      kept.push(entry)
      continue
    }
    const signature = minHash(text, seeds)
    const bandKeys = Array.from({ length: BANDS }, (_, band) => `${band}:${signature.subarray(band * ROWS, band * ROWS + ROWS).join(',')}`)
    const candidates = new Set(bandKeys.flatMap((bandKey) => buckets.get(bandKey) ?? []))
    if ([...candidates].some((index) => similarity(signature, signatures[index] as Uint32Array) >= threshold)) {
      near++
      continue
    }
    const index = kept.length
    kept.push(entry)
    signatures.push(signature)
    for (const bandKey of bandKeys) {
      const bucket = buckets.get(bandKey)
      if (bucket === undefined) buckets.set(bandKey, [index])
      else bucket.push(index)
    }
  }
  return { entries: kept, exact, near }
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

export function shingles(text: string): string[] {
  const words = text.split(' ').filter((word) => word !== '')
  if (words.length <= SHINGLE) return [words.join(' ')]
  return Array.from({ length: words.length - SHINGLE + 1 }, (_, i) => words.slice(i, i + SHINGLE).join(' '))
}

export function minHash(text: string, seeds: Uint32Array = hashSeeds()): Uint32Array {
  const signature = new Uint32Array(HASHES).fill(0xffffffff)
  for (const shingle of new Set(shingles(text))) {
    const base = fnv1a(shingle)
    for (let i = 0; i < HASHES; i++) {
      const h = mix(base ^ (seeds[i] as number))
      if (h < (signature[i] as number)) signature[i] = h
    }
  }
  return signature
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
