/** Distribution summary of a set of values; every field null for an empty set. */
export interface Distribution {
  count: number
  min: number | null
  mean: number | null
  p50: number | null
  p90: number | null
  p95: number | null
  p99: number | null
  max: number | null
}

/**
 * The q-th percentile (0..100) of ascending-sorted values with linear
 * interpolation between closest ranks (numpy's default `np.percentile`).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  const rank = (q / 100) * (n - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (b - a) * (rank - lo)
}

/**
 * The distribution of the finite values (NaN and infinities left out), with the
 * same numbers as sorting and `percentileOfSorted` give. It does not sort: the
 * order statistics the percentiles need are selected in place in a Float64Array
 * copy (quickselect, expected linear time), which matters for the million pooled
 * ITL gaps a large run summarises once per breakdown.
 */
export function summarize(values: readonly number[]): Distribution {
  return summarizePooled([values])
}

/**
 * `summarize(values)`, when the finite values are at hand sorted (`sorted`,
 * ascending): the percentiles read from there (the same order statistics and
 * interpolation), the mean summed, min and max found in the values' own order
 * as summarize does. A group's E2E and TTFT are sorted for their bootstrap
 * intervals anyway: one sort serves both.
 */
export function summarizeOfSorted(values: ArrayLike<number>, sorted: Float64Array): Distribution {
  const count = sorted.length
  if (count === 0) return { count, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
  let sum = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (!Number.isFinite(v)) continue
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  return {
    count,
    min,
    mean: sum / count,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max,
  }
}

/** The distribution of several lists pooled (every ITL gap of every request), without concatenating them first. */
export function summarizePooled(lists: ReadonlyArray<readonly number[]>): Distribution {
  let total = 0
  for (const list of lists) total += list.length
  if (total >= BUCKETED_FROM) {
    // many values: read where they are, never copied whole (bucketedSelect)
    const m = moments(lists)
    if (m.count >= BUCKETED_FROM && m.max - m.min > 0 && Number.isFinite(BUCKETS / (m.max - m.min))) {
      const ranks = [50, 90, 95, 99].map((q) => (q / 100) * (m.count - 1))
      const needed = [...new Set(ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]))].sort((a, b) => a - b)
      const at = bucketedSelect(lists, needed, m.min, m.max)
      const percentile = (rank: number): number => {
        const a = at.get(Math.floor(rank)) as number
        const b = at.get(Math.ceil(rank)) as number
        return a + (b - a) * (rank - Math.floor(rank))
      }
      const [r50, r90, r95, r99] = ranks as [number, number, number, number]
      return { count: m.count, min: m.min, mean: m.sum / m.count, p50: percentile(r50), p90: percentile(r90), p95: percentile(r95), p99: percentile(r99), max: m.max }
    }
  }
  const finite = scratchBuffer(total)
  let count = 0
  let sum = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const list of lists) {
    const length = list.length
    if (length === 0) continue
    if (list instanceof Float64Array) {
      // a typed array (a slimmed record's gaps) is copied whole, then read and compacted in place: no per-value access to the list
      finite.set(list, count)
      const end = count + length
      for (let i = count; i < end; i++) {
        const v = finite[i] as number
        // v - v is 0 for a finite number, NaN for NaN and ±Infinity
        if (v - v !== 0) continue
        finite[count++] = v
        sum += v
        if (v < min) min = v
        if (v > max) max = v
      }
      continue
    }
    for (let i = 0; i < length; i++) {
      const v = list[i] as number
      if (!Number.isFinite(v)) continue
      finite[count++] = v
      sum += v
      if (v < min) min = v
      if (v > max) max = v
    }
  }
  if (count === 0) return { count, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
  const data = finite.subarray(0, count)
  const ranks = [50, 90, 95, 99].map((q) => (q / 100) * (count - 1))
  const needed = [...new Set(ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]))].sort((a, b) => a - b)
  const at = quickSelect(data, needed)
  const percentile = (rank: number): number => {
    const a = at.get(Math.floor(rank)) as number
    const b = at.get(Math.ceil(rank)) as number
    return a + (b - a) * (rank - Math.floor(rank))
  }
  const [r50, r90, r95, r99] = ranks as [number, number, number, number]
  return { count, min, mean: sum / count, p50: percentile(r50), p90: percentile(r90), p95: percentile(r95), p99: percentile(r99), max }
}

/** The values at these positions (ascending) of the sorted data: one quickselect each, each from the last one's position up. */
function quickSelect(data: Float64Array, needed: readonly number[]): Map<number, number> {
  const at = new Map<number, number>()
  let from = 0
  for (const k of needed) {
    at.set(k, selectKth(data, k, from, data.length - 1))
    from = k
  }
  return at
}

/** From this many values on, order statistics are found through buckets (bucketedSelect). */
const BUCKETED_FROM = 1 << 16
/** Buckets of equal width between the smallest and largest value. */
const BUCKETS = 1 << 16

/** The count, sum (in order), min and max of the finite values of the lists. */
function moments(lists: ReadonlyArray<readonly number[]>): { count: number; sum: number; min: number; max: number } {
  const m = { count: 0, sum: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }
  for (const list of lists) {
    if (list instanceof Float64Array) momentsOfTyped(list, m)
    else momentsOfArray(list, m)
  }
  return m
}

// one function per kind of list: each element read sees one kind (a mixed read site is several times slower)
function momentsOfTyped(list: Float64Array, m: { count: number; sum: number; min: number; max: number }): void {
  let { count, sum, min, max } = m
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    // v - v is 0 for a finite number, NaN for NaN and ±Infinity
    if (v - v !== 0) continue
    count++
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  Object.assign(m, { count, sum, min, max })
}

function momentsOfArray(list: readonly number[], m: { count: number; sum: number; min: number; max: number }): void {
  let { count, sum, min, max } = m
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (!Number.isFinite(v)) continue
    count++
    sum += v
    if (v < min) min = v
    if (v > max) max = v
  }
  Object.assign(m, { count, sum, min, max })
}

/**
 * The values at these positions (ascending) of the lists' finite values once
 * sorted, exactly, read where they are (no copy of them all, no quickselect
 * moving them around several times over: the ~10 million pooled ITL gaps of
 * a 100,000-record run's groups): count the values per bucket of equal width
 * between min and max (a value's bucket never decreases with the value, so
 * the buckets are in sorted order), find each position's bucket and its rank
 * there, copy only those buckets' values out, and select in them. Values
 * crowded into one bucket (a long tail stretches the width) cost a larger
 * copy, never a wrong value.
 */
function bucketedSelect(lists: ReadonlyArray<readonly number[]>, needed: readonly number[], min: number, max: number): Map<number, number> {
  const scale = BUCKETS / (max - min)
  const counts = new Uint32Array(BUCKETS)
  for (const list of lists) countInBuckets(typedOf(list), counts, min, scale)
  // each position's bucket and its rank within it
  const slotOf = new Int32Array(BUCKETS).fill(-1)
  const slots: Float64Array[] = []
  const wanted: Array<{ k: number; slot: number; rank: number }> = []
  let below = 0
  let bucket = 0
  for (const k of needed) {
    while (below + (counts[bucket] as number) <= k) below += counts[bucket++] as number
    let slot = slotOf[bucket] as number
    if (slot === -1) {
      slot = slots.length
      slotOf[bucket] = slot
      slots.push(new Float64Array(counts[bucket] as number))
    }
    wanted.push({ k, slot, rank: k - below })
  }
  const filled = new Uint32Array(slots.length)
  for (const list of lists) copyWanted(typedOf(list), slotOf, slots, filled, min, scale)
  const at = new Map<number, number>()
  for (const { k, slot, rank } of wanted) {
    const values = slots[slot] as Float64Array
    at.set(k, selectKth(values, rank, 0, values.length - 1))
  }
  return at
}

/** The list as a Float64Array (a plain list copied, anything but a number as NaN, as Number.isFinite leaves it out): one kind of read site below. */
function typedOf(list: readonly number[]): Float64Array {
  if (list instanceof Float64Array) return list
  const out = new Float64Array(list.length)
  for (let i = 0; i < list.length; i++) {
    const v: unknown = list[i]
    out[i] = typeof v === 'number' ? v : Number.NaN
  }
  return out
}

/** Counts the list's finite values per bucket. */
function countInBuckets(list: Float64Array, counts: Uint32Array, min: number, scale: number): void {
  const last = BUCKETS - 1
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (v - v !== 0) continue
    const b = Math.floor((v - min) * scale)
    const bucket = b > last ? last : b
    counts[bucket] = (counts[bucket] as number) + 1
  }
}

/** Copies the list's finite values that fall in a wanted bucket (slotOf[bucket] ≥ 0) into that bucket's slot. */
function copyWanted(list: Float64Array, slotOf: Int32Array, slots: Float64Array[], filled: Uint32Array, min: number, scale: number): void {
  const last = BUCKETS - 1
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (v - v !== 0) continue
    const b = Math.floor((v - min) * scale)
    const slot = slotOf[b > last ? last : b] as number
    if (slot === -1) continue
    ;(slots[slot] as Float64Array)[filled[slot] as number] = v
    filled[slot] = (filled[slot] as number) + 1
  }
}

let scratch = new Float64Array(1024)

/** Lets go of the reused buffer (a large run's pooled ITL gaps: ~80 MB at 100,000 records) once a run's numbers are made. */
export function releasePercentileScratch(): void {
  scratch = new Float64Array(1024)
}

/** One buffer reused by every summary (selection reorders it; nothing keeps it): no 8 MB garbage per breakdown of a large run. */
function scratchBuffer(size: number): Float64Array {
  if (scratch.length < size) scratch = new Float64Array(Math.max(size, scratch.length * 2))
  return scratch
}

/**
 * Rearranges `a[lo..hi]` so that `a[k]` holds the value sorted order would put
 * there, smaller-or-equal values before it and greater-or-equal after; returns it.
 */
export function selectKth(a: Float64Array, k: number, lo: number, hi: number): number {
  let left = lo
  let right = hi
  while (right > left) {
    // median of three as the pivot keeps sorted and reversed input linear
    const mid = (left + right) >>> 1
    const pivot = median3(a[left] as number, a[mid] as number, a[right] as number)
    let i = left
    let j = right
    while (i <= j) {
      while ((a[i] as number) < pivot) i++
      while ((a[j] as number) > pivot) j--
      if (i <= j) {
        const t = a[i] as number
        a[i] = a[j] as number
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) right = j
    else if (k >= i) left = i
    else break
  }
  return a[k] as number
}

function median3(x: number, y: number, z: number): number {
  return x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
}
