import { describe, expect, expectTypeOf, test } from 'vitest'
import type { LlmBenchOptions as PublicOptions, LoadProfile } from '../../../src/index.ts'
import { loadProfileProblems } from '../../../src/config/load-profile.ts'
import { resolveOptions, type LlmBenchOptions } from '../../../src/config/options.ts'
import { arrivalTimesMs } from '../../../src/runner/load/arrivals.ts'
import { ConcurrencyGate } from '../../../src/runner/load/gate.ts'
import { planMeasurements, rateLabel, sweepRate } from '../../../src/runner/load/plan.ts'
import { StopConditions } from '../../../src/runner/load/stop.ts'

function gaps(times: number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number))
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}

function cv(values: number[]): number {
  const m = mean(values)
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2))) / m
}

describe('arrival schedules', () => {
  test('constant: evenly spaced at the rate, the first at once', () => {
    expect(arrivalTimesMs({ count: 4, ratePerS: 10, arrivals: 'constant', seed: 0, rampUpMs: 0 })).toEqual([0, 100, 200, 300])
  })

  test('poisson: the same seed gives the same schedule, another seed another; mean gap 1/rate, exponential spread', () => {
    const a = arrivalTimesMs({ count: 20_000, ratePerS: 50, arrivals: 'poisson', seed: 7, rampUpMs: 0 })
    expect(arrivalTimesMs({ count: 20_000, ratePerS: 50, arrivals: 'poisson', seed: 7, rampUpMs: 0 })).toEqual(a)
    expect(arrivalTimesMs({ count: 20_000, ratePerS: 50, arrivals: 'poisson', seed: 8, rampUpMs: 0 })).not.toEqual(a)
    expect(mean(gaps(a))).toBeCloseTo(20, 0)
    // an exponential's coefficient of variation is 1
    expect(cv(gaps(a))).toBeGreaterThan(0.95)
    expect(cv(gaps(a))).toBeLessThan(1.05)
  })

  test('gamma: mean gap 1/rate, coefficient of variation 1/√burstiness (burstier below 1)', () => {
    for (const burstiness of [0.25, 1, 4]) {
      const times = arrivalTimesMs({ count: 20_000, ratePerS: 10, arrivals: { type: 'gamma', burstiness }, seed: 3, rampUpMs: 0 })
      expect(mean(gaps(times)) / 100).toBeCloseTo(1, 1)
      expect(cv(gaps(times)) * Math.sqrt(burstiness)).toBeCloseTo(1, 1)
    }
  })

  test('ramp-up: the rate grows linearly to its value over rampUpMs, then holds', () => {
    const times = arrivalTimesMs({ count: 30, ratePerS: 10, arrivals: 'constant', seed: 0, rampUpMs: 2000 })
    // Λ(t) = 10·t²/(2·2 s) during the ramp: 10 arrivals by its end (2 s), then one every 100 ms
    expect(times.filter((t) => t < 2000)).toHaveLength(10)
    expect(times[1]).toBeCloseTo(Math.sqrt((2 * 1 * 2000) / 0.01), 6)
    expect(gaps(times.filter((t) => t >= 2000)).every((g) => Math.abs(g - 100) < 1e-9)).toBe(true)
    // gaps shrink during the ramp
    const early = gaps(times.filter((t) => t < 2000))
    expect(early.every((g, i) => i === 0 || g < (early[i - 1] as number))).toBe(true)
  })
})

describe('the concurrency gate', () => {
  test('at most the limit in flight, waiting requests go in index order', async () => {
    const gate = new ConcurrencyGate(2, 0, performance.now())
    const order: number[] = []
    const waits = [5, 3, 1, 4, 2].map((i) => gate.acquire(i).then((ok) => ok && order.push(i)))
    await Promise.resolve()
    // the first two to ask hold the slots; the others wait, lowest index first
    expect(order).toEqual([5, 3])
    gate.release()
    await new Promise((r) => setTimeout(r, 0))
    expect(order).toEqual([5, 3, 1])
    gate.release()
    gate.release()
    await new Promise((r) => setTimeout(r, 0))
    expect(order).toEqual([5, 3, 1, 2, 4])
    gate.close()
    expect(await gate.acquire(9)).toBe(false)
    await Promise.all(waits)
  })

  test('close lets waiting requests go unsent', async () => {
    const gate = new ConcurrencyGate(1, 0, performance.now())
    expect(await gate.acquire(0)).toBe(true)
    const waiting = gate.acquire(1)
    gate.close()
    expect(await waiting).toBe(false)
  })

  test('ramp-up: the allowance grows from 1 to the limit over rampUpMs', () => {
    const start = 1000
    const gate = new ConcurrencyGate(8, 400, start)
    expect(gate.allowed(start)).toBe(1)
    expect(gate.allowed(start + 100)).toBe(2)
    expect(gate.allowed(start + 200)).toBe(4)
    expect(gate.allowed(start + 400)).toBe(8)
    expect(gate.allowed(start + 10_000)).toBe(8)
    expect(new ConcurrencyGate(null, 400, start).allowed(start)).toBe(Infinity)
  })

  test('ramp-up releases waiting requests as time passes, not only as requests end', async () => {
    const gate = new ConcurrencyGate(4, 200, performance.now())
    const granted: number[] = []
    for (let i = 0; i < 4; i++) void gate.acquire(i).then(() => granted.push(performance.now()))
    await new Promise((r) => setTimeout(r, 20))
    expect(granted).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 400))
    expect(granted).toHaveLength(4)
    gate.close()
  })
})

describe('stop conditions', () => {
  test('maxRequests: exactly that many sent', () => {
    const stop = new StopConditions({ maxRequests: 3, errorRateMinRequests: 10 })
    expect([1, 2, 3, 4, 5].map(() => stop.maySend(0))).toEqual([true, true, true, false, false])
    expect(stop.reason).toBe('maxRequests')
    expect(stop.describe()).toBe('maxRequests: 3 sent')
  })

  test('maxDurationMs: nothing sent once it passed', () => {
    const stop = new StopConditions({ maxDurationMs: 500, errorRateMinRequests: 10 })
    expect(stop.maySend(499)).toBe(true)
    expect(stop.maySend(500)).toBe(false)
    expect(stop.maySend(10)).toBe(false)
    expect(stop.reason).toBe('maxDurationMs')
  })

  test('maxErrorRate: only after the minimum of ended requests, then when the failed fraction exceeds it', () => {
    const stop = new StopConditions({ maxErrorRate: 0.5, errorRateMinRequests: 4 })
    expect(stop.requestEnded(true)).toBe(false)
    expect(stop.requestEnded(true)).toBe(false)
    expect(stop.requestEnded(true)).toBe(false)
    expect(stop.requestEnded(false)).toBe(true) // 3 of 4 failed > 0.5
    expect(stop.maySend(0)).toBe(false)
    expect(stop.describe()).toBe('maxErrorRate: 0.5 exceeded (3 of 4 failed)')
    const even = new StopConditions({ maxErrorRate: 0.5, errorRateMinRequests: 4 })
    expect([true, false, true, false].map((f) => even.requestEnded(f))).toEqual([false, false, false, false]) // 2 of 4 is not above 0.5
  })
})

describe('measurement plans', () => {
  const resolveLoad = (load: unknown) => resolveOptions({ bench: { load } } as LlmBenchOptions).bench.load
  test('a concurrency list, a rate list, a sweep', () => {
    expect(planMeasurements(resolveLoad({ concurrency: [1, 4] }) ?? fail()).map((p) => p.title)).toEqual(['concurrency=1', 'concurrency=4'])
    expect(planMeasurements(resolveLoad({ rate: 2.345 }) ?? fail()).map((p) => p.title)).toEqual(['rate=2.35/s'])
    expect(planMeasurements(resolveLoad({ sweep: { rates: 3 } }) ?? fail()).map((p) => p.title)).toEqual(['synchronous', 'throughput', 'sweep rate 1/3', 'sweep rate 2/3', 'sweep rate 3/3'])
    expect(planMeasurements(resolveLoad({ sweep: true }) ?? fail())).toHaveLength(10)
    expect(rateLabel(10)).toBe('rate=10/s')
  })

  test('sweep rates lie evenly strictly between the synchronous and the throughput rates', () => {
    expect([1, 2, 3].map((i) => sweepRate(i, 3, 2, 10))).toEqual([4, 6, 8])
    // throughput no better than synchronous: the synchronous rate
    expect(sweepRate(1, 3, 5, 4)).toBe(5)
  })
})

describe('option errors', () => {
  const problem = (load: unknown): string => {
    try {
      resolveOptions({ bench: { load } } as LlmBenchOptions)
    } catch (error) {
      return (error as Error).message
    }
    return 'no error'
  }
  test('each names the field and what was expected', () => {
    expect(problem({})).toContain('bench.load: give exactly one of concurrency, rate or sweep (found none of them)')
    expect(problem({ concurrency: 4, rate: 10 })).toContain('give exactly one of concurrency, rate or sweep (found concurrency and rate)')
    expect(problem({ concurrency: [] })).toMatch(/bench\.load\.concurrency.*at least one level/)
    expect(problem({ concurrency: [1, 0] })).toMatch(/bench\.load\.concurrency/)
    expect(problem({ rate: -1 })).toMatch(/bench\.load\.rate/)
    expect(problem({ rate: 5, arrivals: 'bursty' })).toMatch(/bench\.load\.arrivals/)
    expect(problem({ rate: 5, arrivals: { type: 'gamma' } })).toMatch(/bench\.load\.arrivals/)
    expect(problem({ concurrency: 2, arrivals: 'poisson' })).toContain('bench.load.arrivals: arrivals apply to rate and sweep levels, not to concurrency levels')
    expect(problem({ rate: 5, maxErrorRate: 2 })).toMatch(/bench\.load\.maxErrorRate/)
    expect(problem({ rate: 5, maxRequest: 2 })).toContain('bench.load.maxRequest: unknown field "maxRequest", did you mean "maxRequests"?')
    expect(problem({ sweep: { rates: 0 } })).toMatch(/bench\.load\.sweep/)
  })

  test('preflight: a concurrency level above a provider\'s own limit', () => {
    const load = resolveOptions({ bench: { load: { concurrency: [1, 64] } } }).bench.load
    expect(loadProfileProblems(load, [{ id: 'srv', concurrency: 32 }, { id: 'big', concurrency: 64 }])).toEqual([
      'bench.load.concurrency: level 64 is above provider "srv"\'s concurrency limit 32, so it would never have 64 requests in flight; raise the provider\'s `concurrency` to at least 64 or lower the level',
    ])
    expect(loadProfileProblems(resolveOptions({ bench: { load: { rate: 10 } } }).bench.load, [{ id: 'srv', concurrency: 1 }])).toEqual([])
  })
})

test('types for users: LoadProfile and bench.load in LlmBenchOptions', () => {
  const sweep: LoadProfile = { sweep: { rates: 4 }, arrivals: { type: 'gamma', burstiness: 0.5 }, seed: 1 }
  const options: PublicOptions = { bench: { iterations: 2, load: { concurrency: [1, 4], maxErrorRate: 0.1 } } }
  // @ts-expect-error an unknown arrival process
  const bad: LoadProfile = { rate: 5, arrivals: 'bursty' }
  expectTypeOf(sweep).toEqualTypeOf<LoadProfile>()
  expect(resolveOptions(options).bench.load?.concurrency).toEqual([1, 4])
  expect(bad.rate).toBe(5)
})

function fail(): never {
  throw new Error('no load profile')
}
