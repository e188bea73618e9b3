import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { writeBaseline } from '../../../src/report/gates/baseline-file.ts'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { evaluateGates } from '../../../src/report/gates/evaluate.ts'
import { gateRun } from '../../../src/report/gates/gate-run.ts'
import { gatesAtRunEnd } from '../../../src/report/gates/run-end.ts'
import type { GateResult } from '../../../src/report/gates/types.ts'
import type { RunResults } from '../../../src/report/run-results.ts'
import { cases, results, tempDir, type RecordSpec } from './results-fixture.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Runs the gates of `run` against a baseline taken from `base`. */
function gate(base: RecordSpec[], now: RecordSpec[], gates: Parameters<typeof evaluateGates>[2]): GateResult[] {
  const run = results(now)
  const comparison = compareWithBaseline(run, createBaseline(results(base)), 'llm-baseline.json')
  return evaluateGates(run, comparison, gates, null).gates
}

function only(list: GateResult[]): GateResult {
  expect(list).toHaveLength(1)
  return list[0] as GateResult
}

describe('minPassRate (no baseline needed)', () => {
  test('passes at or above the limit, fails below with the numbers and what to do', () => {
    const run = results([...cases(9), { caseId: 'x', status: 'failed' }])
    const pass = evaluateGates(run, null, { minPassRate: 0.9 }, null)
    expect(pass.passed).toBe(true)
    expect(pass.gates).toEqual([{ gate: 'minPassRate', passed: true, limit: 0.9, actual: 0.9, message: 'pass rate 90.0% (9 of 10 cases passed) meets the minimum 90.0%' }])
    const fail = evaluateGates(run, null, { minPassRate: 0.95 }, null)
    expect(fail.passed).toBe(false)
    expect(only(fail.gates)).toMatchObject({ gate: 'minPassRate', passed: false, limit: 0.95, actual: 0.9 })
    expect(only(fail.gates).message).toBe('pass rate 90.0% (9 of 10 cases passed) is below the minimum 95.0%: fix the failing cases or lower gates.minPassRate')
  })

  test('errors and timeouts count as failures; skipped cases do not count; nothing ran: skipped', () => {
    const run = results([{ caseId: 'a' }, { caseId: 'b', status: 'error' }, { caseId: 'c', status: 'timeout' }, { caseId: 'd', status: 'skipped' }])
    expect(only(evaluateGates(run, null, { minPassRate: 0.3 }, null).gates).actual).toBeCloseTo(1 / 3)
    const none = only(evaluateGates(results([{ caseId: 'a', status: 'skipped' }]), null, { minPassRate: 0.5 }, null).gates)
    expect(none).toMatchObject({ passed: true, skipped: 'no case ran', actual: null })
  })
})

describe('maxPassRateDrop', () => {
  const base = [...cases(16), ...cases(4, { status: 'failed' }, 17)] // 80%
  test('a drop within the limit passes (exactly at the limit too, despite floating point)', () => {
    const now = [...cases(15), ...cases(5, { status: 'failed' }, 16)] // 75%: 0.8 - 0.75 = 0.05000000000000004
    const g = only(gate(base, now, { maxPassRateDrop: 0.05 }))
    expect(g).toMatchObject({ gate: 'maxPassRateDrop', passed: true, limit: 0.05, values: { before: 0.8, after: 0.75 } })
    expect(g.actual).toBeCloseTo(0.05)
    expect(g.message).toBe('pass rate dropped 5.0 points (80.0% on the baseline → 75.0% now), within the 5.0 points allowed')
  })
  test('a bigger drop fails and says by how much', () => {
    const now = [...cases(14), ...cases(6, { status: 'failed' }, 15)] // 70%
    const g = only(gate(base, now, { maxPassRateDrop: 0.05 }))
    expect(g.passed).toBe(false)
    expect(g.actual).toBeCloseTo(0.1)
    expect(g.message).toBe('pass rate dropped 10.0 points (80.0% on the baseline → 70.0% now), more than the 5.0 points allowed: see the newly failing cases')
  })
  test('a rise passes', () => {
    expect(only(gate(base, cases(20), { maxPassRateDrop: 0 })).message).toBe('pass rate did not drop (80.0% on the baseline → 100.0% now)')
  })
})

describe('noNewFailures', () => {
  test('passes when no case that passed fails now (old failures may stay failing)', () => {
    const g = only(gate([{ caseId: 'a' }, { caseId: 'b', status: 'failed' }], [{ caseId: 'a' }, { caseId: 'b', status: 'failed' }, { caseId: 'new', status: 'failed' }], { noNewFailures: true }))
    expect(g).toEqual({ gate: 'noNewFailures', passed: true, limit: true, actual: 0, message: 'no case that passed on the baseline fails now' })
  })
  test('fails naming the cases (all of them in `cases`, the first three in the message)', () => {
    const base = cases(6)
    const now = [...cases(5, { status: 'failed' }), { caseId: 'c06', status: 'error' as const }]
    const g = only(gate(base, now, { noNewFailures: true }))
    expect(g).toMatchObject({ gate: 'noNewFailures', passed: false, limit: true, actual: 6 })
    expect(g.cases).toEqual(['qa › c01 › openai:gpt-4o-mini', 'qa › c02 › openai:gpt-4o-mini', 'qa › c03 › openai:gpt-4o-mini', 'qa › c04 › openai:gpt-4o-mini', 'qa › c05 › openai:gpt-4o-mini', 'qa › c06 › openai:gpt-4o-mini'])
    expect(g.message).toBe(
      '6 cases passed on the baseline and fail now: qa › c01 › openai:gpt-4o-mini, qa › c02 › openai:gpt-4o-mini, qa › c03 › openai:gpt-4o-mini and 3 more; fix them, or accept the new results with `llm-test-bench baseline update`',
    )
    const one = only(gate([{ caseId: 'a' }], [{ caseId: 'a', status: 'timeout' }], { noNewFailures: true }))
    expect(one.message).toBe('1 case passed on the baseline and fails now: qa › a › openai:gpt-4o-mini; fix it, or accept the new results with `llm-test-bench baseline update`')
  })
  test('noNewFailures: false checks nothing', () => {
    expect(gate([{ caseId: 'a' }], [{ caseId: 'a', status: 'failed' }], { noNewFailures: false })).toEqual([])
  })
})

describe('maxP95LatencyIncrease, per provider, replayed records left out', () => {
  const base: RecordSpec[] = [...cases(10, { provider: 'openai:gpt-4o-mini', e2eMs: 1000 }), ...cases(10, { provider: 'local', e2eMs: 200 })]
  test('each provider is held on its own: one slower than allowed fails, the other passes', () => {
    const now: RecordSpec[] = [...cases(10, { provider: 'openai:gpt-4o-mini', e2eMs: 1300 }), ...cases(10, { provider: 'local', e2eMs: 210 })]
    const [local, openai] = gate(base, now, { maxP95LatencyIncrease: 0.2 }) as [GateResult, GateResult]
    expect(local).toMatchObject({ gate: 'maxP95LatencyIncrease', provider: 'local', passed: true, limit: 0.2, values: { before: 200, after: 210 } })
    expect(local.actual).toBeCloseTo(0.05)
    expect(local.message).toBe('E2E p95 200 ms on the baseline → 210 ms now (+5.0%), within +20.0%')
    expect(openai).toMatchObject({ gate: 'maxP95LatencyIncrease', provider: 'openai:gpt-4o-mini', passed: false, values: { before: 1000, after: 1300 } })
    expect(openai.actual).toBeCloseTo(0.3)
    expect(openai.message).toBe(
      'E2E p95 1.00 s on the baseline → 1.30 s now (+30.0%), more than the +20.0% allowed: find what slowed it (model, prompt length, max tokens, server load) or raise gates.maxP95LatencyIncrease',
    )
  })
  test('replayed records (recorded timings) do not count; a side with only replayed records is skipped with the reason', () => {
    const mixed: RecordSpec[] = [...cases(10, { provider: 'local', e2eMs: 210 }), ...cases(5, { provider: 'local', e2eMs: 99_999, replayed: true }, 11)]
    expect(only(gate(base.slice(10), mixed, { maxP95LatencyIncrease: 0.2 }))).toMatchObject({ passed: true, values: { before: 200, after: 210 } })
    const replayedNow = only(gate(base.slice(10), cases(10, { provider: 'local', replayed: true, e2eMs: 5000 }), { maxP95LatencyIncrease: 0.2 }))
    expect(replayedNow).toMatchObject({ provider: 'local', passed: true, actual: null, skipped: 'this run has only replayed records for this provider (recordings carry recorded timings and cost 0)' })
    const replayedBefore = only(gate(cases(10, { provider: 'local', replayed: true }), cases(10, { provider: 'local' }), { maxP95LatencyIncrease: 0.2 }))
    expect(replayedBefore.skipped).toBe('the baseline has only replayed records for this provider (recordings carry recorded timings and cost 0)')
    expect(replayedBefore.message).toBe('skipped: the baseline has only replayed records for this provider (recordings carry recorded timings and cost 0)')
  })
  test('a provider not in the baseline is skipped; one only in the baseline is not held', () => {
    const g = gate(cases(3, { provider: 'local' }), cases(3, { provider: 'ollama:qwen3' }), { maxP95LatencyIncrease: 0.2 })
    expect(g).toEqual([{ gate: 'maxP95LatencyIncrease', provider: 'ollama:qwen3', passed: true, skipped: 'not in the baseline', limit: 0.2, actual: null, message: 'skipped: not in the baseline' }])
  })
})

describe('maxCostIncrease, per provider, replayed records left out', () => {
  test('passes within the limit, fails above it, naming both totals', () => {
    const base = cases(10, { cost: 0.01 })
    const pass = only(gate(base, cases(10, { cost: 0.0105 }), { maxCostIncrease: 0.1 }))
    expect(pass).toMatchObject({ gate: 'maxCostIncrease', provider: 'openai:gpt-4o-mini', passed: true, values: { before: 0.1, after: 0.105 } })
    const fail = only(gate(base, cases(10, { cost: 0.02 }), { maxCostIncrease: 0.1 }))
    expect(fail.passed).toBe(false)
    expect(fail.actual).toBeCloseTo(1)
    expect(fail.message).toBe('cost $0.1000 on the baseline → $0.2000 now (+100.0%), more than the +10.0% allowed: check the prompt and output lengths and the model, or raise gates.maxCostIncrease')
    const more = only(gate(base, cases(20, { cost: 0.01 }), { maxCostIncrease: 0.1 }))
    expect(more.message).toContain('(measured 20 records now, 10 on the baseline)')
  })
  test('replayed records (cost 0) do not lower the total; no price on a side: skipped; $0 both sides: passed', () => {
    const base = cases(4, { cost: 0.01 })
    const withReplays = only(gate(base, [...cases(4, { cost: 0.01 }), ...cases(4, { replayed: true }, 5)], { maxCostIncrease: 0 }))
    expect(withReplays).toMatchObject({ passed: true, actual: 0, values: { before: 0.04, after: 0.04 } })
    expect(only(gate(base, cases(4, { cost: null }), { maxCostIncrease: 0.1 })).skipped).toBe('this run has no known cost (no price) for this provider')
    const free = only(gate(cases(3, { provider: 'local', cost: 0 }), cases(3, { provider: 'local', cost: 0 }), { maxCostIncrease: 0.1 }))
    expect(free).toMatchObject({ passed: true, actual: 0, message: 'cost $0, as on the baseline' })
    const fromZero = only(gate(cases(3, { provider: 'local', cost: 0 }), cases(3, { provider: 'local', cost: 0.5 }), { maxCostIncrease: 0.1 }))
    expect(fromZero).toMatchObject({ passed: true, actual: null, skipped: "the baseline's cost is $0: a relative rise cannot be computed (now $1.50)" })
  })
})

describe('bench and run mode', () => {
  test('latency and cost are not held across modes (bench samples); pass rates and new failures are', () => {
    const base = createBaseline(results(cases(2, { e2eMs: 100 }), { mode: 'run' }))
    const bench = results([0, 1, 2].flatMap((sample) => cases(2, { e2eMs: 500, sample, status: sample === 2 ? 'failed' : 'passed' })), { mode: 'bench' })
    const report = evaluateGates(bench, compareWithBaseline(bench, base, 'b.json'), { noNewFailures: true, maxP95LatencyIncrease: 0.2, maxCostIncrease: 0.1 }, null)
    expect(report.gates.map((g) => [g.gate, g.passed, g.skipped ?? null])).toEqual([
      ['noNewFailures', false, null],
      ['maxP95LatencyIncrease', true, 'the baseline comes from run mode and this run from bench mode: latency and cost do not compare across the two (write the baseline from a bench mode run to gate them)'],
      ['maxCostIncrease', true, 'the baseline comes from run mode and this run from bench mode: latency and cost do not compare across the two (write the baseline from a bench mode run to gate them)'],
    ])
    // watch and run are one mode here
    const watch = results(cases(2, { e2eMs: 500 }), { mode: 'watch' })
    expect(evaluateGates(watch, compareWithBaseline(watch, base, 'b.json'), { maxP95LatencyIncrease: 0.2 }, null).gates[0]).toMatchObject({ passed: false, actual: 4 })
  })
})

describe('without a baseline', () => {
  test('gates that need one are skipped with the note; minPassRate still holds', () => {
    const report = evaluateGates(results([{ caseId: 'a', status: 'failed' }]), null, { minPassRate: 0.5, maxPassRateDrop: 0.05, noNewFailures: true, maxP95LatencyIncrease: 0.2, maxCostIncrease: 0.1 }, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`')
    expect(report.passed).toBe(false)
    expect(report.baseline).toBeNull()
    expect(report.baselineNote).toBe('no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`')
    expect(report.gates.map((g) => [g.gate, g.passed, g.skipped ?? null])).toEqual([
      ['minPassRate', false, null],
      ['maxPassRateDrop', true, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`'],
      ['noNewFailures', true, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`'],
      ['maxP95LatencyIncrease', true, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`'],
      ['maxCostIncrease', true, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`'],
    ])
  })
  test('no gates configured: passed, nothing listed', () => {
    expect(evaluateGates(results([{ caseId: 'a', status: 'failed' }]), null, {}, null)).toEqual({ baseline: null, baselineNote: null, gates: [], passed: true })
  })
})

describe('gateRun', () => {
  const scratch = (): string => {
    const dir = tempDir()
    dirs.push(dir)
    return dir
  }
  const gates = { noNewFailures: true, maxPassRateDrop: 0.1 }
  const failing: RunResults = results([{ caseId: 'a', status: 'failed' }, { caseId: 'b' }])

  test('reads the baseline relative to the root and compares', () => {
    const root = scratch()
    writeBaseline(path.join(root, 'baselines', 'llm.json'), createBaseline(results([{ caseId: 'a' }, { caseId: 'b' }])))
    const report = gateRun(failing, { baseline: 'baselines/llm.json', gates }, root)
    expect(report.passed).toBe(false)
    expect(report.baselineNote).toBeNull()
    expect(report.baseline?.baselineFile).toBe('baselines/llm.json')
    expect(report.baseline?.newlyFailing.map((c) => c.caseId)).toEqual(['a'])
    expect(report.gates.map((g) => [g.gate, g.passed])).toEqual([
      ['maxPassRateDrop', false],
      ['noNewFailures', false],
    ])
    // an absolute path under the root is shown relative to it
    expect(gateRun(failing, { baseline: path.join(root, 'baselines/llm.json'), gates }, root).baseline?.baselineFile).toBe(path.join('baselines', 'llm.json'))
  })

  test('no file: note and skipped gates, the run passes', () => {
    const report = gateRun(failing, { baseline: 'llm-baseline.json', gates }, scratch())
    expect(report).toMatchObject({ passed: true, baseline: null, baselineNote: 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`' })
    expect(report.gates.every((g) => g.skipped !== undefined)).toBe(true)
  })

  test('an invalid file, or another project’s baseline: the note says why and the gates that need it FAIL', () => {
    const root = scratch()
    writeFileSync(path.join(root, 'llm-baseline.json'), '{"version":1}')
    const invalid = gateRun(failing, { baseline: 'llm-baseline.json', gates: { ...gates, minPassRate: 0.1 } }, root)
    expect(invalid.passed).toBe(false)
    expect(invalid.baselineNote).toMatch(/^llm-baseline\.json: not a valid baseline: createdAt: missing \(expected string\)/)
    expect(invalid.gates.map((g) => [g.gate, g.passed])).toEqual([
      ['minPassRate', true],
      ['maxPassRateDrop', false],
      ['noNewFailures', false],
    ])
    expect(invalid.gates[1]?.message).toBe('could not be checked: llm-baseline.json: not a valid baseline: createdAt: missing (expected string)')

    writeBaseline(path.join(root, 'llm-baseline.json'), createBaseline(results([{ caseId: 'a' }], { project: 'llm-builtin' })))
    const other = gateRun(failing, { baseline: 'llm-baseline.json', gates }, root)
    expect(other.passed).toBe(false)
    expect(other.baselineNote).toBe(
      'llm-baseline.json is the baseline of project "llm-builtin", not of "llm": give this project its own file with llmBench({ name: \'llm\', baseline: \'baselines/llm.json\' })',
    )
  })

  test('gatesAtRunEnd: the root is Vitest’s; no report on a shard or for an interrupted run', () => {
    const root = scratch()
    writeBaseline(path.join(root, 'llm-baseline.json'), createBaseline(results([{ caseId: 'a' }, { caseId: 'b' }])))
    const options = { baseline: 'llm-baseline.json', gates }
    expect(gatesAtRunEnd({ config: { root } } as never, failing, options)?.passed).toBe(false)
    expect(gatesAtRunEnd({ config: { root, shard: { index: 1, count: 2 } } } as never, failing, options)).toBeNull()
    expect(gatesAtRunEnd({ config: { root } } as never, { ...failing, reason: 'interrupted' }, options)).toBeNull()
  })
})
