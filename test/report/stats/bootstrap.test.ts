import { describe, expect, it } from 'vitest'
import { percentileOfSorted } from '../../../src/metrics/percentile.ts'
import { bootstrapIndices, bootstrapMean, bootstrapPercentile } from '../../../src/report/stats/bootstrap.ts'
import { mulberry32 } from '../../../src/report/stats/prng.ts'

/** n draws from Exponential(1) (mean 1, median ln 2, p95 ln 20). */
function exponentialSample(n: number, seed: number): number[] {
  const random = mulberry32(seed)
  return Array.from({ length: n }, () => -Math.log(1 - random()))
}

describe('bootstrap intervals', () => {
  const sample = exponentialSample(120, 7)

  it('are deterministic: the same seed gives the same interval, another seed another', () => {
    expect(bootstrapPercentile(sample, 95, { seed: 42 })).toEqual(bootstrapPercentile(sample, 95, { seed: 42 }))
    expect(bootstrapMean(sample, { seed: 42 })).toEqual(bootstrapMean(sample, { seed: 42 }))
    expect(bootstrapMean(sample, { seed: 42 }).lower).not.toBe(bootstrapMean(sample, { seed: 43 }).lower)
  })

  it('the counting percentile equals sorting each resample of the sorted sample', () => {
    const sorted = [...sample].sort((a, b) => a - b)
    for (const q of [0, 37.5, 50, 95, 100]) {
      const naive = bootstrapIndices(sorted.length, (indices) => percentileOfSorted(Array.from(indices, (i) => sorted[i] as number).sort((a, b) => a - b), q) as number, 0, { seed: 4, resamples: 300 })
      const fast = bootstrapPercentile(sample, q, { seed: 4, resamples: 300 })
      expect(fast.lower).toBeCloseTo(naive.lower, 12)
      expect(fast.upper).toBeCloseTo(naive.upper, 12)
    }
  })

  it('bracket the sample statistic and are wider at lower n', () => {
    const p50 = bootstrapPercentile(sample, 50)
    expect(p50.lower).toBeLessThanOrEqual(p50.estimate)
    expect(p50.upper).toBeGreaterThanOrEqual(p50.estimate)
    const small = bootstrapMean(sample.slice(0, 20))
    const large = bootstrapMean(sample)
    expect(small.upper - small.lower).toBeGreaterThan(large.upper - large.lower)
  })

  it('the mean interval matches the normal one, mean ± 1.96·s/√n, on a large sample', () => {
    const big = exponentialSample(2000, 3)
    const mean = big.reduce((a, b) => a + b, 0) / big.length
    const sd = Math.sqrt(big.reduce((a, b) => a + (b - mean) ** 2, 0) / (big.length - 1))
    const interval = bootstrapMean(big, { seed: 9 })
    const half = (1.959964 * sd) / Math.sqrt(big.length)
    expect(Math.abs(interval.lower - (mean - half))).toBeLessThan(half * 0.1)
    expect(Math.abs(interval.upper - (mean + half))).toBeLessThan(half * 0.1)
  })

  // coverage on a known distribution: 200 independent samples; generous bounds (the percentile
  // bootstrap under-covers slightly at small n, and 200 trials have a ±3 point binomial spread)
  it('covers the true mean, median and p95 of Exponential(1) about 95% of the time', () => {
    let mean = 0
    let median = 0
    let p95 = 0
    const trials = 200
    for (let t = 0; t < trials; t++) {
      const data = exponentialSample(150, 1000 + t)
      const m = bootstrapMean(data, { seed: t, resamples: 500 })
      const q50 = bootstrapPercentile(data, 50, { seed: t, resamples: 500 })
      const q95 = bootstrapPercentile(data, 95, { seed: t, resamples: 500 })
      if (m.lower <= 1 && 1 <= m.upper) mean++
      if (q50.lower <= Math.LN2 && Math.LN2 <= q50.upper) median++
      if (q95.lower <= Math.log(20) && Math.log(20) <= q95.upper) p95++
    }
    for (const covered of [mean, median, p95]) {
      expect(covered / trials).toBeGreaterThan(0.86)
      expect(covered / trials).toBeLessThan(0.995)
    }
  })

  it('an empty sample gives NaN bounds; a bad percentile is named', () => {
    expect(bootstrapMean([]).lower).toBeNaN()
    expect(() => bootstrapPercentile(sample, 101)).toThrow(/percentile must be in 0\.\.100, found 101/)
    expect(() => bootstrapMean(sample, { resamples: 0 })).toThrow(/resamples must be a whole number ≥ 1, found 0/)
  })
})
