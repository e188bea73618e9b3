import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { readBaseline, writeBaseline } from '../../src/report/gates/baseline-file.ts'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import type { GateReport } from '../../src/report/gates/types.ts'
import { CLI, describeChild, runChild, type ChildResult } from '../resume/child.ts'
import { cases, results, tempDir, writeRun } from '../report/gates/results-fixture.ts'

/**
 * `llm-test-bench baseline update|compare`, run for real (`node src/cli.ts`)
 * in temporary folders holding run folders with results.json files written
 * the way the reporter writes them.
 */

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function workspace(): string {
  const dir = tempDir('llm-baseline-cli-')
  dirs.push(dir)
  return dir
}

const cli = (cwd: string, ...args: string[]): Promise<ChildResult> => runChild(cwd, [CLI, ...args], {}, 60_000)

const OLD = 'llm-20261101-090000-aaaaaaaa'
const NEW = 'llm-20261120-100000-bbbbbbbb'

/** bench-results with an older and a newer finished run of llm, a newer unfinished one, and a run of another project. */
function withRuns(dir: string, newStatus: 'passed' | 'failed' = 'passed'): void {
  const out = path.join(dir, 'bench-results')
  writeRun(out, results([...cases(3, { e2eMs: 100 }), { caseId: 'c04', status: 'failed' }], { runId: OLD }))
  writeRun(out, results([...cases(3, { e2eMs: 100 }), { caseId: 'c04', status: newStatus }], { runId: NEW }))
  mkdirSync(path.join(out, 'llm-20261121-100000-cccccccc'), { recursive: true })
  writeFileSync(path.join(out, 'llm-20261121-100000-cccccccc', 'results.jsonl'), '')
  writeRun(out, results(cases(2, { status: 'failed' }), { runId: 'other-20261122-100000-dddddddd', project: 'other' }))
}

describe('baseline help and usage errors', () => {
  test('help is exit 0; bad commands and flags are exit 2 with the reason', async () => {
    const dir = workspace()
    const main = await cli(dir, '--help')
    expect(main.stdout).toContain('baseline write the baseline from a run (update)')
    for (const args of [['baseline'], ['baseline', '--help'], ['baseline', 'update', '--help'], ['baseline', 'compare', '-h']]) {
      const help = await cli(dir, ...args)
      expect(help.code, describeChild(help)).toBe(0)
      expect(help.stdout).toMatch(/^Usage: llm-test-bench baseline update \[run\]/)
      expect(help.stdout).toContain('--max-p95-increase <x>')
    }
    const usage: Array<[string[], string]> = [
      [['baseline', 'frob'], 'unknown baseline command "frob"; expected update or compare'],
      [['baseline', 'compare', '--min-pass-rate', '2'], '--min-pass-rate 2: expected a fraction from 0 to 1 (0.9) or a percentage (90%)'],
      [['baseline', 'compare', '--max-p95-increase', 'fast'], '--max-p95-increase fast: expected a fraction of 0 or more (0.2 = +20%) or a percentage (20%)'],
      [['baseline', 'compare', '--json', '--markdown'], '--json and --markdown cannot be used together'],
      [['baseline', 'update', 'a', 'b'], 'one run at most, got "a", "b"'],
      [['baseline', 'update', '--no-new-failures'], "Unknown option '--no-new-failures'"],
      [['baseline', 'compare', '--baseline'], "Option '--baseline <value>' argument missing"],
    ]
    for (const [args, message] of usage) {
      const result = await cli(dir, ...args)
      expect(result.code, describeChild(result)).toBe(2)
      expect(result.stderr).toContain(message)
    }
  }, 60_000)
})

describe('llm-test-bench baseline update', () => {
  test('writes the baseline from the latest finished run of the project; sorted keys; same run, same bytes but createdAt', async () => {
    const dir = workspace()
    withRuns(dir)
    const result = await cli(dir, 'baseline', 'update')
    expect(result.code, describeChild(result)).toBe(0)
    expect(result.stdout).toContain(`wrote llm-baseline.json from run ${NEW}: 4 cases, pass rate 100.0%`)
    expect(result.stdout).toContain('Commit it')
    const file = path.join(dir, 'llm-baseline.json')
    const baseline = readBaseline(file)
    expect(baseline).toMatchObject({ version: 1, runId: NEW, project: 'llm', passRate: 1 })
    expect(baseline.cases.map((c) => c.caseId)).toEqual(['c01', 'c02', 'c03', 'c04'])
    const first = readFileSync(file, 'utf8')

    const again = await cli(dir, 'baseline', 'update', 'latest')
    expect(again.code, describeChild(again)).toBe(0)
    expect(again.stdout).toContain(`against the previous baseline (run ${NEW}): pass rate 100.0% → 100.0%; 0 newly failing, 0 newly passing, 0 score changes, 0 new, 0 no longer run`)
    const withoutDate = (text: string): string => text.replace(/"createdAt": "[^"]+"/, '')
    expect(withoutDate(readFileSync(file, 'utf8'))).toBe(withoutDate(first))
  }, 60_000)

  test('by run id, run folder or results.json path; --baseline, --output-dir and --project', async () => {
    const dir = workspace()
    withRuns(dir)
    const byId = await cli(dir, 'baseline', 'update', OLD, '--baseline', 'baselines/llm.json')
    expect(byId.code, describeChild(byId)).toBe(0)
    expect(readBaseline(path.join(dir, 'baselines', 'llm.json'))).toMatchObject({ runId: OLD, passRate: 0.75 })

    const byFolder = await cli(dir, 'baseline', 'update', path.join('bench-results', NEW), '--baseline', 'baselines/llm.json')
    expect(byFolder.code, describeChild(byFolder)).toBe(0)
    expect(byFolder.stdout).toContain(`against the previous baseline (run ${OLD}): pass rate 75.0% → 100.0%; 0 newly failing, 1 newly passing`)

    const byFile = await cli(dir, 'baseline', 'update', path.join(dir, 'bench-results', OLD, 'results.json'), '--baseline', 'b.json')
    expect(byFile.code, describeChild(byFile)).toBe(0)
    expect(readBaseline(path.join(dir, 'b.json')).runId).toBe(OLD)

    const other = await cli(dir, 'baseline', 'update', '--project', 'other', '--baseline', 'other-baseline.json')
    expect(other.code, describeChild(other)).toBe(0)
    expect(readBaseline(path.join(dir, 'other-baseline.json'))).toMatchObject({ project: 'other', passRate: 0 })

    const moved = workspace()
    writeRun(path.join(moved, 'out'), results(cases(1), { runId: NEW }))
    const outputDir = await cli(moved, 'baseline', 'update', '--output-dir', 'out')
    expect(outputDir.code, describeChild(outputDir)).toBe(0)
    expect(readBaseline(path.join(moved, 'llm-baseline.json')).runId).toBe(NEW)
  }, 60_000)

  test('no finished run, an unknown or unfinished or interrupted run, a bad results.json: exit 2 saying why; nothing written', async () => {
    const dir = workspace()
    const none = await cli(dir, 'baseline', 'update')
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('no finished run of project "llm" in bench-results: run it first (llm-test-bench run --project llm), or name a run id or folder')
    withRuns(dir)
    const unknown = await cli(dir, 'baseline', 'update', 'llm-20250101-000000-00000000')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no run "llm-20250101-000000-00000000": not a run id in bench-results, nor a folder or file')
    const unfinished = await cli(dir, 'baseline', 'update', 'llm-20261121-100000-cccccccc')
    expect(unfinished.code).toBe(2)
    expect(unfinished.stderr).toContain('run llm-20261121-100000-cccccccc has not finished: no results.json in')
    writeRun(path.join(dir, 'bench-results'), results(cases(1), { runId: 'llm-20261123-100000-eeeeeeee', reason: 'interrupted' }))
    const interrupted = await cli(dir, 'baseline', 'update', 'llm-20261123-100000-eeeeeeee')
    expect(interrupted.code).toBe(2)
    expect(interrupted.stderr).toContain('run llm-20261123-100000-eeeeeeee was interrupted: its results are partial')
    writeFileSync(path.join(dir, 'broken.json'), '{"runId": 3}')
    const broken = await cli(dir, 'baseline', 'update', 'broken.json')
    expect(broken.code).toBe(2)
    expect(broken.stderr).toContain('broken.json: not a valid llm-test-bench results.json')
    expect(() => readFileSync(path.join(dir, 'llm-baseline.json'))).toThrow()
  }, 60_000)
})

describe('llm-test-bench baseline compare', () => {
  test('prints the comparison; exit 0 when the gates pass, 1 when one fails, naming the gate and the cases', async () => {
    const dir = workspace()
    withRuns(dir)
    writeBaseline(path.join(dir, 'llm-baseline.json'), createBaseline(results([...cases(4, { e2eMs: 100 })], { runId: 'llm-20261001-000000-ffffffff' })))
    const plain = await cli(dir, 'baseline', 'compare', OLD)
    expect(plain.code, describeChild(plain)).toBe(0)
    expect(plain.stdout).toBe(
      [
        `Run ${OLD}`,
        'Baseline llm-baseline.json (run llm-20261001-000000-ffffffff): pass rate 100.0% → 75.0%, 4 cases',
        '  newly failing (1):',
        '    qa › c04 › openai:gpt-4o-mini: passed → failed, score 1.00 → 0.00',
        '',
      ].join('\n'),
    )
    const gated = await cli(dir, 'baseline', 'compare', OLD, '--no-new-failures', '--min-pass-rate', '70%', '--max-pass-rate-drop', '0.3', '--max-p95-increase', '0.2')
    expect(gated.code, describeChild(gated)).toBe(1)
    expect(gated.stdout).toContain('Regression gates: FAILED (1 of 4 gates)')
    expect(gated.stdout).toContain('✗ noNewFailures: 1 case passed on the baseline and fails now: qa › c04 › openai:gpt-4o-mini')
    expect(gated.stdout).toContain('✓ minPassRate: pass rate 75.0% (3 of 4 cases passed) meets the minimum 70.0%')
    expect(gated.stdout).toContain('✓ maxP95LatencyIncrease (openai:gpt-4o-mini): E2E p95 100 ms on the baseline → 100 ms now (+0.0%), within +20.0%')
    const latest = await cli(dir, 'baseline', 'compare', '--no-new-failures', '--min-pass-rate', '0.9')
    expect(latest.code, describeChild(latest)).toBe(0)
    expect(latest.stdout).toContain(`Run ${NEW}`)
    expect(latest.stdout).toContain('Regression gates: passed (2 gates)')
  }, 60_000)

  test('--json prints the gate report, --markdown the summary section', async () => {
    const dir = workspace()
    withRuns(dir)
    writeBaseline(path.join(dir, 'base.json'), createBaseline(results(cases(4))))
    const json = await cli(dir, 'baseline', 'compare', OLD, '--baseline', 'base.json', '--no-new-failures', '--json')
    expect(json.code, describeChild(json)).toBe(1)
    const report = JSON.parse(json.stdout) as GateReport
    expect(report.passed).toBe(false)
    expect(report.baseline?.baselineFile).toBe('base.json')
    expect(report.gates[0]).toMatchObject({ gate: 'noNewFailures', passed: false, actual: 1, cases: ['qa › c04 › openai:gpt-4o-mini'] })
    const md = await cli(dir, 'baseline', 'compare', OLD, '--baseline', 'base.json', '--no-new-failures', '--markdown')
    expect(md.code, describeChild(md)).toBe(1)
    expect(md.stdout).toMatch(/^### Regression gates: ❌ 1 of 1 gate failed\n/)
    expect(md.stdout).toContain('| qa | c04 | openai:gpt-4o-mini | passed → failed, score 1.00 → 0.00 |')
  }, 60_000)

  test('no baseline, a bad one or another project’s: exit 2 with the file and what to do', async () => {
    const dir = workspace()
    withRuns(dir)
    const missing = await cli(dir, 'baseline', 'compare', '--no-new-failures')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`')
    writeFileSync(path.join(dir, 'llm-baseline.json'), JSON.stringify({ ...createBaseline(results(cases(1))), passRate: 'high' }))
    const bad = await cli(dir, 'baseline', 'compare')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`${path.join(dir, 'llm-baseline.json')}: not a valid baseline: passRate: expected number, found string "high"`)
    expect(bad.stderr).toContain('run `llm-test-bench baseline update` to write one')
    writeBaseline(path.join(dir, 'llm-baseline.json'), createBaseline(results(cases(1), { project: 'other' })))
    const other = await cli(dir, 'baseline', 'compare')
    expect(other.code).toBe(2)
    expect(other.stderr).toContain(`llm-baseline.json is the baseline of project "other", and run ${NEW} is of "llm"`)
  }, 60_000)
})
