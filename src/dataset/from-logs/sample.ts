import { mulberry32 } from '../sources/sample.ts'
import type { LogEntry } from './entry.ts'

/**
 * Sampling N of the (deduplicated) entries with a seeded generator (mulberry32),
 * returned in their original order (file, then line):
 *
 * - `random`: a uniform sample without replacement.
 * - `feedback-weighted`: a weighted sample without replacement (Efraimidis–Spirakis:
 *   each entry draws u in [0,1) and the N largest u^(1/w) are kept) with weight
 *   w = 1 − score clamped to [0.05, 1], so poorly rated lines come first and well
 *   rated ones can still be picked. score: `feedback.score` (0..1), else
 *   `feedback.rating` (1..5 → 0..1), else `feedback.thumbs` ("up"/true → 1,
 *   "down"/false → 0) or `feedback.thumbs_up`; no feedback: 0.5.
 * - `stratified`: by the value at `by` (a dotted path such as `metadata.category`;
 *   missing → `(none)`), proportional allocation by largest remainder: each
 *   stratum gets floor(N·size/total), and the cases left go one each to the
 *   strata with the largest remainders (ties: the larger stratum, then the name).
 *   Each stratum is then sampled at random.
 */

export type Strategy = 'random' | 'feedback-weighted' | 'stratified'
export const STRATEGIES: readonly Strategy[] = ['random', 'feedback-weighted', 'stratified']

export interface SampleOptions {
  strategy: Strategy
  /** null: every entry. */
  count: number | null
  seed: number
  /** Dotted path of the stratification field. */
  by: string
}

export function sampleEntries(entries: readonly LogEntry[], options: SampleOptions): LogEntry[] {
  return sampleItems(entries, options, { stratum: (entry) => stratumOf(entry, options.by), weight: feedbackWeight })
}

/** What sampling needs of an item: its stratum and its weight. */
export interface SampleKeys<T> {
  stratum: (item: T) => string
  weight: (item: T) => number
}

/** {@link sampleEntries} for any items (the builder samples compact line keys, not whole entries). */
export function sampleItems<T>(entries: readonly T[], options: SampleOptions, keys: SampleKeys<T>): T[] {
  const count = options.count ?? entries.length
  if (count >= entries.length) return [...entries]
  const random = mulberry32(options.seed)
  const indices = entries.map((_, index) => index)
  let picked: number[]
  switch (options.strategy) {
    case 'random':
      picked = uniform(indices, count, random)
      break
    case 'feedback-weighted':
      picked = indices
        .map((index) => ({ index, key: Math.pow(random(), 1 / keys.weight(entries[index] as T)) }))
        .sort((a, b) => b.key - a.key || a.index - b.index)
        .slice(0, count)
        .map((item) => item.index)
      break
    case 'stratified': {
      const strata = groupBy(indices, (index) => keys.stratum(entries[index] as T))
      const quotas = allocate(new Map([...strata].map(([name, members]) => [name, members.length])), count)
      picked = [...strata.keys()].sort().flatMap((name) => uniform(strata.get(name) ?? [], quotas.get(name) ?? 0, random))
      break
    }
  }
  return picked.sort((a, b) => a - b).map((index) => entries[index] as T)
}

function uniform(items: readonly number[], count: number, random: () => number): number[] {
  const pool = [...items]
  const n = Math.min(count, pool.length)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i))
    ;[pool[i], pool[j]] = [pool[j] as number, pool[i] as number]
  }
  return pool.slice(0, n)
}

function groupBy(indices: readonly number[], key: (index: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>()
  for (const index of indices) {
    const name = key(index)
    const group = groups.get(name)
    if (group === undefined) groups.set(name, [index])
    else group.push(index)
  }
  return groups
}

/** Largest-remainder allocation of `count` over strata of the given sizes. */
export function allocate(sizes: ReadonlyMap<string, number>, count: number): Map<string, number> {
  const total = [...sizes.values()].reduce((a, b) => a + b, 0)
  const quotas = new Map<string, number>()
  const remainders: Array<{ name: string; remainder: number; size: number }> = []
  for (const [name, size] of sizes) {
    const exact = total === 0 ? 0 : (count * size) / total
    quotas.set(name, Math.floor(exact))
    remainders.push({ name, remainder: exact - Math.floor(exact), size })
  }
  let left = count - [...quotas.values()].reduce((a, b) => a + b, 0)
  remainders.sort((a, b) => b.remainder - a.remainder || b.size - a.size || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const { name } of remainders) {
    if (left <= 0) break
    quotas.set(name, (quotas.get(name) ?? 0) + 1)
    left--
  }
  return quotas
}

/** The value at a dotted path of the entry (`metadata.category`, `feedback.thumbs`, `format`), as text; `(none)` when missing. */
export function stratumOf(entry: LogEntry, path: string): string {
  let value: unknown = entry
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return '(none)'
    value = (value as Record<string, unknown>)[key]
  }
  if (value === undefined || value === null) return '(none)'
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** The feedback score in [0, 1] (see the module comment); 0.5 without feedback. */
export function feedbackScore(feedback: Record<string, unknown> | undefined): number {
  if (feedback === undefined) return 0.5
  const { score, rating, thumbs, thumbs_up: thumbsUp } = feedback
  if (typeof score === 'number' && Number.isFinite(score)) return clamp(score, 0, 1)
  if (typeof rating === 'number' && Number.isFinite(rating)) return clamp((rating - 1) / 4, 0, 1)
  if (thumbs === 'up' || thumbs === true || thumbsUp === true) return 1
  if (thumbs === 'down' || thumbs === false || thumbsUp === false) return 0
  return 0.5
}

export function feedbackWeight(entry: LogEntry): number {
  return clamp(1 - feedbackScore(entry.feedback), 0.05, 1)
}

/** Whether a line carries a human label: a feedback object with at least one field. */
export function hasLabels(entry: LogEntry): boolean {
  return entry.feedback !== undefined && Object.keys(entry.feedback).length > 0
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
