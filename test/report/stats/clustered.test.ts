import { describe, expect, it } from 'vitest'
import { clusteredPassRate, meanWithClusteredError } from '../../../src/report/stats/clustered.ts'
import type { CaseTally } from '../../../src/report/stats/tally.ts'

/** Miller's clustered SE straight from the observations: √(Σ_c (Σ_i (s_ic − s̄))²) / n. */
function millerStandardError(observations: number[][]): number {
  const all = observations.flat()
  const mean = all.reduce((a, b) => a + b, 0) / all.length
  let total = 0
  for (const cluster of observations) total += cluster.reduce((a, s) => a + (s - mean), 0) ** 2
  return Math.sqrt(total) / all.length
}

describe('clusteredPassRate', () => {
  it('with one repeat per case is the one-sample t interval p ± t(0.975, n−1)·√(p(1−p)/(n−1))', () => {
    const tallies: CaseTally[] = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, passes: i % 4 === 0 ? 0 : 1, trials: 1 }))
    const p = 30 / 40
    // Σ(x − p)² = n·p(1−p); CR1: SE² = Σ(x − p)² / (n(n−1)) = p(1−p)/(n−1), the usual s²/n
    const se = Math.sqrt((p * (1 - p)) / 39)
    const interval = clusteredPassRate(tallies)
    expect(interval.estimate).toBeCloseTo(0.75, 12)
    expect(interval.standardError).toBeCloseTo(se, 12)
    expect(interval.degreesOfFreedom).toBe(39)
    // t(0.975, 39) = 2.022691 (tables)
    expect(interval.lower).toBeCloseTo(0.75 - 2.022691 * se, 5)
    expect(interval.upper).toBeCloseTo(0.75 + 2.022691 * se, 5)
  })

  it('with equal repeats equals Miller’s cluster-robust SE over the observations times the small-sample factor √(C/(C−1))', () => {
    const observations = [
      [1, 1, 1],
      [1, 0, 1],
      [0, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]
    const tallies = observations.map((o, i) => ({ id: `c${i}`, passes: o.reduce((a, b) => a + b, 0), trials: o.length }))
    const interval = clusteredPassRate(tallies)
    expect(interval.estimate).toBeCloseTo(10 / 15, 12)
    expect(interval.standardError).toBeCloseTo(millerStandardError(observations) * Math.sqrt(5 / 4), 12)
  })

  it('by hand: case means 1, ½, 0 give mean ½, SE √(0.5 / (3·2)) and bounds ½ ± t(0.975, 2)·SE', () => {
    const interval = meanWithClusteredError([1, 0.5, 0])
    expect(interval.estimate).toBe(0.5)
    // Σ(m − m̄)² = ¼ + 0 + ¼ = ½; CR1 divides by C(C−1) = 6 (Miller's uncorrected SE was √0.5 / 3)
    expect(interval.standardError).toBeCloseTo(Math.sqrt(1 / 12), 12)
    // t(0.975, 2) = 4.302653 (tables): ±1.242, three cases say almost nothing
    expect(interval.lower).toBeCloseTo(0.5 - 4.302653 * Math.sqrt(1 / 12), 5)
    expect(interval.upper).toBeCloseTo(0.5 + 4.302653 * Math.sqrt(1 / 12), 5)
  })

  it('with 6 cases is wider than the old z interval by t(0.975, 5)/1.96 · √(6/5) ≈ 1.436', () => {
    const values = [1, 2 / 3, 1, 1 / 3, 0, 2 / 3]
    const interval = meanWithClusteredError(values)
    const mean = values.reduce((a, b) => a + b, 0) / 6
    const old = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0)) / 6
    expect((interval.upper - interval.lower) / (2 * 1.959964 * old)).toBeCloseTo((2.570582 / 1.959964) * Math.sqrt(6 / 5), 5)
  })

  it('with one case cannot estimate the spread: an unbounded interval, [0, 1] for a pass rate', () => {
    const one = meanWithClusteredError([0.5])
    expect(one.estimate).toBe(0.5)
    expect(one.standardError).toBe(Number.POSITIVE_INFINITY)
    expect([one.lower, one.upper]).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY])
    const rate = clusteredPassRate([{ id: 'a', passes: 2, trials: 3 }])
    expect([rate.lower, rate.upper]).toEqual([0, 1])
  })

  it('repeats of perfectly consistent cases claim no more certainty than one repeat', () => {
    const once = clusteredPassRate(Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, passes: i < 15 ? 1 : 0, trials: 1 })))
    const fiveTimes = clusteredPassRate(Array.from({ length: 20 }, (_, i) => ({ id: `c${i}`, passes: i < 15 ? 5 : 0, trials: 5 })))
    expect(fiveTimes.standardError).toBeCloseTo(once.standardError, 12)
    // a naive interval over the 100 observations would be √5 narrower
    expect(fiveTimes.upper - fiveTimes.lower).toBeGreaterThan(2 * 1.96 * Math.sqrt((0.75 * 0.25) / 100) * 2)
  })

  it('stays inside [0, 1] and names a bad tally', () => {
    const all = clusteredPassRate([{ id: 'a', passes: 3, trials: 3 }, { id: 'b', passes: 3, trials: 3 }])
    expect([all.lower, all.upper]).toEqual([1, 1])
    expect(() => clusteredPassRate([{ id: 'q7', passes: 4, trials: 3 }])).toThrow(/case "q7": passes must be a whole number in 0\.\.3, found 4/)
  })
})
