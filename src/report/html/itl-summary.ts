import { selectKth } from '../../metrics/percentile.ts'

/** What a page case shows of its inter-token gaps. */
export interface ItlSummary {
  count: number
  p50: number | null
  p95: number | null
  max: number | null
}

/**
 * The count, p50, p95 and max of a case's finite inter-token gaps: the same
 * numbers as `summarize` (metrics/percentile.ts) gives for them, without the
 * distribution's other figures and the selection's per-call bookkeeping (a
 * large run's page makes one per record): the gaps are copied into one reused
 * typed array and the four order statistics the two percentiles interpolate
 * between are selected there.
 */
export function itlSummary(gaps: readonly number[]): ItlSummary {
  if (scratch.length < gaps.length) scratch = new Float64Array(Math.max(gaps.length, scratch.length * 2))
  const values = scratch
  let count = 0
  for (let i = 0; i < gaps.length; i++) {
    const v = gaps[i] as number
    if (Number.isFinite(v)) values[count++] = v
  }
  if (count === 0) return { count, p50: null, p95: null, max: null }
  // the order statistics percentileOfSorted reads, selected in place: p50's pair, then p95's among the values above it
  const r50 = 0.5 * (count - 1)
  const r95 = 0.95 * (count - 1)
  const lo50 = Math.floor(r50)
  const lo95 = Math.floor(r95)
  const a50 = selectKth(values, lo50, 0, count - 1)
  const b50 = Math.ceil(r50) === lo50 ? a50 : minOf(values, lo50 + 1, count)
  const a95 = lo95 === lo50 ? a50 : selectKth(values, lo95, lo50 + 1, count - 1)
  const b95 = Math.ceil(r95) === lo95 ? a95 : minOf(values, lo95 + 1, count)
  return { count, p50: a50 + (b50 - a50) * (r50 - lo50), p95: a95 + (b95 - a95) * (r95 - lo95), max: maxOf(values, lo95, count) }
}

function minOf(values: Float64Array, from: number, to: number): number {
  let min = values[from] as number
  for (let i = from + 1; i < to; i++) if ((values[i] as number) < min) min = values[i] as number
  return min
}

function maxOf(values: Float64Array, from: number, to: number): number {
  let max = values[from] as number
  for (let i = from + 1; i < to; i++) if ((values[i] as number) > max) max = values[i] as number
  return max
}

let scratch = new Float64Array(1024)
