import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { evaluateGates } from '../../../src/report/gates/evaluate.ts'
import { formatGateReportMarkdown } from '../../../src/report/gates/format-markdown.ts'
import { formatGateReportTerminal } from '../../../src/report/gates/format-terminal.ts'
import { appendGithubStepSummary } from '../../../src/report/gates/step-summary.ts'
import type { GateReport } from '../../../src/report/gates/types.ts'
import { cases, results, tempDir, type RecordSpec } from './results-fixture.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const ALL_GATES = { minPassRate: 0.3, maxPassRateDrop: 0.05, noNewFailures: true, maxP95LatencyIncrease: 0.2, maxCostIncrease: 0.5 }

/** 14 cases break, 2 get fixed, 1 score drops; latency +50%; cost the same. */
function regressedReport(): GateReport {
  const base: RecordSpec[] = [...cases(20, { e2eMs: 100 }), { caseId: 'fixed1', status: 'failed' }, { caseId: 'fixed2', status: 'error', score: null }, { caseId: 'wobbly', score: 0.9 }]
  const now: RecordSpec[] = [
    ...cases(14, { status: 'failed', e2eMs: 150 }),
    ...cases(6, { e2eMs: 150 }, 15),
    { caseId: 'fixed1', e2eMs: 150 },
    { caseId: 'fixed2', e2eMs: 150 },
    { caseId: 'wobbly', score: 0.6, e2eMs: 150 },
  ]
  const run = results(now)
  return evaluateGates(run, compareWithBaseline(run, createBaseline(results(base)), 'llm-baseline.json'), ALL_GATES, null)
}

describe('formatGateReportTerminal', () => {
  test('says which gates failed (first), then newly failing, newly passing and score changes, capped with "and N more"', () => {
    const text = formatGateReportTerminal(regressedReport())
    const lines = text.split('\n')
    expect(lines[0]).toBe('Regression gates: FAILED (3 of 5 gates)')
    expect(lines.slice(1, 6).map((l) => l.split(': ')[0])).toEqual([
      '  ✗ maxPassRateDrop',
      '  ✗ noNewFailures',
      '  ✗ maxP95LatencyIncrease (openai:gpt-4o-mini)',
      '  ✓ minPassRate',
      '  ✓ maxCostIncrease (openai:gpt-4o-mini)',
    ])
    expect(lines[1]).toBe('  ✗ maxPassRateDrop: pass rate dropped 52.2 points (91.3% on the baseline → 39.1% now), more than the 5.0 points allowed: see the newly failing cases')
    expect(text).toContain('Baseline llm-baseline.json (run llm-20261120-100000-0123abcd): pass rate 91.3% → 39.1%, 23 cases')
    expect(text).toContain('  newly failing (14):\n    qa › c01 › openai:gpt-4o-mini: passed → failed, score 1.00 → 0.00\n')
    expect(text).toContain('    qa › c10 › openai:gpt-4o-mini: passed → failed, score 1.00 → 0.00\n    and 4 more\n')
    expect(text).not.toContain('c11 ›')
    expect(text).toContain('  newly passing (2):\n    qa › fixed1 › openai:gpt-4o-mini: failed → passed, score 0.00 → 1.00\n    qa › fixed2 › openai:gpt-4o-mini: error → passed, score - → 1.00')
    expect(text).toContain('  score changes (1):\n    qa › wobbly › openai:gpt-4o-mini: passed → passed, score 0.90 → 0.60')
    expect(formatGateReportTerminal(regressedReport(), 3)).toContain('qa › c03 › openai:gpt-4o-mini: passed → failed, score 1.00 → 0.00\n    and 11 more')
  })

  test('nothing to say without gates and baseline; the note when gates ran without a baseline', () => {
    expect(formatGateReportTerminal({ baseline: null, baselineNote: 'no baseline at x.json', gates: [], passed: true })).toBe('')
    const report = evaluateGates(results(cases(2)), null, { noNewFailures: true }, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`')
    expect(formatGateReportTerminal(report)).toBe(
      'Regression gates: passed (1 gate)\n  - noNewFailures: skipped: no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`\nBaseline: no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`',
    )
  })

  test('case ids from datasets cannot inject terminal escapes or lines', () => {
    const base: RecordSpec[] = [{ caseId: 'evil\u001b[2J\nFAKE: all passed' }]
    const run = results([{ caseId: 'evil\u001b[2J\nFAKE: all passed', status: 'failed' }])
    const report = evaluateGates(run, compareWithBaseline(run, createBaseline(results(base)), 'b.json'), { noNewFailures: true }, null)
    const text = formatGateReportTerminal(report)
    expect(text).not.toContain('\u001b')
    expect(text).toContain('qa › evil [2J FAKE: all passed › openai:gpt-4o-mini')
    expect(text.split('\n').some((line) => line.startsWith('FAKE'))).toBe(false)
  })
})

describe('formatGateReportMarkdown', () => {
  test('a section with the gates table and the case tables, capped with "and N more"', () => {
    const md = formatGateReportMarkdown(regressedReport(), 5)
    expect(md.startsWith('### Regression gates: ❌ 3 of 5 gates failed\n\n| Gate | Result | Limit | Actual | Details |\n| --- | --- | --- | --- | --- |\n')).toBe(true)
    expect(md).toContain('| noNewFailures | ❌ failed | none | 14 | 14 cases passed on the baseline and fail now: qa › c01 › openai:gpt-4o-mini, ')
    expect(md).toContain('| minPassRate | ✅ passed | ≥ 30.0% | 39.1% |')
    expect(md).toContain('| maxP95LatencyIncrease (openai:gpt-4o-mini) | ❌ failed | ≤ +20.0% | +50.0% | E2E p95 100 ms on the baseline → 150 ms now (+50.0%), more than the +20.0% allowed')
    expect(md).toContain('Baseline llm-baseline.json from run llm-20261120-100000-0123abcd: pass rate 91.3% → 39.1% (23 → 23 cases); 14 cases newly failing, 2 newly passing, 1 score change, 0 new, 0 not run.')
    expect(md).toContain('#### Newly failing (14)\n\n| Dataset | Case | Provider | Change |\n| --- | --- | --- | --- |\n| qa | c01 | openai:gpt-4o-mini | passed → failed, score 1.00 → 0.00 |\n')
    expect(md).toContain('| qa | c05 | openai:gpt-4o-mini | passed → failed, score 1.00 → 0.00 |\n\nand 9 more\n\n#### Newly passing (2)')
    expect(md).toContain('#### Score changes (1)')
    expect(md.endsWith('\n')).toBe(true)
  })

  test('untrusted names are escaped: no table breaks, HTML, links or mentions', () => {
    const evil = 'x | y <img src=x onerror=alert(1)> [link](http://e.vil) @octocat *bold* `code`\nnext'
    const base: RecordSpec[] = [{ dataset: 'd|s', caseId: evil }]
    const run = results([{ dataset: 'd|s', caseId: evil, status: 'failed' }])
    const md = formatGateReportMarkdown(evaluateGates(run, compareWithBaseline(run, createBaseline(results(base)), 'b.json'), { noNewFailures: true }, null))
    const row = md.split('\n').find((line) => line.startsWith('| d'))
    expect(row).toBe(
      '| d\\|s | x \\| y &lt;img src=x onerror=alert(1)&gt; \\[link\\](http://e.vil) &#64;octocat \\*bold\\* \\`code\\` next | openai:gpt-4o-mini | passed → failed, score 1.00 → 0.00 |',
    )
    // the row still has exactly its 4 cells
    expect(row?.split(/(?<!\\)\|/).length).toBe(6)
    expect(md).not.toContain('<img')
    expect(md).not.toContain('@octocat')
  })

  test('empty without gates and baseline; the baseline note otherwise', () => {
    expect(formatGateReportMarkdown({ baseline: null, baselineNote: null, gates: [], passed: true })).toBe('')
    const md = formatGateReportMarkdown(evaluateGates(results(cases(1)), null, { minPassRate: 0.9 }, 'no baseline at llm-baseline.json; write one with `llm-test-bench baseline update`'))
    expect(md).toBe(
      '### Regression gates: ✅ 1 gate passed\n\n| Gate | Result | Limit | Actual | Details |\n| --- | --- | --- | --- | --- |\n| minPassRate | ✅ passed | ≥ 90.0% | 100.0% | pass rate 100.0% (1 of 1 case passed) meets the minimum 90.0% |\n\nBaseline: no baseline at llm-baseline.json; write one with \\`llm-test-bench baseline update\\`\n',
    )
  })
})

describe('appendGithubStepSummary', () => {
  test('appends to the file $GITHUB_STEP_SUMMARY names, creating it; does nothing without the variable; never throws', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'sub', 'step_summary.md')
    expect(appendGithubStepSummary('### one\n', { GITHUB_STEP_SUMMARY: file })).toBe(file)
    expect(appendGithubStepSummary('### two', { GITHUB_STEP_SUMMARY: file })).toBe(file)
    expect(readFileSync(file, 'utf8')).toBe('### one\n\n### two\n\n')
    expect(appendGithubStepSummary('### three\n', {})).toBeNull()
    expect(appendGithubStepSummary('   \n', { GITHUB_STEP_SUMMARY: file })).toBeNull()
    expect(readFileSync(file, 'utf8')).toBe('### one\n\n### two\n\n')
    // a path that cannot be written (a file where a folder should be): null, no exception
    const blocker = path.join(dir, 'blocker')
    writeFileSync(blocker, '')
    expect(appendGithubStepSummary('### x\n', { GITHUB_STEP_SUMMARY: path.join(blocker, 'summary.md') })).toBeNull()
    mkdirSync(path.join(dir, 'a-folder'))
    expect(appendGithubStepSummary('### x\n', { GITHUB_STEP_SUMMARY: path.join(dir, 'a-folder') })).toBeNull()
  })

  test('the real report: the Markdown section lands in the summary file', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'summary.md')
    appendGithubStepSummary(formatGateReportMarkdown(regressedReport()), { GITHUB_STEP_SUMMARY: file })
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('### Regression gates: ❌ 3 of 5 gates failed')
    expect(text).toContain('| qa | c14 | openai:gpt-4o-mini | passed → failed, score 1.00 → 0.00 |')
  })
})

describe('the baseline line with repeats', () => {
  test('names what it counts: a case passes there only when every repeat passed, unlike the mean over repeats', () => {
    // two cases × 3 repeats: a passes 3/3, b 2/3 on both sides: mean 83.3%, every-repeat 50.0%
    const specs = (): RecordSpec[] => [0, 1, 2].flatMap((repeat) => [{ caseId: 'a', repeat }, { caseId: 'b', repeat, status: repeat === 0 ? 'failed' : 'passed' }])
    const run = results(specs())
    const report = evaluateGates(run, compareWithBaseline(run, createBaseline(results(specs())), 'llm-baseline.json'), { noNewFailures: { majority: true } }, null)
    expect(formatGateReportTerminal(report)).toContain('(run llm-20261120-100000-0123abcd): cases passing every repeat 50.0% → 50.0%')
    expect(formatGateReportMarkdown(report)).toContain('from run llm-20261120-100000-0123abcd: cases passing every repeat 50.0% → 50.0%')
    // without repeats it is the plain pass rate
    expect(formatGateReportTerminal(regressedReport())).toContain('): pass rate 91.3% → 39.1%')
  })
})
