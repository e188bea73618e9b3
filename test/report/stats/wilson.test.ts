import { describe, expect, it } from 'vitest'
import { normalQuantile, zForConfidence } from '../../../src/report/stats/normal.ts'
import { wilsonInterval } from '../../../src/report/stats/wilson.ts'

// reference bounds: scipy.stats.binomtest(k, n).proportion_ci(method='wilson'), checked by hand for 8/10
const cases: Array<[number, number, number, number, number]> = [
  [8, 10, 0.95, 0.490162, 0.943318],
  [0, 10, 0.95, 0, 0.277533],
  [10, 10, 0.95, 0.722467, 1],
  [1, 10, 0.95, 0.017876, 0.40415],
  [50, 100, 0.95, 0.403832, 0.596168],
  [81, 263, 0.95, 0.255289, 0.36621],
  [170, 200, 0.95, 0.793944, 0.892864],
  [8, 10, 0.9, 0.540793, 0.931442],
  [8, 10, 0.99, 0.400819, 0.959869],
]

describe('wilsonInterval', () => {
  it.each(cases)('%i/%i at %f', (passes, n, confidence, lower, upper) => {
    const interval = wilsonInterval(passes, n, confidence)
    expect(interval.estimate).toBeCloseTo(passes / n, 12)
    expect(interval.lower).toBeCloseTo(lower, 5)
    expect(interval.upper).toBeCloseTo(upper, 5)
    expect(interval.confidence).toBe(confidence)
  })

  it('defaults to 95% and gives [0, 1] for no trials', () => {
    expect(wilsonInterval(8, 10)).toEqual(wilsonInterval(8, 10, 0.95))
    const empty = wilsonInterval(0, 0)
    expect([empty.lower, empty.upper]).toEqual([0, 1])
    expect(empty.estimate).toBeNaN()
  })

  it('rejects impossible counts and confidence levels, saying what it found', () => {
    expect(() => wilsonInterval(11, 10)).toThrow(/passes must be a whole number in 0\.\.10, found 11/)
    expect(() => wilsonInterval(1.5, 10)).toThrow(/found 1.5/)
    expect(() => wilsonInterval(1, 10, 95)).toThrow(/confidence must be strictly between 0 and 1 \(e\.g\. 0\.95\), found 95/)
  })
})

describe('normalQuantile', () => {
  it('matches the standard normal table', () => {
    expect(zForConfidence(0.95)).toBeCloseTo(1.959964, 6)
    expect(zForConfidence(0.99)).toBeCloseTo(2.575829, 6)
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6)
  })
})
