import { expect, test } from 'vitest'
import { percentileOfSorted, summarize, summarizeOfSorted, summarizePooled } from '../../src/metrics/percentile.ts'

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

test('large sets (≥ 65,536 values, selected through buckets): the sorted percentiles exactly, whatever the spread', () => {
  let seed = 11
  const random = (): number => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296
  const n = 70_000
  const sets: Record<string, number[]> = {
    uniform: Array.from({ length: n }, () => 5 + random() * 30),
    // one huge outlier: nearly every value in the first bucket
    'long tail': Array.from({ length: n }, (_, i) => (i === 123 ? 1e12 : random() * 100)),
    'few distinct values': Array.from({ length: n }, () => Math.floor(random() * 5)),
    'all equal but one': Array.from({ length: n }, (_, i) => (i === n - 1 ? 2 : 1)),
    'negative and positive': Array.from({ length: n }, () => (random() - 0.5) * 1e6),
    'a tiny span': Array.from({ length: n }, () => 1 + Math.floor(random() * 1000) * Number.EPSILON),
    'exactly at the threshold, sorted': Array.from({ length: 1 << 16 }, (_, i) => i),
    'with NaN and infinities': Array.from({ length: n }, (_, i) => (i % 1000 === 0 ? Number.NaN : i % 1001 === 0 ? Number.NEGATIVE_INFINITY : random() * 10)),
    // a JSON null where a gap was NaN: no number, left out as Number.isFinite leaves it out
    'with nulls': Array.from({ length: n }, (_, i) => (i % 997 === 0 ? (null as unknown as number) : 1 + random())),
  }
  for (const [name, values] of Object.entries(sets)) {
    const sorted = values.filter(Number.isFinite).sort((a, b) => a - b)
    const d = summarize(values)
    expect([d.p50, d.p90, d.p95, d.p99, d.min, d.max, d.count], name).toEqual([
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

test('pooled lists over the bucket threshold, typed and plain mixed: the same as the values pooled and sorted', () => {
  let seed = 5
  const random = (): number => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296
  const lists: number[][] = []
  for (let i = 0; i < 2000; i++) {
    const values = Array.from({ length: Math.floor(random() * 80) }, () => (random() < 0.01 ? Number.NaN : random() * 50))
    lists.push(i % 2 === 0 ? values : (Float64Array.from(values) as unknown as number[]))
  }
  const all = lists.flatMap((l) => [...l]).filter(Number.isFinite)
  expect(all.length).toBeGreaterThan(1 << 16)
  const sorted = [...all].sort((a, b) => a - b)
  const d = summarizePooled(lists)
  let sum = 0
  for (const v of all) sum += v
  expect([d.p50, d.p90, d.p95, d.p99, d.min, d.max, d.count, d.mean]).toEqual([
    percentileOfSorted(sorted, 50),
    percentileOfSorted(sorted, 90),
    percentileOfSorted(sorted, 95),
    percentileOfSorted(sorted, 99),
    sorted[0],
    sorted.at(-1),
    sorted.length,
    sum / all.length,
  ])
})

test('summarizeOfSorted (the finite values given sorted): the same distribution as summarize, to the bit', () => {
  let seed = 23
  const random = (): number => (seed = (seed * 1664525 + 1013904223) % 4294967296) / 4294967296
  for (let trial = 0; trial < 300; trial++) {
    const n = Math.floor(random() * (trial < 250 ? 50 : 80_000))
    const values = Array.from({ length: n }, (_, i) => (i % 37 === 5 ? Number.NaN : i % 41 === 3 ? Number.NEGATIVE_INFINITY : trial % 3 === 0 ? Math.floor(random() * 4) : (random() - 0.2) * 1000))
    const sorted = Float64Array.from(values.filter(Number.isFinite)).sort()
    expect(summarizeOfSorted(values, sorted), `trial ${trial}`).toStrictEqual(summarize(values))
  }
})
