import { describe, expect, test } from 'vitest'
import { aggregateLoad, NO_SLO_NOTE } from '../../../src/report/load/aggregate-load.ts'
import { LoadReportSchema, type LoadMeasurement } from '../../../src/report/load/schema.ts'
import { record } from '../artifacts/fixtures.ts'
import { concurrency, request } from './fixtures.ts'

const c1 = concurrency(1, 0)
const c2 = concurrency(2, 1)

// concurrency=1: three requests one after another over [0, 3000] ms
const level1 = [
  request(c1, { sentMs: 0, e2eMs: 1000, ttftMs: 100, tpotMs: 20 }),
  request(c1, { sentMs: 1000, e2eMs: 1000, ttftMs: 300, tpotMs: 20, queueMs: 40 }), // misses TTFT ≤ 200
  request(c1, { sentMs: 2000, e2eMs: 1000, ttftMs: 150, tpotMs: 60, pass: false }), // misses TPOT ≤ 50, fails its matcher
]
// concurrency=2: two overlapping pairs over [0, 2000] ms (a third starts as the first ends: not three in flight), one error
const level2 = [
  request(c2, { sentMs: 10_000, e2eMs: 1000, ttftMs: 100 }),
  request(c2, { sentMs: 10_500, e2eMs: 1000, ttftMs: 120, pass: false }), // meets the SLOs, fails its matcher
  request(c2, { sentMs: 11_000, e2eMs: 1000, ttftMs: 180 }),
  request(c2, { sentMs: 11_500, e2eMs: 500, status: 'error' }),
]

function find(measurements: readonly LoadMeasurement[], label: string): LoadMeasurement {
  const m = measurements.find((x) => x.label === label)
  if (!m) throw new Error(`no measurement ${label}`)
  return m
}

describe('aggregateLoad: per measurement, hand-computed', () => {
  const report = aggregateLoad([...level2, ...level1, record({ caseId: 'outside a load profile' })], { ttftMs: 200, tpotMs: 50 })

  test('valid against its own schema; one row per measurement, in load order', () => {
    expect(report).not.toBeNull()
    LoadReportSchema.parse(report)
    expect(report?.measurements.map((m) => m.label)).toEqual(['concurrency=1', 'concurrency=2'])
    expect(report?.goodputNote).toBeNull()
  })

  test('concurrency=1: counts, span, throughput, goodput, quality goodput, peak', () => {
    const m = find(report?.measurements ?? [], 'concurrency=1')
    expect(m).toMatchObject({ requests: 3, completed: 3, errors: 0, errorRate: 0, passed: 2, peakConcurrency: 1 })
    // first send 0 → last end 3000: 3 s
    expect(m.durationS).toBe(3)
    expect(m.requestsPerSecond).toBeCloseTo(1, 12)
    expect(m.outputTokensPerSecond).toBeCloseTo(15 / 3, 12)
    expect(m.totalTokensPerSecond).toBeCloseTo(45 / 3, 12)
    // only the first meets TTFT ≤ 200 and TPOT ≤ 50; it passed its matcher too
    expect(m.sloMet).toBe(1)
    expect(m.goodput).toBeCloseTo(1 / 3, 12)
    expect(m.qualityMet).toBe(1)
    expect(m.qualityGoodput).toBeCloseTo(1 / 3, 12)
    // TTFT 100, 150, 300: p50 150, p90 = 150 + 0.8 × 150 = 270
    expect(m.ttftMs.p50).toBe(150)
    expect(m.ttftMs.p90).toBeCloseTo(270, 9)
    expect(m.queueMs.max).toBe(40)
    expect(m.itlMs.count).toBe(6)
  })

  test('concurrency=2: the error counts against the rate; touching intervals are not concurrent', () => {
    const m = find(report?.measurements ?? [], 'concurrency=2')
    expect(m).toMatchObject({ requests: 4, completed: 3, errors: 1, errorRate: 0.25, passed: 2, peakConcurrency: 2 })
    // sends 10 000 … last end 12 000: 2 s (the error has no timings)
    expect(m.durationS).toBe(2)
    expect(m.requestsPerSecond).toBeCloseTo(1.5, 12)
    // all three answers meet the SLOs; one failed its matcher
    expect(m.sloMet).toBe(3)
    expect(m.goodput).toBeCloseTo(1.5, 12)
    expect(m.qualityMet).toBe(2)
    expect(m.qualityGoodput).toBeCloseTo(1, 12)
  })

  test('no slo: goodput null and says why; the rest is measured', () => {
    const none = aggregateLoad(level1, undefined)
    const m = find(none?.measurements ?? [], 'concurrency=1')
    expect(none?.goodputNote).toBe(NO_SLO_NOTE)
    expect(none?.slo).toBeNull()
    expect(m).toMatchObject({ sloMet: null, goodput: null, qualityMet: null, qualityGoodput: null, requests: 3 })
  })

  test('no record with a load point: null', () => {
    expect(aggregateLoad([record({ caseId: 'x' })], { ttftMs: 1 })).toBeNull()
  })

  test('an E2E bound alone; a non-streamed answer meets it but never a TTFT bound', () => {
    const plain = [request(c1, { sentMs: 0, e2eMs: 800, ttftMs: null, tpotMs: null }), request(c1, { sentMs: 800, e2eMs: 1200, ttftMs: null, tpotMs: null })]
    expect(find(aggregateLoad(plain, { e2eMs: 1000 })?.measurements ?? [], 'concurrency=1').sloMet).toBe(1)
    expect(find(aggregateLoad(plain, { ttftMs: 10_000 })?.measurements ?? [], 'concurrency=1').sloMet).toBe(0)
  })

  test('peak concurrency: eight requests, at most five in flight at one instant', () => {
    const c8 = concurrency(8, 0)
    // [0,100) [10,110) [20,120) [30,130) [40,140) then [100,200) [110,210) [500,600)
    const sends = [0, 10, 20, 30, 40, 100, 110, 500]
    const m = find(aggregateLoad(sends.map((s) => request(c8, { sentMs: s, e2eMs: 100 })), null)?.measurements ?? [], 'concurrency=8')
    expect(m.peakConcurrency).toBe(5)
  })

  test('providers apart, each with its own rows', () => {
    const other = level1.map((r) => ({ ...r, provider: 'q' }))
    const both = aggregateLoad([...level1, ...other], null)
    expect(both?.measurements.map((m) => `${m.provider} ${m.label}`)).toEqual(['p concurrency=1', 'q concurrency=1'])
    expect(both?.knees.map((k) => k.provider)).toEqual(['p', 'q'])
  })
})
