import { describe, expect, test } from 'vitest'
import { RateWindow } from '../../src/providers/limits/rate-window.ts'

describe('RateWindow (synthetic clock)', () => {
  test('requests per window: the limit holds in any window, and an old request stops counting after exactly the window', () => {
    const w = new RateWindow(1000)
    w.add(0, 1)
    w.add(10, 1)
    expect(w.fits(1, 2, undefined)).toBe(false)
    w.prune(999)
    expect(w.requests).toBe(2)
    w.prune(1000)
    expect(w.requests).toBe(1)
    expect(w.fits(1, 2, undefined)).toBe(true)
    expect(w.untilNextExpiry(1000)).toBe(10)
  })

  test('tokens per window: estimates count, a correction frees (or takes) room at once, and not after the entry left', () => {
    const w = new RateWindow(1000)
    const a = w.add(0, 600)
    expect(w.fits(500, undefined, 1000)).toBe(false)
    w.correct(a, 100)
    expect(w.tokens).toBe(100)
    expect(w.fits(500, undefined, 1000)).toBe(true)
    w.prune(1000)
    expect(w.tokens).toBe(0)
    w.correct(a, 5000) // gone from the window: no effect
    expect(w.tokens).toBe(0)
  })

  test('a request bigger than tpm alone fits an empty window only; fractional rpm rounds down, at least 1', () => {
    const w = new RateWindow(1000)
    expect(w.fits(5000, undefined, 1000)).toBe(true)
    w.add(0, 5000)
    expect(w.fits(1, undefined, 1000)).toBe(false)
    const v = new RateWindow(1000)
    expect(v.fits(1, 0.5, undefined)).toBe(true)
    v.add(0, 1)
    expect(v.fits(1, 0.5, undefined)).toBe(false)
    expect(v.fits(1, 1.9, undefined)).toBe(false)
    expect(v.fits(1, 2, undefined)).toBe(true)
  })

  test('a long log compacts without losing counts', () => {
    const w = new RateWindow(100)
    for (let t = 0; t < 5000; t++) {
      w.add(t, 1)
      w.prune(t)
    }
    expect(w.requests).toBe(100)
    expect(w.tokens).toBe(100)
  })
})
