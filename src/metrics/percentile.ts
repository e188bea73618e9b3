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
export function percentileOfSorted(sorted: readonly number[], q: number): number | null {
  const n = sorted.length
  if (n === 0) return null
  const rank = (q / 100) * (n - 1)
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const a = sorted[lo] as number
  const b = sorted[hi] as number
  return a + (b - a) * (rank - lo)
}

export function summarize(values: readonly number[]): Distribution {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y)
  const count = sorted.length
  if (count === 0) return { count, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
  let sum = 0
  for (const v of sorted) sum += v
  return {
    count,
    min: sorted[0] as number,
    mean: sum / count,
    p50: percentileOfSorted(sorted, 50),
    p90: percentileOfSorted(sorted, 90),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[count - 1] as number,
  }
}
