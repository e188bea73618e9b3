import { describe, expect, it } from 'vitest'
import { pairedBootstrapMeanDifference, pairedPassRateDifference, type PairedCase } from '../../../src/report/stats/paired.ts'
import { mulberry32 } from '../../../src/report/stats/prng.ts'

const once = (before: number, after: number, id: string): PairedCase => ({ id, baseline: { passes: before, trials: 1 }, current: { passes: after, trials: 1 } })

describe('pairedPassRateDifference', () => {
  it('by hand: differences −1, 0, 0, 0 give −¼ with SE √(0.75/(4·3)) = ¼ and bounds −¼ ± t(0.975, 3)·¼, clamped to [−1, 1]', () => {
    const d = pairedPassRateDifference([once(1, 0, 'a'), once(1, 1, 'b'), once(0, 0, 'c'), once(1, 1, 'd')])
    expect(d.estimate).toBe(-0.25)
    // Σ(d − d̄)² = 0.75² + 3·0.25² = 0.75; CR1 divides by C(C−1) = 12
    expect(d.standardError).toBeCloseTo(0.25, 12)
    expect(d.degreesOfFreedom).toBe(3)
    // t(0.975, 3) = 3.182446 (tables): −0.25 − 0.7956 = −1.0456 lies below −1
    expect(d.lower).toBe(-1)
    expect(d.upper).toBeCloseTo(-0.25 + 3.182446 * 0.25, 5)
  })

  it('with one case: the interval is the whole range [−1, 1]', () => {
    const d = pairedPassRateDifference([once(1, 0, 'a')])
    expect([d.estimate, d.lower, d.upper]).toEqual([-1, -1, 1])
  })

  it('uses case-level means when cases have repeats', () => {
    const d = pairedPassRateDifference([
      { id: 'a', baseline: { passes: 3, trials: 3 }, current: { passes: 1, trials: 3 } },
      { id: 'b', baseline: { passes: 1, trials: 2 }, current: { passes: 2, trials: 2 } },
    ])
    expect(d.estimate).toBeCloseTo((-2 / 3 + 0.5) / 2, 12)
  })

  it('is much narrower than an unpaired comparison when cases differ in difficulty', () => {
    // half the cases always pass, half always fail, in both runs, except 6 that changed
    const cases = Array.from({ length: 200 }, (_, i) => once(i < 100 ? 1 : 0, i < 100 ? (i < 6 ? 0 : 1) : 0, `c${i}`))
    const paired = pairedPassRateDifference(cases)
    const unpairedSe = Math.sqrt((0.5 * 0.5) / 200 + (0.47 * 0.53) / 200)
    expect(paired.estimate).toBeCloseTo(-0.03, 12)
    expect(paired.standardError).toBeLessThan(unpairedSe / 2)
    expect(paired.upper).toBeLessThan(0)
  })
})

describe('pairedBootstrapMeanDifference', () => {
  const random = mulberry32(5)
  const baseline = Array.from({ length: 80 }, () => random())
  const current = baseline.map((score) => score + 0.05 + (random() - 0.5) * 0.02)

  it('finds a small consistent shift that an unpaired view would miss, deterministically', () => {
    const d = pairedBootstrapMeanDifference(baseline, current, { seed: 11 })
    expect(d.estimate).toBeCloseTo(0.05, 2)
    expect(d.lower).toBeGreaterThan(0.04)
    expect(d.upper).toBeLessThan(0.06)
    expect(pairedBootstrapMeanDifference(baseline, current, { seed: 11 })).toEqual(d)
  })

  it('refuses unpaired lengths, saying both', () => {
    expect(() => pairedBootstrapMeanDifference([1, 2], [1])).toThrow(/found 2 baseline and 1 current/)
  })
})
