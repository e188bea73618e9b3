import { selectKth } from '../metrics/percentile.ts'

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
    at.set(k, selectKth(data, k, from, n - 1))
    from = k
  }
  return ranks.map((rank) => {
    const a = at.get(Math.floor(rank)) as number
    const b = at.get(Math.ceil(rank)) as number
    return a + (b - a) * (rank - Math.floor(rank))
  })
}
