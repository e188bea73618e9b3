import { describe, expect, test } from 'vitest'
import { allowed, createAdaptive, rateLimited, setLimit, succeeded } from '../../src/providers/limits/adaptive.ts'

describe('adaptive concurrency (AIMD)', () => {
  test('a 429 halves it (at least 1); successes add one slot per round back up to the limit', () => {
    const a = createAdaptive(8)
    expect(rateLimited(a, 0)).toBe(true)
    expect(allowed(a)).toBe(4)
    for (let i = 0; i < 4; i++) succeeded(a)
    expect(allowed(a)).toBe(5)
    for (let i = 0; i < 100; i++) succeeded(a)
    expect(allowed(a)).toBe(8)
    expect(a.min).toBe(4)
    const one = createAdaptive(1)
    rateLimited(one, 0)
    expect(allowed(one)).toBe(1)
  })

  test('one decrease per round: a 429 for a request granted before the last decrease is ignored', () => {
    const a = createAdaptive(16)
    expect(rateLimited(a, 0)).toBe(true)
    expect(rateLimited(a, 0)).toBe(false)
    expect(allowed(a)).toBe(8)
    expect(rateLimited(a, a.generation)).toBe(true)
    expect(allowed(a)).toBe(4)
    expect(a.decreases).toBe(2)
  })

  test('a third of a slot three times is a whole slot', () => {
    const a = createAdaptive(6)
    a.value = 3
    for (let i = 0; i < 3; i++) succeeded(a)
    expect(allowed(a)).toBe(4)
  })

  test('a new configured limit: lower caps at once, higher is reached at once when not throttled', () => {
    const a = createAdaptive(4)
    setLimit(a, 2)
    expect(allowed(a)).toBe(2)
    setLimit(a, 6)
    expect(allowed(a)).toBe(6)
    rateLimited(a, a.generation)
    setLimit(a, 10)
    expect(allowed(a)).toBe(3)
  })
})
