import { percentileOfSorted } from '../../metrics/percentile.ts'

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
 * typed array and sorted there.
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
  const sorted = values.subarray(0, count).sort()
  return { count, p50: percentileOfSorted(sorted, 50), p95: percentileOfSorted(sorted, 95), max: sorted[count - 1] as number }
}

let scratch = new Float64Array(1024)
