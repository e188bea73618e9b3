import { describe, expect, it } from 'vitest'
import { mcnemarForCases, mcnemarMidP } from '../../../src/report/stats/mcnemar.ts'

describe('mcnemarMidP', () => {
  // by hand: n = b + c, X ~ Bin(n, ½), mid-p = 2·(P(X ≤ m) − ½·P(X = m)), m = min(b, c)
  it.each([
    [1, 5, 8 / 64], // P(X≤1) = 7/64, P(X=1) = 6/64 → 2·(7 − 3)/64
    [0, 3, 1 / 8], // P(X=0) = 1/8 → 2·(1/8 − 1/16)
    [10, 2, 92 / 4096], // P(X≤2) = 79/4096, P(X=2) = 66/4096 → 2·(79 − 33)/4096
    [2, 2, 1],
    [0, 0, 1],
    [30, 12, 0.0054015726545912895], // scipy.stats.binom
  ])('b=%i c=%i', (b, c, expected) => {
    expect(mcnemarMidP(b, c).pValue).toBeCloseTo(expected, 12)
    expect(mcnemarMidP(c, b).pValue).toBeCloseTo(expected, 12)
  })

  it('stays finite for thousands of discordant cases', () => {
    const p = mcnemarMidP(2600, 2400).pValue
    expect(p).toBeGreaterThan(0.004)
    expect(p).toBeLessThan(0.006) // normal approximation: z = 200/√5000 = 2.83 → p ≈ 0.0047
  })

  it('counts a case as passing by the majority of its repeats', () => {
    const result = mcnemarForCases([
      { id: 'a', baseline: { passes: 3, trials: 3 }, current: { passes: 1, trials: 3 } }, // newly failing
      { id: 'b', baseline: { passes: 2, trials: 3 }, current: { passes: 2, trials: 3 } },
      { id: 'c', baseline: { passes: 0, trials: 1 }, current: { passes: 1, trials: 1 } }, // newly passing
      { id: 'd', baseline: { passes: 1, trials: 2 }, current: { passes: 0, trials: 2 } }, // half is not a majority: failing both times
    ])
    expect(result).toEqual({ newlyFailing: 1, newlyPassing: 1, pValue: 1 })
  })
})
