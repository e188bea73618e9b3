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
  it('with one repeat per case is the plain (Wald) interval p ± z·√(p(1−p)/n)', () => {
    const tallies: CaseTally[] = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, passes: i % 4 === 0 ? 0 : 1, trials: 1 }))
    const p = 30 / 40
    const se = Math.sqrt((p * (1 - p)) / 40)
    const interval = clusteredPassRate(tallies)
    expect(interval.estimate).toBeCloseTo(0.75, 12)
    expect(interval.standardError).toBeCloseTo(se, 12)
    expect(interval.lower).toBeCloseTo(0.75 - 1.959964 * se, 5)
    expect(interval.upper).toBeCloseTo(0.75 + 1.959964 * se, 5)
  })

  it('with equal repeats equals Miller’s cluster-robust SE over the observations', () => {
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
    expect(interval.standardError).toBeCloseTo(millerStandardError(observations), 12)
  })

  it('by hand: case means 1, ½, 0 give mean ½ and SE √0.5 / 3', () => {
    const interval = meanWithClusteredError([1, 0.5, 0])
    expect(interval.estimate).toBe(0.5)
    expect(interval.standardError).toBeCloseTo(Math.sqrt(0.5) / 3, 12)
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
