import { describe, expect, test } from 'vitest'
import { evaluateGates } from '../../../src/report/gates/evaluate.ts'
import { formatGateReportMarkdown } from '../../../src/report/gates/format-markdown.ts'
import { formatGateReportTerminal } from '../../../src/report/gates/format-terminal.ts'
import { aggregateLoad } from '../../../src/report/load/aggregate-load.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'
import type { Slo } from '../../../src/report/load/schema.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { concurrency, request } from './fixtures.ts'

// concurrency=1: 4 requests back to back over 4 s, TTFT 100..400 ms; concurrency=4: 4 at once over 1 s, TTFT 900 ms each
const c1 = concurrency(1, 0)
const c4 = concurrency(4, 1)
const records: CaseRecord[] = [
  ...[0, 1, 2, 3].map((i) => request(c1, { sentMs: i * 1000, e2eMs: 1000, ttftMs: 100 * (i + 1) })),
  ...[0, 1, 2, 3].map((i) => request(c4, { sentMs: 10_000, e2eMs: 1000, ttftMs: 900 }, `c4-${i}`)),
]

function results(slo: Slo | null, mode = 'bench', recs = records): RunResults {
  const info = { runId: 'r', project: 'p', mode, startedAt: new Date(0), endedAt: new Date(0), reason: 'passed' }
  return buildRunResults(info, recs, [], { load: aggregateLoad(recs, slo) })
}

describe('gates.minGoodput and gates.maxP95TtftMs', () => {
  // SLO TTFT ≤ 250: concurrency=1 has 2 of 4 over 4 s = 0.5 req/s; concurrency=4 has 0 of 4 = 0 req/s
  const run = results({ ttftMs: 250 })

  test('a number holds at every measurement: one result per provider × measurement', () => {
    const report = evaluateGates(run, null, { minGoodput: 0.4 }, null)
    expect(report.gates.map((g) => [g.load, g.passed, g.actual])).toEqual([
      ['concurrency=1', true, 0.5],
      ['concurrency=4', false, 0],
    ])
    expect(report.passed).toBe(false)
    expect(report.gates[1]?.message).toBe('goodput 0.00 req/s (0 of 4 requests met the SLOs), below 0.40 req/s')
  })

  test('at a named load: only there', () => {
    expect(evaluateGates(run, null, { minGoodput: { 'concurrency=1': 0.5 } }, null).passed).toBe(true)
    expect(evaluateGates(run, null, { minGoodput: { 'concurrency=1': 0.6 } }, null).passed).toBe(false)
  })

  test('TTFT p95: 100..400 ms gives p95 385 ms at concurrency=1; 900 ms at concurrency=4', () => {
    const report = evaluateGates(run, null, { maxP95TtftMs: { 'concurrency=1': 400, 'concurrency=4': 500 } }, null)
    expect(report.gates.map((g) => [g.load, g.passed])).toEqual([
      ['concurrency=1', true],
      ['concurrency=4', false],
    ])
    expect(report.gates[0]?.actual).toBeCloseTo(385, 9)
    expect(report.gates[1]?.message).toBe('TTFT p95 900 ms over 4 streamed requests, above 500 ms')
  })

  test('a load level that did not run fails, naming the ones that did', () => {
    const report = evaluateGates(run, null, { maxP95TtftMs: { 'concurrency=16': 500 } }, null)
    expect(report.passed).toBe(false)
    expect(report.gates[0]).toMatchObject({ gate: 'maxP95TtftMs', load: 'concurrency=16', passed: false, message: 'no measurement ran at load "concurrency=16" (ran: concurrency=1, concurrency=4)' })
  })

  test('minGoodput without an slo option fails and says what to set', () => {
    const report = evaluateGates(results(null), null, { minGoodput: 0.1 }, null)
    expect(report.gates[0]).toMatchObject({ passed: false, message: expect.stringContaining('no slo option') })
  })

  test('no load profile: skipped in a plain run, failed in bench mode', () => {
    const plain = [request(c1, { sentMs: 0, e2eMs: 1 })].map(({ load: _, ...r }) => r)
    expect(evaluateGates(results({ ttftMs: 1 }, 'run', plain), null, { maxP95TtftMs: 100 }, null).gates[0]).toMatchObject({ passed: true, skipped: 'not a bench run (run): no load profile' })
    expect(evaluateGates(results({ ttftMs: 1 }, 'bench', plain), null, { maxP95TtftMs: 100 }, null).gates[0]).toMatchObject({ passed: false, message: expect.stringContaining('set bench.load') })
  })

  test('terminal and markdown name the gate, provider and load, with limit and actual in their units', () => {
    const report = evaluateGates(run, null, { minGoodput: { 'concurrency=4': 1 }, maxP95TtftMs: { 'concurrency=1': 400 } }, null)
    const terminal = formatGateReportTerminal(report)
    expect(terminal).toContain('Regression gates: FAILED (1 of 2 gates)')
    expect(terminal).toContain('✗ minGoodput (p at concurrency=4): goodput 0.00 req/s (0 of 4 requests met the SLOs), below 1.00 req/s')
    expect(terminal).toContain('✓ maxP95TtftMs (p at concurrency=1): TTFT p95 385 ms over 4 streamed requests')
    const markdown = formatGateReportMarkdown(report)
    expect(markdown).toContain('| minGoodput (p at concurrency=4) | ❌ failed | ≥ 1.00 req/s | 0.00 req/s |')
    expect(markdown).toContain('| maxP95TtftMs (p at concurrency=1) | ✅ passed | ≤ 400 ms | 385 ms |')
  })
})
