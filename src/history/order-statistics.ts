/**
 * The p-th percentiles (0..100) of the values in `data` (finite numbers), as
 * `percentileOfSorted` gives them on the sorted values (linear interpolation
 * between closest ranks), without sorting: the order statistics they need are
 * selected in place (quickselect, expected linear time). `data` is reordered.
 * Null for no values.
 */
export function percentilesInPlace(data: Float64Array, ps: readonly number[]): Array<number | null> {
  const n = data.length
  if (n === 0) return ps.map(() => null)
  const ranks = ps.map((p) => (p / 100) * (n - 1))
  const needed = [...new Set(ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]))].sort((a, b) => a - b)
  const at = new Map<number, number>()
  let from = 0
  for (const k of needed) {
    at.set(k, selectInPlace(data, k, from, n - 1))
    from = k
  }
  return ranks.map((rank) => {
    const a = at.get(Math.floor(rank)) as number
    const b = at.get(Math.ceil(rank)) as number
    return a + (b - a) * (rank - Math.floor(rank))
  })
}

/** Where the last partition ended: [i, j] (a typed array, not an object a call). */
const ends = new Int32Array(2)

/**
 * The k-th smallest of data[lo..hi] (lo ≤ k ≤ hi), moved to position k with
 * the smaller ones before it and the larger ones after it (Hoare's FIND with a
 * median-of-three pivot: equal values stop both scans, so many equal values
 * still split evenly).
 */
function selectInPlace(data: Float64Array, k: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const x = data[lo] as number
    const y = data[mid] as number
    const z = data[hi] as number
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    partition(data, lo, hi, pivot)
    const i = ends[0] as number
    const j = ends[1] as number
    // i > k > j: data[k] is the pivot, in place
    if (j < k && k < i) break
    if (j < k) lo = i
    if (k < i) hi = j
  }
  return data[k] as number
}

/**
 * One partition of data[lo..hi] around `pivot`: ends [i, j] with data[lo..j] ≤
 * pivot ≤ data[i..hi] and the values between equal to it. Its own function: a
 * loop nested in the select loop would be optimised for one entry only (a run's
 * end calls it a few times, cold) and go back to the interpreter at each exit.
 */
function partition(data: Float64Array, lo: number, hi: number, pivot: number): void {
  let i = lo
  let j = hi
  while (i <= j) {
    while ((data[i] as number) < pivot) i++
    while (pivot < (data[j] as number)) j--
    if (i <= j) {
      const t = data[i] as number
      data[i] = data[j] as number
      data[j] = t
      i++
      j--
    }
  }
  ends[0] = i
  ends[1] = j
}
