import { describe, expect, it } from 'vitest'
import { passRateDropGate } from '../../../src/report/stats/drop-gate.ts'
import { verdict } from '../../../src/report/stats/verdict.ts'

const interval = (estimate: number, se: number) => ({ estimate, lower: estimate - 1.959964 * se, upper: estimate + 1.959964 * se, confidence: 0.95, standardError: se })

describe('verdict', () => {
  it('regressed when the whole interval is below zero, in plain words', () => {
    const v = verdict({ difference: interval(-0.1, 0.02) })
    expect(v.verdict).toBe('regressed')
    expect(v.sentence).toBe('Regressed: the pass rate fell by 10.0 points (95% interval −13.9 points to −6.1 points), more than chance explains at 95% confidence.')
  })

  it('improved when above zero; for latency a rise is a regression', () => {
    expect(verdict({ difference: interval(0.08, 0.02) }).verdict).toBe('improved')
    const latency = verdict({ difference: interval(40, 10), label: 'p95 latency', higherIsBetter: false, format: (ms) => `${Math.abs(ms).toFixed(0)} ms` })
    expect(latency.verdict).toBe('regressed')
    expect(latency.sentence).toContain('the p95 latency rose by 40 ms')
  })

  it('no detectable change, with the minimum detectable change (z₀.₉₇₅ + z₀.₈) · SE', () => {
    const v = verdict({ difference: interval(-0.01, 0.02) })
    expect(v.verdict).toBe('no detectable change')
    expect(v.minimumDetectableChange).toBeCloseTo((1.959964 + 0.841621) * 0.02, 5)
    expect(v.power).toBe(0.8)
    expect(v.sentence).toBe('No detectable change: the pass rate fell by 1.0 points (95% interval −4.9 points to +2.9 points), which chance alone explains; this sample could detect a change of about 5.6 points (80% power at 95% confidence).')
  })

  it('with degrees of freedom (a clustered interval on 6 cases) the minimum detectable change uses t: (t(0.975, 5) + t(0.8, 5)) · SE', () => {
    const v = verdict({ difference: { ...interval(-0.01, 0.02), degreesOfFreedom: 5 } })
    // t(0.975, 5) = 2.570582, t(0.8, 5) = 0.919544 (tables)
    expect(v.minimumDetectableChange).toBeCloseTo((2.570582 + 0.919544) * 0.02, 5)
  })

  it('derives the standard error from the interval when it has none (a bootstrap interval)', () => {
    const v = verdict({ difference: { estimate: 0, lower: -0.0392, upper: 0.0392, confidence: 0.95 } })
    expect(v.minimumDetectableChange).toBeCloseTo((1.959964 + 0.841621) * 0.02, 3)
  })
})

describe('passRateDropGate', () => {
  it('fails on a significant drop beyond maxDrop, passes when the interval rules such a drop out, else inconclusive', () => {
    expect(passRateDropGate(interval(-0.1, 0.02), 0.05)).toBe('fail')
    expect(passRateDropGate(interval(-0.1, 0.02), 0)).toBe('fail')
    expect(passRateDropGate(interval(0, 0.01), 0.05)).toBe('pass')
    expect(passRateDropGate(interval(-0.03, 0.02), 0.05)).toBe('inconclusive') // a significant drop, but not shown to exceed 5 points
    expect(passRateDropGate(interval(-0.06, 0.04), 0.05)).toBe('inconclusive') // not significant
  })
})
