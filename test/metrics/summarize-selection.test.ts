import { expect, test } from 'vitest'
import { percentileOfSorted, summarize } from '../../src/metrics/percentile.ts'

/**
 * summarize selects order statistics instead of sorting: it must give exactly
 * what sorting and interpolating give, on ties, sorted, reversed and random input.
 */
test('selection gives the sorted percentiles exactly (2,000 random sets)', () => {
  let seed = 7
  const random = (): number => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296
  for (let trial = 0; trial < 2000; trial++) {
    const n = 1 + Math.floor(random() * (trial < 1800 ? 40 : 2000))
    const kind = trial % 4
    const values = Array.from({ length: n }, (_, i) => (kind === 0 ? Math.floor(random() * 5) : kind === 1 ? i : kind === 2 ? n - i : random() * 100))
    if (trial % 7 === 0) values.push(Number.NaN, Number.POSITIVE_INFINITY)
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
    const d = summarize(values)
    expect([d.p50, d.p90, d.p95, d.p99, d.min, d.max, d.count]).toEqual([
      percentileOfSorted(sorted, 50),
      percentileOfSorted(sorted, 90),
      percentileOfSorted(sorted, 95),
      percentileOfSorted(sorted, 99),
      sorted[0],
      sorted.at(-1),
      sorted.length,
    ])
  }
})
