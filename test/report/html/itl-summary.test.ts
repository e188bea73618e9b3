import { expect, test } from 'vitest'
import { summarize } from '../../../src/metrics/percentile.ts'
import { itlSummary } from '../../../src/report/html/itl-summary.ts'

test("itlSummary gives summarize's count, p50, p95 and max: any length, ties, non-finite values left out, a typed list", () => {
  let seed = 5
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) % 4294967296
    return seed / 4294967296
  }
  const lists: number[][] = [[], [7], [2, 1], [Number.NaN], [Number.POSITIVE_INFINITY, 3, Number.NaN, 1], [5, 5, 5, 5], [0, -0, 1]]
  // every length up to 200, values from a few (many ties) to many, ascending, descending and shuffled
  for (let n = 1; n <= 200; n++) {
    const distinct = 1 + (n % 7 === 0 ? 2 : n)
    const list = Array.from({ length: n }, () => Math.floor(random() * distinct) * 1.5)
    lists.push(list, [...list].sort((a, b) => a - b), [...list].sort((a, b) => b - a))
  }
  for (const n of [3, 20, 80, 81, 1000, 5000]) lists.push(Array.from({ length: n }, (_, i) => (i % 9 === 0 ? Math.round(random() * 4) : random() * 40)))
  // a null in a list read from JSON is no number: left out, as summarize leaves it
  lists.push([1, null as unknown as number, 2, 3])
  for (const list of lists) {
    const full = summarize(list)
    const want = { count: full.count, p50: full.p50, p95: full.p95, max: full.max }
    expect(itlSummary(list), JSON.stringify(list.slice(0, 5))).toEqual(want)
    const typed = Float64Array.from(list) as unknown as number[]
    const fromTyped = summarize(typed)
    expect(itlSummary(typed)).toEqual({ count: fromTyped.count, p50: fromTyped.p50, p95: fromTyped.p95, max: fromTyped.max })
  }
  // the scratch grows for a long list and shorter ones after it still read only their own values
  expect(itlSummary([1, 2, 3])).toEqual({ count: 3, p50: 2, p95: 2.9, max: 3 })
})
