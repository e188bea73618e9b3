import { describe, expect, test } from 'vitest'
import { aggregateLoad } from '../../../src/report/load/aggregate-load.ts'
import type { CaseRecord, LoadPoint } from '../../../src/record/schema.ts'
import { request, sweep } from './fixtures.ts'

describe('knee: the last load level before the curve bends', () => {
  test('a server with 4 slots driven at 1, 2, 4, 8, 16: throughput stops rising after 4', () => {
    const report = aggregateLoad(sweep([1, 2, 4, 8, 16], 4), null)
    // requests/s: 1, 2, 4, 4, 4
    expect(report?.measurements.map((m) => m.requestsPerSecond)).toEqual([1, 2, 4, 4, 4])
    expect(report?.knees).toEqual([{ provider: 'p', measurement: 2, label: 'concurrency=4', reason: expect.stringMatching(/^throughput stops rising \(\+0% requests\/s for \+100% load\) from concurrency=4 to concurrency=8$/) }])
    expect(report?.measurements.filter((m) => m.knee).map((m) => m.label)).toEqual(['concurrency=4'])
    // the client kept 8 in flight; the server's queue shows in TTFT, not in queueMs
    expect(report?.measurements[3]?.peakConcurrency).toBe(8)
  })

  test('levels listed out of order are read in load order', () => {
    const records = sweep([1, 2, 4, 8], 2)
    const shuffled = [...records.slice(-8), ...records.slice(0, -8)]
    expect(aggregateLoad(shuffled, null)?.knees[0]?.label).toBe('concurrency=2')
  })

  test('quality falls before throughput does: the knee is where quality goodput drops', () => {
    // 8 slots: throughput rises all the way, but from 4 in flight every answer fails its matcher
    const report = aggregateLoad(sweep([1, 2, 4, 8], 8, (c) => c < 4), { e2eMs: 60_000 })
    expect(report?.measurements.map((m) => m.qualityGoodput)).toEqual([1, 2, 0, 0])
    expect(report?.knees[0]).toMatchObject({ label: 'concurrency=2', reason: expect.stringContaining('quality goodput falls (-100%)') })
  })

  test('rate levels: latency doubling marks the knee', () => {
    const rate = (r: number, i: number): LoadPoint => ({ measurement: i, label: `rate=${r}/s`, kind: 'rate', concurrency: null, ratePerS: r, scheduledMs: 0 })
    // 40 requests at each rate, answered about as fast as they were sent (5.1, 9.9, 17.0 requests/s); E2E 100, 120, 400 ms
    const level = (r: number, i: number, e2eMs: number): CaseRecord[] =>
      Array.from({ length: 40 }, (_, k) => request(rate(r, i), { sentMs: i * 100_000 + (k * 1000) / r, e2eMs }, `r${r}-${k}`))
    const report = aggregateLoad([...level(5, 0, 100), ...level(10, 1, 120), ...level(20, 2, 400)], null)
    expect(report?.knees[0]).toMatchObject({ label: 'rate=10/s', reason: expect.stringContaining('latency climbs (E2E p95 ×3.3)') })
  })

  test('throughput still rising at the highest level: no knee, and it says so', () => {
    const report = aggregateLoad(sweep([1, 2, 4], 8), null)
    expect(report?.knees[0]).toEqual({ provider: 'p', measurement: null, label: null, reason: 'no knee: throughput still rising at the highest load (concurrency=4)' })
    expect(report?.measurements.some((m) => m.knee)).toBe(false)
  })

  test('one level: no curve', () => {
    expect(aggregateLoad(sweep([4], 4), null)?.knees[0]?.reason).toMatch(/one load level/)
  })
})

describe('knee of a GuideLLM sweep (synchronous, throughput, then rates, as they ran)', () => {
  const point = (measurement: number, kind: LoadPoint['kind'], ratePerS: number | null, concurrency: number | null): LoadPoint => ({
    measurement,
    label: kind === 'rate' ? `rate=${ratePerS}/s` : kind,
    kind,
    concurrency,
    ratePerS,
    scheduledMs: kind === 'rate' ? 0 : null,
  })
  /** 40 requests answered at `served` per second (the server's capacity caps the offered rate), 100 ms each. */
  const level = (p: LoadPoint, served: number): CaseRecord[] =>
    Array.from({ length: 40 }, (_, k) => request(p, { sentMs: p.measurement * 1_000_000 + (k * 1000) / served, e2eMs: 100 }, `${p.label}-${k}`))

  test('read in load order: synchronous, rates by rate, throughput; the knee is where served rate falls behind offered', () => {
    // capacity 5/s: synchronous serves 1/s, rates 2 and 4 are served, 8 and 16 only at 5/s
    const records = [
      ...level(point(0, 'synchronous', null, 1), 1),
      ...level(point(1, 'throughput', null, 64), 5),
      ...level(point(2, 'rate', 2, null), 2),
      ...level(point(3, 'rate', 4, null), 4),
      ...level(point(4, 'rate', 8, null), 5),
      ...level(point(5, 'rate', 16, null), 5),
    ]
    const report = aggregateLoad(records, null)
    expect(report?.measurements.map((m) => m.label)).toEqual(['synchronous', 'rate=2/s', 'rate=4/s', 'rate=8/s', 'rate=16/s', 'throughput'])
    expect(report?.knees[0]).toMatchObject({ label: 'rate=4/s', reason: expect.stringContaining('throughput stops rising') })
  })
})
