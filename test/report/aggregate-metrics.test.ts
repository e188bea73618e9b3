import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { computeStats } from '../../src/report/aggregate.ts'
import { buildRunResults, coefficientOfVariation } from '../../src/report/run-results.ts'
import { at, NO_RESPONSE, record, regex, rubric } from './artifacts/fixtures.ts'

/**
 * Aggregation checked against numbers worked out by hand. Percentiles are
 * numpy's default (linear): for n sorted values, rank = q/100 · (n − 1), and
 * the value is v[floor] + (v[ceil] − v[floor]) · (rank − floor).
 *
 * Eight records, consistent with vLLM's definitions (TPOT = (E2E − TTFT) / (out − 1),
 * ITL = gaps between content chunks, summing to E2E − TTFT):
 *
 * | rec | provider/model | status  | E2E  | TTFT | out | TPOT  | ITL                  | queue | in | cost   | start → end (s) |
 * | A   | p1 / m1        | passed  | 120  | 20   | 6   | 20    | 20,20,20,20,20       | 0     | 10 | 0.001  | 0 → 0.12        |
 * | B   | p1 / m1        | passed  | 200  | 30   | 2   | 170   | 170                  | 50    | 20 | 0.002  | 0 → 0.25        |
 * | C   | p1 / m1        | failed  | 340  | 50   | 1   | -     | -                    | 0     | 30 | 0 (replayed) | 10 → 10.001 |
 * | D   | p3 / m1        | passed  | 410  | 60   | 5   | 87.5  | 50,100,100,100       | 30    | 40 | null   | 1 → 1.44        |
 * | E   | p2 / m2        | passed  | 500  | 100  | 3   | 200   | 150,250              | 0     | 50 | null   | 3.5 → 4         |
 * | F   | p2 / m2        | failed  | 1000 | - (not streamed) | 40 | - | -           | 0     | 60 | 0.004  | 1 → 2           |
 * | G   | p2 / m2        | error   | no response, 4 attempts (3 retries)                                           |
 * | H   | p2 / (none)    | skipped | never ran                                                                     |
 */
const streamed = (e2eMs: number, ttftMs: number, tpotMs: number | null, itlMs: number[], queueMs = 0): CaseRecord['timings'] => ({
  queueMs,
  ttftMs,
  e2eMs,
  tpotMs,
  itlMs,
  streamed: true,
})
const usage = (inputTokens: number, outputTokens: number): CaseRecord['usage'] => ({ inputTokens, outputTokens, source: 'provider' })

const A = record({
  caseId: 'A',
  provider: 'p1',
  model: 'm1',
  timings: streamed(120, 20, 20, [20, 20, 20, 20, 20]),
  usage: usage(10, 6),
  cost: 0.001,
  attempts: 3,
  retries: 2,
  evaluations: [regex(true), rubric(0.8, { calls: 2, inputTokens: 300, outputTokens: 40, cost: 0.0005 })],
  startedAt: at(0),
  endedAt: at(0.12),
})
const B = record({
  caseId: 'B',
  provider: 'p1',
  model: 'm1',
  timings: streamed(200, 30, 170, [170], 50),
  usage: usage(20, 2),
  cost: 0.002,
  evaluations: [regex(true), rubric(0.9, { calls: 1, inputTokens: 150, outputTokens: null, cost: null })],
  startedAt: at(0),
  endedAt: at(0.25),
})
const C = record({
  caseId: 'C',
  provider: 'p1',
  model: 'm1',
  status: 'failed',
  timings: streamed(340, 50, null, []),
  usage: usage(30, 1),
  cost: 0,
  costNote: 'replayed from a recording: no call was made',
  attempts: 0,
  cached: true,
  replayed: true,
  evaluations: [regex(false)],
  startedAt: at(10),
  endedAt: at(10.001),
})
const D = record({
  caseId: 'D',
  provider: 'p3',
  model: 'm1',
  timings: streamed(410, 60, 87.5, [50, 100, 100, 100], 30),
  usage: usage(40, 5),
  cost: null,
  costNote: 'no price for openai:m1',
  evaluations: [regex(true), { name: 'toFuzzyMatch', pass: true, score: 0.9, threshold: 0.8, reason: 'ok', details: { similarity: 0.9 } }],
  startedAt: at(1),
  endedAt: at(1.44),
})
const E = record({
  caseId: 'E',
  provider: 'p2',
  model: 'm2',
  category: 'other',
  timings: streamed(500, 100, 200, [150, 250]),
  usage: usage(50, 3),
  cost: null,
  evaluations: [regex(true)],
  startedAt: at(3.5),
  endedAt: at(4),
})
const F = record({
  caseId: 'F',
  provider: 'p2',
  model: 'm2',
  status: 'failed',
  timings: { queueMs: 0, ttftMs: null, e2eMs: 1000, tpotMs: null, itlMs: [], streamed: false },
  usage: usage(60, 40),
  cost: 0.004,
  evaluations: [regex(false)],
  startedAt: at(1),
  endedAt: at(2),
})
const G = record({
  caseId: 'G',
  provider: 'p2',
  model: 'm2',
  status: 'error',
  error: { class: 'server_error', message: '500' },
  ...NO_RESPONSE,
  attempts: 4,
  retries: 3,
  startedAt: at(0),
  endedAt: at(9),
})
const H = record({ caseId: 'H', provider: 'p2', model: '', status: 'skipped', ...NO_RESPONSE, attempts: 0, startedAt: at(0), endedAt: at(0) })
const ALL = [H, G, F, E, D, C, B, A]

describe('computeStats, worked out by hand', () => {
  const s = computeStats(ALL)

  test('statuses; the pass rate is passed over the 7 that ran (H skipped)', () => {
    expect(s).toMatchObject({ cases: 8, samples: 8, passed: 4, failed: 2, errored: 1, timedOut: 0, skipped: 1 })
    expect(s.passRate).toBe(4 / 7)
  })

  test('E2E over the 6 timed records: [120, 200, 340, 410, 500, 1000], rank = q·5/100', () => {
    // p50: rank 2.5  → 340 + 0.5·(410 − 340) = 375
    // p90: rank 4.5  → 500 + 0.5·(1000 − 500) = 750
    // p95: rank 4.75 → 500 + 0.75·500 = 875
    // p99: rank 4.95 → 500 + 0.95·500 = 975
    // mean: 2570 / 6
    expect(s.e2eMs.count).toBe(6)
    expect(s.e2eMs.min).toBe(120)
    expect(s.e2eMs.max).toBe(1000)
    expect(s.e2eMs.mean).toBeCloseTo(2570 / 6, 10)
    expect(s.e2eMs.p50).toBeCloseTo(375, 10)
    expect(s.e2eMs.p90).toBeCloseTo(750, 10)
    expect(s.e2eMs.p95).toBeCloseTo(875, 10)
    expect(s.e2eMs.p99).toBeCloseTo(975, 10)
  })

  test('TTFT over the 5 streamed records: [20, 30, 50, 60, 100], rank = q·4/100 (F, not streamed, has none)', () => {
    // p50: rank 2 → 50; p90: rank 3.6 → 60 + 0.6·40 = 84; p95: rank 3.8 → 92; p99: rank 3.96 → 98.4; mean 260/5 = 52
    expect(s.ttftMs).toMatchObject({ count: 5, min: 20, max: 100, p50: 50 })
    expect(s.ttftMs.mean).toBeCloseTo(52, 10)
    expect(s.ttftMs.p90).toBeCloseTo(84, 10)
    expect(s.ttftMs.p95).toBeCloseTo(92, 10)
    expect(s.ttftMs.p99).toBeCloseTo(98.4, 10)
  })

  test('TPOT over the 4 records with more than one output token: [20, 87.5, 170, 200], rank = q·3/100', () => {
    // C has one output token (TPOT undefined), F was not streamed.
    // p50: rank 1.5 → 87.5 + 0.5·82.5 = 128.75; p90: rank 2.7 → 170 + 0.7·30 = 191
    // p95: rank 2.85 → 195.5; p99: rank 2.97 → 199.1; mean 477.5/4 = 119.375
    expect(s.tpotMs).toMatchObject({ count: 4, min: 20, max: 200 })
    expect(s.tpotMs.mean).toBeCloseTo(119.375, 10)
    expect(s.tpotMs.p50).toBeCloseTo(128.75, 10)
    expect(s.tpotMs.p90).toBeCloseTo(191, 10)
    expect(s.tpotMs.p95).toBeCloseTo(195.5, 10)
    expect(s.tpotMs.p99).toBeCloseTo(199.1, 10)
  })

  test('ITL pooled over every gap of every request: 12 gaps, rank = q·11/100', () => {
    // sorted: [20, 20, 20, 20, 20, 50, 100, 100, 100, 150, 170, 250]
    // p50: rank 5.5 → 50 + 0.5·50 = 75; p90: rank 9.9 → 150 + 0.9·20 = 168
    // p95: rank 10.45 → 170 + 0.45·80 = 206; p99: rank 10.89 → 170 + 0.89·80 = 241.2; mean 1020/12 = 85
    expect(s.itlMs).toMatchObject({ count: 12, min: 20, max: 250 })
    expect(s.itlMs.mean).toBeCloseTo(85, 10)
    expect(s.itlMs.p50).toBeCloseTo(75, 10)
    expect(s.itlMs.p90).toBeCloseTo(168, 10)
    expect(s.itlMs.p95).toBeCloseTo(206, 10)
    expect(s.itlMs.p99).toBeCloseTo(241.2, 10)
  })

  test('queue wait: [0, 0, 0, 0, 30, 50] → p50 0, p90 rank 4.5 → 40', () => {
    expect(s.queueMs).toMatchObject({ count: 6, min: 0, max: 50, p50: 0 })
    expect(s.queueMs.p90).toBeCloseTo(40, 10)
  })

  test('tokens of the model under test only (the judge apart): in 210, out 57; G (no response) lacks usage', () => {
    expect(s.tokens).toEqual({ input: 210, output: 57, total: 267, recordsWithoutUsage: 1 })
  })

  test('throughput over the time calls were in flight: C (replayed, at 10 s) and the gaps between calls are left out', () => {
    // send → last token of the live timed records: A [0, 120], B [50, 250], F [1000, 2000], D [1030, 1440], E [3500, 4000]
    // union: [0, 250] + [1000, 2000] + [3500, 4000] = 250 + 1000 + 500 = 1750 ms
    // output tokens of those: 6 + 2 + 5 + 3 + 40 = 56 → 32 tok/s; 5 completed requests → 5 / 1.75 req/s
    expect(s.wallMs).toBe(1750)
    expect(s.outputTokensPerSecond).toBeCloseTo(32, 10)
    expect(s.requestsPerSecond).toBeCloseTo(5 / 1.75, 10)
  })

  test('a run of replayed records only has no wall time and no throughput', () => {
    const replayed = computeStats([C])
    expect(replayed.wallMs).toBeNull()
    expect(replayed.outputTokensPerSecond).toBeNull()
    expect(replayed.requestsPerSecond).toBeNull()
    expect(replayed.e2eMs.p50).toBe(340) // the recorded timings still count as latencies
  })

  test('cost: A + B + C (0, replayed) + F; D and E have output but no price: unknown, never 0', () => {
    expect(s.cost.total).toBeCloseTo(0.007, 12)
    expect(s.cost.known).toBe(4)
    expect(s.cost.unknown).toBe(2) // G has no output: it cost nothing that could be priced
  })

  test("the judge's calls, tokens and cost, apart: A (2 calls, 300 + 40, $0.0005) and B (1 call, 150 in, no price)", () => {
    expect(s.judge).toEqual({ evaluations: 2, calls: 3, inputTokens: 450, outputTokens: 40, cost: { total: 0.0005, known: 1, unknown: 1 } })
  })

  test('mean score per matcher over the records that ran', () => {
    // toMatchRegex: A 1, B 1, C 0, D 1, E 1, F 0 → 4/6; toSatisfyRubric: (0.8 + 0.9) / 2; toFuzzyMatch: D 0.9
    expect(s.scores['toMatchRegex']?.mean).toBeCloseTo(4 / 6, 12)
    expect(s.scores['toMatchRegex']).toMatchObject({ count: 6, passed: 4 })
    expect(s.scores['toSatisfyRubric']?.mean).toBeCloseTo(0.85, 12)
    expect(s.scores['toSatisfyRubric']).toMatchObject({ count: 2, passed: 2 })
    // one evaluation: no interval (a bootstrap of one value says nothing)
    expect(s.scores['toFuzzyMatch']).toEqual({ mean: 0.9, count: 1, passed: 1, meanInterval: null })
    expect(Object.keys(s.scores)).toEqual(['toFuzzyMatch', 'toMatchRegex', 'toSatisfyRubric'])
  })

  test('attempts, retries and replayed records', () => {
    // attempts: A 3 + B 1 + C 0 + D 1 + E 1 + F 1 + G 4 + H 0 = 11; retries: A 2 + G 3
    expect(s).toMatchObject({ attempts: 11, retries: 5, replayed: 1 })
  })
})

describe('buildRunResults: breakdowns', () => {
  const info = { runId: 'r', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'failed' }
  const results = buildRunResults(info, ALL, [])

  test('byModel: m1 served by p1 and p3 (A, B, C, D); m2 by p2, where H never ran but counts under its provider’s model', () => {
    expect(results.byModel.map((b) => [b.model, b.providers, b.stats.samples])).toEqual([
      ['m1', ['p1', 'p3'], 4],
      ['m2', ['p2'], 4],
    ])
    const m1 = results.byModel[0]?.stats
    // E2E of m1: [120, 200, 340, 410] → p50 rank 1.5 → 270; p95 rank 2.85 → 340 + 0.85·70 = 399.5
    expect(m1?.e2eMs.p50).toBeCloseTo(270, 10)
    expect(m1?.e2eMs.p95).toBeCloseTo(399.5, 10)
    expect(m1?.judge.calls).toBe(3)
  })

  test('byProvider labels each provider with its model, also for a record that has none', () => {
    expect(results.byProvider.map((b) => [b.provider, b.model, b.stats.cases])).toEqual([
      ['p1', 'm1', 3],
      ['p2', 'm2', 4],
      ['p3', 'm1', 1],
    ])
    const p2 = results.byProvider[1]?.stats
    // p2: E (passed), F (failed), G (error); H skipped → 1/3
    expect(p2?.passRate).toBeCloseTo(1 / 3, 12)
    // p2 cost: F 0.004 known, E unknown
    expect(p2?.cost).toEqual({ total: 0.004, known: 1, unknown: 1 })
  })

  test('byCategory and byDataset', () => {
    expect(results.byCategory.map((b) => [b.category, b.stats.samples])).toEqual([
      ['c', 7],
      ['other', 1],
    ])
    expect(results.byDataset.map((b) => [b.dataset, b.stats.samples])).toEqual([['d', 8]])
  })

  test('run mode has no case spread; system and gates default to null', () => {
    expect(results.caseSpread).toBeNull()
    expect(results.system).toBeNull()
    expect(results.gates).toBeNull()
  })

  test('the order of the records given does not matter', () => {
    const again = buildRunResults(info, [...ALL].reverse(), [])
    expect(again).toEqual(results)
  })
})

describe('bench mode: every sample counted, and the spread of each case', () => {
  const sample = (caseId: string, n: number, e2eMs: number, ttftMs: number, pass = true): CaseRecord =>
    record({
      caseId,
      sample: n,
      status: pass ? 'passed' : 'failed',
      evaluations: [regex(pass)],
      timings: streamed(e2eMs, ttftMs, null, []),
      usage: usage(10, 1),
    })
  const records = [sample('x', 0, 100, 10), sample('x', 1, 200, 20), sample('x', 2, 300, 30, false), sample('x', 3, 400, 40), sample('y', 0, 80, 8)]
  const info = { runId: 'r', project: 'llm', mode: 'bench', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
  const results = buildRunResults(info, records, [])

  test('the totals are over all samples', () => {
    expect(results.summary).toMatchObject({ cases: 2, samples: 5, passed: 4, failed: 1 })
    // E2E [80, 100, 200, 300, 400]: p50 rank 2 → 200; p90 rank 3.6 → 300 + 0.6·100 = 360
    expect(results.summary.e2eMs.p50).toBe(200)
    expect(results.summary.e2eMs.p90).toBeCloseTo(360, 10)
  })

  test('case x: 4 samples, 3 passed, E2E CV = population std / mean = sqrt(12500) / 250 = sqrt(0.2)', () => {
    // E2E [100, 200, 300, 400]: mean 250; deviations ±150, ±50 → variance (2·22500 + 2·2500) / 4 = 12500
    const x = results.caseSpread?.[0]
    expect(x).toMatchObject({ dataset: 'd', caseId: 'x', provider: 'p', model: 'm', samples: 4, passed: 3 })
    expect(x?.e2eMs).toMatchObject({ count: 4, min: 100, max: 400, mean: 250, p50: 250 })
    // TTFT [10, 20, 30, 40]: p50 rank 1.5 → 25; p95 rank 2.85 → 30 + 0.85·10 = 38.5
    expect(x?.ttftMs.p50).toBeCloseTo(25, 10)
    expect(x?.ttftMs.p95).toBeCloseTo(38.5, 10)
    expect(x?.e2eCv).toBeCloseTo(Math.sqrt(0.2), 12)
  })

  test('case y: one sample has no CV', () => {
    expect(results.caseSpread?.[1]).toMatchObject({ caseId: 'y', samples: 1, passed: 1, e2eCv: null })
  })

  test('coefficientOfVariation: null for under two values or a zero mean', () => {
    expect(coefficientOfVariation([5])).toBeNull()
    expect(coefficientOfVariation([0, 0])).toBeNull()
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2 / 5, 12) // std 2, mean 5
  })
})
