import { describe, expect, it } from 'vitest'
import { normalQuantile } from '../../../src/report/stats/normal.ts'
import { studentTCdf, studentTQuantile, tForConfidence, twoSidedTPValue } from '../../../src/report/stats/student-t.ts'

describe("Student's t", () => {
  it('matches table quantiles', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4)
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3027, 4)
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5706, 4)
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4)
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.1693, 4)
    expect(studentTQuantile(0.9, 4)).toBeCloseTo(1.5332, 4)
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.5706, 4)
    expect(tForConfidence(0.95, 5)).toBeCloseTo(2.5706, 4)
  })

  it('converges to the normal z for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.9623, 4)
    expect(studentTQuantile(0.975, 1e5)).toBeCloseTo(normalQuantile(0.975), 4)
    expect(tForConfidence(0.95, Number.POSITIVE_INFINITY)).toBeCloseTo(1.959964, 6)
  })

  it('its CDF inverts the quantile, and the p-value matches the interval', () => {
    for (const df of [1, 2, 3, 5, 17, 2.5]) for (const p of [0.6, 0.9, 0.975, 0.999]) expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10)
    // an estimate exactly t(0.975, 5) standard errors from 0 has p = 0.05
    expect(twoSidedTPValue(2.5705818, 1, 5)).toBeCloseTo(0.05, 6)
    expect(twoSidedTPValue(0, 0, 5)).toBe(1)
    expect(twoSidedTPValue(0.1, 0, 5)).toBe(0)
  })

  it('with no degrees of freedom (one case) the critical value is infinite and nothing is significant', () => {
    expect(tForConfidence(0.95, 0)).toBe(Number.POSITIVE_INFINITY)
    expect(twoSidedTPValue(0.5, Number.POSITIVE_INFINITY, 0)).toBe(1)
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be strictly between 0 and 1, found 1/)
  })
})
