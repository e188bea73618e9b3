import { describe, expect, test } from 'vitest'
import { BOOTSTRAP_CAP, meanBootstrap, percentileBootstraps } from '../../../src/report/intervals/bootstrap-capped.ts'
import { bootstrapPercentile } from '../../../src/report/stats/bootstrap.ts'
import { mulberry32 } from '../../../src/report/stats/prng.ts'

/** n latencies from a skewed (log-normal-like) distribution, seeded. */
function latencies(n: number, seed = 7): number[] {
  const random = mulberry32(seed)
  return Array.from({ length: n }, () => {
    const u = Math.max(1e-12, random())
    const v = random()
    return 200 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v))
  })
}

describe('percentileBootstraps', () => {
  test('up to the cap: exactly stats/bootstrap.ts bootstrapPercentile (seed 1, 1000 resamples), p50 and p95 from one set of resamples', () => {
    const values = latencies(700)
    const [p50, p95] = percentileBootstraps(values, [50, 95])
    for (const [q, got] of [[50, p50], [95, p95]] as const) {
      const want = bootstrapPercentile(values, q, { seed: 1, resamples: 1000 })
      expect(got).toEqual({ lower: want.lower, upper: want.upper, method: 'bootstrap', confidence: 0.95 })
    }
  })

  test('fewer than 2 values: no interval; non-finite values are left out', () => {
    expect(percentileBootstraps([], [50])).toEqual([null])
    expect(percentileBootstraps([5, Number.NaN], [50, 95])).toEqual([null, null])
    expect(meanBootstrap([1])).toBeNull()
  })

  test('above the cap: thinned and scaled, close to the distribution-free order-statistic interval of the whole sample', () => {
    const n = 40 * BOOTSTRAP_CAP
    const values = latencies(n)
    const sorted = [...values].sort((a, b) => a - b)
    const [p50, p95] = percentileBootstraps(values, [50, 95])
    for (const [q, got] of [[0.5, p50], [0.95, p95]] as const) {
      // ranks n·q ± 1.96·√(n·q·(1−q)): the interval a bootstrap of all n values tends to
      const spread = 1.959964 * Math.sqrt(n * q * (1 - q))
      const lower = sorted[Math.floor(n * q - spread)] as number
      const upper = sorted[Math.ceil(n * q + spread)] as number
      const width = (got?.upper ?? 0) - (got?.lower ?? 0)
      expect(width).toBeGreaterThan(0.6 * (upper - lower))
      expect(width).toBeLessThan(1.5 * (upper - lower))
      expect(got?.lower).toBeLessThan(upper)
      expect(got?.upper).toBeGreaterThan(lower)
    }
  })

  test('seeded and order-free: the same values in any order give the same bounds', () => {
    const values = latencies(3000)
    expect(percentileBootstraps([...values].reverse(), [50, 95])).toEqual(percentileBootstraps(values, [50, 95]))
    expect(meanBootstrap([...values].reverse())).toEqual(meanBootstrap(values))
  })
})

describe('meanBootstrap', () => {
  test('above the cap: close to mean ± 1.96·sd/√n', () => {
    const n = 20 * BOOTSTRAP_CAP
    const values = latencies(n, 11).map((v) => Math.min(1, v / 1000))
    const mean = values.reduce((a, b) => a + b, 0) / n
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n)
    const half = (1.959964 * sd) / Math.sqrt(n)
    const got = meanBootstrap(values)
    expect(got?.lower).toBeCloseTo(mean - half, 3)
    expect(got?.upper).toBeCloseTo(mean + half, 3)
    expect(((got?.upper ?? 0) - (got?.lower ?? 0)) / (2 * half)).toBeGreaterThan(0.85)
    expect(((got?.upper ?? 0) - (got?.lower ?? 0)) / (2 * half)).toBeLessThan(1.15)
  })
})
