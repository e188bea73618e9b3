import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { gateRun } from '../../src/report/gates/gate-run.ts'
import { tempDir, writeRun } from '../report/gates/results-fixture.ts'
import { runOf, type CompareSpec } from './compare-fixture.ts'

/**
 * gateRun with `gates.baseline: 'previous-run'`: the baseline is the newest
 * earlier finished run of the project and mode in the runs folder (real run
 * folders with results.json written as the reporter writes them).
 */

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const three = (status: 'passed' | 'failed'): CompareSpec[] => [{ caseId: 'c01' }, { caseId: 'c02', status }, { caseId: 'c03' }]
const CURRENT = 'llm-20261120-100000-cccccccc'
const gates = { baseline: 'previous-run' as const, noNewFailures: true }

function root(): { root: string; runs: string } {
  const dir = tempDir('llm-previous-run-')
  dirs.push(dir)
  return { root: dir, runs: path.join(dir, 'bench-results') }
}

describe("gates.baseline: 'previous-run'", () => {
  test('the newest earlier finished run of the project and mode; unfinished, interrupted, bench and other projects’ runs left out', () => {
    const { root: dir, runs } = root()
    writeRun(runs, runOf(three('failed'), { runId: 'llm-20261101-090000-aaaaaaaa' }))
    writeRun(runs, runOf(three('passed'), { runId: 'llm-20261102-090000-bbbbbbbb' }))
    writeRun(runs, runOf(three('failed'), { runId: 'llm-20261103-090000-dddddddd', reason: 'interrupted' }))
    writeRun(runs, runOf(three('failed'), { runId: 'llm-bench-20261104-090000-eeeeeeee', mode: 'bench' }))
    writeRun(runs, runOf(three('failed'), { runId: 'other-20261105-090000-ffffffff', project: 'other' }))
    mkdirSync(path.join(runs, 'llm-20261106-090000-abababab'))
    // the current run's own folder (a resumed run may already have one) is never its baseline
    writeRun(runs, runOf(three('failed'), { runId: CURRENT }))
    const report = gateRun(runOf(three('failed'), { runId: CURRENT }), { baseline: 'llm-baseline.json', gates, runsDir: runs }, dir)
    expect(report.baseline).toMatchObject({ baselineRunId: 'llm-20261102-090000-bbbbbbbb', baselineFile: 'bench-results/llm-20261102-090000-bbbbbbbb/results.json' })
    expect(report.gates).toEqual([expect.objectContaining({ gate: 'noNewFailures', passed: false, cases: ['qa › c02 › openai:gpt-4o-mini'] })])
  })

  test('no previous run: the gates that need a baseline are skipped with a note, not failed; a committed file is not read', () => {
    const { root: dir, runs } = root()
    writeFileSync(path.join(dir, 'llm-baseline.json'), 'not json')
    const report = gateRun(runOf(three('failed'), { runId: CURRENT }), { baseline: 'llm-baseline.json', gates, runsDir: runs }, dir)
    expect(report.baseline).toBeNull()
    expect(report.baselineNote).toBe('no previous run of project "llm" in bench-results; gates that need a baseline were skipped')
    expect(report.passed).toBe(true)
    expect(report.gates[0]).toMatchObject({ passed: true, skipped: report.baselineNote })
  })

  test('a previous run whose results.json is damaged: the gates fail, naming the file', () => {
    const { root: dir, runs } = root()
    writeRun(runs, runOf(three('passed'), { runId: 'llm-20261102-090000-bbbbbbbb' }))
    writeFileSync(path.join(runs, 'llm-20261102-090000-bbbbbbbb', 'results.json'), '{"reason": "passed", "cases": 3}')
    const report = gateRun(runOf(three('passed'), { runId: CURRENT }), { baseline: 'llm-baseline.json', gates, runsDir: runs }, dir)
    expect(report.passed).toBe(false)
    expect(report.baselineNote).toMatch(/^the previous run llm-20261102-090000-bbbbbbbb cannot be used as the baseline: bench-results\/llm-20261102-090000-bbbbbbbb\/results\.json: not a valid llm-test-bench results\.json/)
    expect(report.gates[0]).toMatchObject({ gate: 'noNewFailures', passed: false })
  })
})
