import { expect, test } from 'vitest'
import { percentileOfSorted, summarizePooled, type Distribution } from '../../src/metrics/percentile.ts'
import { SHARED_FROM, summarizePooledGroups } from '../../src/metrics/pooled-groups.ts'

/**
 * summarizePooledGroups summarises many groups of the same lists at once: each
 * group's distribution must be summarizePooled's of that group's lists, to the
 * bit (the mean summed in the group's order), and its percentiles those of the
 * pooled values sorted.
 */

function lcg(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1664525 + 1013904223) % 4294967296) / 4294967296
}

/** `count` lists of 20-140 values from `value`, half of them Float64Array views of shared blocks (as slimmed records' gaps), half plain arrays. */
function lists(count: number, random: () => number, value: (row: number, i: number) => number): Array<readonly number[]> {
  const out: Array<readonly number[]> = []
  const block = new Float64Array(count * 140)
  let used = 0
  for (let row = 0; row < count; row++) {
    const values = Array.from({ length: 20 + Math.floor(random() * 120) }, (_, i) => value(row, i))
    if (row % 2 === 0) out.push(values)
    else {
      block.set(values, used)
      out.push(block.subarray(used, used + values.length) as unknown as number[])
      used += values.length
    }
  }
  return out
}

/** The groups a run's breakdowns make of `n` rows: all, and rows by several keys (each group ascending). */
function breakdownGroups(n: number): number[][] {
  const all = Array.from({ length: n }, (_, i) => i)
  const groups: number[][] = [all]
  for (const k of [2, 3, 7]) for (let g = 0; g < k; g++) groups.push(all.filter((i) => i % k === g))
  return groups
}

function sorted(listsOfGroup: ReadonlyArray<readonly number[]>): number[] {
  return listsOfGroup.flatMap((l) => [...l]).filter(Number.isFinite).sort((a, b) => a - b)
}

function expectSame(got: Distribution[], data: ReadonlyArray<readonly number[]>, groups: ReadonlyArray<ArrayLike<number>>): void {
  groups.forEach((rows, g) => {
    const own = Array.from(rows, (row) => data[row] as readonly number[])
    const want = summarizePooled(own)
    expect(got[g], `group ${g}`).toStrictEqual(want)
    if (g > 0) return
    // and the whole set's percentiles are those of its values sorted
    const values = sorted(own)
    expect([want.p50, want.p90, want.p95, want.p99, want.count]).toEqual([
      percentileOfSorted(values, 50),
      percentileOfSorted(values, 90),
      percentileOfSorted(values, 95),
      percentileOfSorted(values, 99),
      values.length,
    ])
  })
}

test('every group as summarizePooled gives it, to the bit, whatever the spread of the values', () => {
  const random = lcg(3)
  const spreads: Record<string, (row: number, i: number) => number> = {
    uniform: () => 5 + random() * 30,
    // a long tail: a few gaps of seconds among gaps of milliseconds
    'long tail': () => (random() < 0.001 ? 5000 + random() * 1e5 : random() * 40),
    // one huge outlier: with equal-width buckets nearly every value would share the first
    'one outlier': (row, i) => (row === 17 && i === 3 ? 1e12 : 1 + random() * 10),
    'many equal values (a batched stream: zeros)': () => (random() < 0.4 ? 0 : random() * 20),
    'negative, zero and positive': () => (random() - 0.5) * 100,
    '-0 and 0': () => (random() < 0.5 ? -0 : random() < 0.5 ? 0 : random()),
    'a tiny span': () => 1 + Math.floor(random() * 1000) * Number.EPSILON,
    'NaN, infinities and nulls': (_row, i) => (i % 13 === 0 ? Number.NaN : i % 17 === 0 ? Number.POSITIVE_INFINITY : i % 19 === 0 ? (null as unknown as number) : random() * 30),
  }
  for (const [name, value] of Object.entries(spreads)) {
    const data = lists(1500, random, value)
    const groups = breakdownGroups(data.length)
    // the large groups share the passes; the whole set is over the threshold
    expect(data.reduce((n, l) => n + l.length, 0), name).toBeGreaterThan(SHARED_FROM * 2)
    expectSame(summarizePooledGroups(data, groups), data, groups)
  }
})

test('groups out of order, repeated rows, rows without values, a group of no finite value, empty groups, small and large groups mixed', () => {
  const random = lcg(8)
  const data = lists(1200, random, () => random() * 50)
  // rows 0..99 hold nothing finite; rows 100..149 nothing at all
  for (let row = 0; row < 100; row++) data[row] = Array.from({ length: 30 }, () => Number.NaN)
  for (let row = 100; row < 150; row++) data[row] = []
  const all = Array.from({ length: data.length }, (_, i) => i)
  const groups: Array<ArrayLike<number>> = [
    Uint32Array.from(all),
    [...all].reverse(),
    [...all.slice(0, 700), ...all.slice(300, 1000)],
    all.slice(0, 150),
    [],
    all.slice(150, 160),
    all.filter((i) => i % 5 !== 0),
    all.slice(0, 100),
  ]
  const got = summarizePooledGroups(data, groups)
  expectSame(got, data, groups)
  expect(got[3]).toStrictEqual({ count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null })
  expect(got[4]?.count).toBe(0)
})

test('nested groups (each made of smaller ones: counts added up, values only summed, four groups at a time), every group shared, and more groups counted directly than are counted together', () => {
  const random = lcg(13)
  const data = lists(2400, random, (_row, i) => (i % 29 === 0 ? Number.NaN : random() < 0.3 ? Math.floor(random() * 4) : random() * 60))
  const all = Array.from({ length: data.length }, (_, i) => i)
  // 60 finest groups; the others are unions of them (a row is in 7 groups made of others), and i % 7 is not
  const nested: number[][] = [all]
  for (const k of [60, 30, 20, 12, 6, 3, 2, 7]) for (let g = 0; g < k; g++) nested.push(all.filter((i) => i % k === g))
  // a threshold of 1: every group takes the shared passes
  expectSame(summarizePooledGroups(data, nested, 1), data, nested)
  // 100 finest groups and the others: more than 64 counted directly, each then a pass of its own
  const many: number[][] = [all]
  for (const k of [100, 50, 10]) for (let g = 0; g < k; g++) many.push(all.filter((i) => i % k === g))
  expectSame(summarizePooledGroups(data, many, 1), data, many)
})
