import { describe, expect, test } from 'vitest'
import { percentileOfSorted, summarize } from '../../src/metrics/percentile.ts'
import { RequestTimer, tpot } from '../../src/metrics/timings.ts'

describe('percentiles (numpy linear interpolation)', () => {
  // numpy: np.percentile([1, 2, 3, 4, 10], [50, 90, 95, 99]) -> [3. , 7.6, 8.8, 9.76]
  test('matches numpy on a small set', () => {
    const s = summarize([4, 1, 10, 3, 2])
    expect(s).toMatchObject({ count: 5, min: 1, max: 10, mean: 4 })
    expect(s.p50).toBe(3)
    expect(s.p90).toBeCloseTo(7.6, 10)
    expect(s.p95).toBeCloseTo(8.8, 10)
    expect(s.p99).toBeCloseTo(9.76, 10)
  })

  // np.percentile(range(1, 101), 95) -> 95.05
  test('interpolates between closest ranks', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentileOfSorted(values, 95)).toBeCloseTo(95.05, 10)
    expect(percentileOfSorted(values, 50)).toBeCloseTo(50.5, 10)
  })

  test('an empty set gives nulls, one value gives itself', () => {
    expect(summarize([])).toEqual({ count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null })
    expect(summarize([7]).p99).toBe(7)
  })

  test('non-finite values (unknown timings) are left out', () => {
    expect(summarize([Number.NaN, 2, 4]).count).toBe(2)
  })
})

describe('request timings', () => {
  test('TPOT is (E2E − TTFT) / (tokens − 1), only for more than one token', () => {
    expect(tpot(1000, 200, 9)).toBe(100)
    expect(tpot(1000, 200, 1)).toBeNull()
    expect(tpot(1000, null, 9)).toBeNull()
  })

  test('TTFT ≤ E2E and ITL gaps come from successive chunks', async () => {
    const timer = new RequestTimer(performance.now())
    timer.start()
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5))
      timer.chunk()
    }
    timer.end()
    const t = timer.finish(3, true)
    expect(t.ttftMs).not.toBeNull()
    expect(t.ttftMs as number).toBeLessThanOrEqual(t.e2eMs)
    expect(t.itlMs).toHaveLength(2)
    expect(t.tpotMs).toBeCloseTo((t.e2eMs - (t.ttftMs as number)) / 2, 6)
  })

  test('a non-streamed request has only E2E', () => {
    const timer = new RequestTimer()
    timer.start()
    timer.end()
    const t = timer.finish(12, false)
    expect(t).toMatchObject({ ttftMs: null, tpotMs: null, itlMs: [], streamed: false })
  })
})
