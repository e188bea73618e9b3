import { describe, expect, test } from 'vitest'
import { computeStats } from '../../src/report/aggregate.ts'
import { buildRunResults } from '../../src/report/run-results.ts'
import { formatResultsTable } from '../../src/report/table.ts'
import { record } from './artifacts/fixtures.ts'

describe('computeStats', () => {
  const records = [
    record({ caseId: 'a', timings: { queueMs: 0, ttftMs: 10, e2eMs: 100, tpotMs: 22.5, itlMs: [20, 25], streamed: true } }),
    record({
      caseId: 'b',
      status: 'failed',
      evaluations: [{ name: 'toMatchRegex', pass: false, score: 0, threshold: 1, reason: 'no' }],
      timings: { queueMs: 500, ttftMs: 30, e2eMs: 300, tpotMs: 67.5, itlMs: [60, 75], streamed: true },
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:02.000Z',
    }),
    record({ caseId: 'c', status: 'error', output: null, error: { class: 'connection', message: 'refused' }, timings: null, usage: { inputTokens: null, outputTokens: null, source: 'none' }, evaluations: [] }),
    record({ caseId: 'd', status: 'skipped', output: null, timings: null, usage: { inputTokens: null, outputTokens: null, source: 'none' }, evaluations: [] }),
    record({ caseId: 'e', status: 'timeout', output: null, error: { class: 'timeout', message: 'slow' }, timings: null, usage: { inputTokens: null, outputTokens: null, source: 'none' }, evaluations: [] }),
  ]
  const s = computeStats(records)

  test('counts statuses; the pass rate leaves skipped cases out', () => {
    expect(s).toMatchObject({ cases: 5, samples: 5, passed: 1, failed: 1, errored: 1, timedOut: 1, skipped: 1 })
    expect(s.passRate).toBe(1 / 4)
  })

  test('latency percentiles over the timed records, ITL pooled', () => {
    // E2E [100, 300]: p50 = 200, p95 = 100 + 0.95 * 200 = 290
    expect(s.e2eMs).toMatchObject({ count: 2, min: 100, max: 300, mean: 200, p50: 200 })
    expect(s.e2eMs.p95).toBeCloseTo(290, 9)
    expect(s.ttftMs.p50).toBe(20)
    // ITL [20, 25, 60, 75]: p50 = 42.5, p90 = 60 + 0.7 * 15 = 70.5
    expect(s.itlMs.count).toBe(4)
    expect(s.itlMs.p50).toBeCloseTo(42.5, 9)
    expect(s.itlMs.p90).toBeCloseTo(70.5, 9)
    expect(s.queueMs.max).toBe(500)
  })

  test('tokens and throughput: output tokens over the time calls were in flight', () => {
    expect(s.tokens).toEqual({ input: 20, output: 10, total: 30, recordsWithoutUsage: 2 }) // the error and the timeout; a skipped case did not run
    // a: sent at 0 s, E2E 100 ms → [0, 100]; b: sent at 0.5 s (queue), E2E 300 ms → [500, 800]; union 400 ms
    expect(s.wallMs).toBe(400)
    expect(s.outputTokensPerSecond).toBe(25)
    expect(s.requestsPerSecond).toBe(5)
  })

  test('mean score per matcher', () => {
    // scores 0 and 1: a resample's mean is 0, 0.5 or 1, and 1000 resamples give both ends
    expect(s.scores).toEqual({ toMatchRegex: { mean: 0.5, count: 2, passed: 1, meanInterval: { lower: 0, upper: 1, method: 'bootstrap', confidence: 0.95 } } })
  })

  test('an empty set has no rates', () => {
    const empty = computeStats([])
    expect(empty.passRate).toBeNull()
    expect(empty.outputTokensPerSecond).toBeNull()
    expect(empty.e2eMs.p50).toBeNull()
  })
})

describe('run results and the table', () => {
  const records = [
    record({ caseId: 'b', provider: 'q' }),
    record({ caseId: 'a', provider: 'q', sample: 1 }),
    record({ caseId: 'a', provider: 'p', status: 'error', error: { class: 'rate_limit', message: '429' } }),
    record({ caseId: 'a', provider: 'q', sample: 0 }),
  ]
  const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'bench', startedAt: new Date(0), endedAt: new Date(1000), reason: 'failed' }
  const results = buildRunResults(info, records, [{ file: '/x/bad.dataset.yaml', message: 'Invalid dataset bad.dataset.yaml (1 problem):\nbad.dataset.yaml:1:1 x: y' }])

  test('cases are in a stable order: dataset, case, provider, sample', () => {
    expect(results.cases.map((r) => `${r.caseId}/${r.provider}/${r.sample}`)).toEqual(['a/p/null', 'a/q/0', 'a/q/1', 'b/q/null'])
  })

  test('breakdowns by dataset × provider and by provider; errors by class', () => {
    expect(results.byDatasetProvider.map((b) => [b.provider, b.stats.cases, b.stats.samples])).toEqual([
      ['p', 1, 1],
      ['q', 2, 3],
    ])
    expect(results.summary.errorClasses).toEqual({ rate_limit: 1 })
    expect(results.summary.datasetFailures).toBe(1)
  })

  test('the table has a row per dataset × provider, totals, samples in bench mode, and the failures', () => {
    const table = formatResultsTable(results)
    const lines = table.split('\n')
    expect(lines[0]).toBe('llm-test-bench llm (bench) run llm-20260101-000000-abcdef12')
    expect(lines[1]).toMatch(/^dataset\s+provider\s+cases\s+samples\s+passed\s+failed\s+errored\s+pass rate/)
    expect(table).toMatch(/^d\s+q\s+2\s+3\s+3\s+0\s+0\s+100\.0%/m)
    expect(table).toMatch(/^all\s+3\s+4\s+3\s+0\s+1\s+75\.0%/m)
    expect(table).toContain('errors by class: rate_limit 1')
    expect(table).toContain('dataset not run: Invalid dataset bad.dataset.yaml (1 problem):\n  bad.dataset.yaml:1:1 x: y')
  })
})
