import { describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { evaluateGates, type GateLimits } from '../../../src/report/gates/evaluate.ts'
import { formatGateReportMarkdown } from '../../../src/report/gates/format-markdown.ts'
import { formatGateReportTerminal } from '../../../src/report/gates/format-terminal.ts'
import { results, type RecordSpec } from './results-fixture.ts'

/** A case's repeats under a variant: `passes` of `trials` passed. */
function repeats(caseId: string, variant: string, passes: number, trials = 3): RecordSpec[] {
  return Array.from({ length: trials }, (_, repeat) => ({ caseId, variant, repeat, status: repeat < passes ? 'passed' : 'failed' }))
}

// lily/girl: 3/3 → 2/3 (minority failure), lily/dog: 3/3 → 1/3 (majority failure), tom/girl and tom/dog unchanged
const base = [...repeats('lily', 'girl', 3), ...repeats('lily', 'dog', 3), ...repeats('tom', 'girl', 3), ...repeats('tom', 'dog', 3)]
const now = [...repeats('lily', 'girl', 2), ...repeats('lily', 'dog', 1), ...repeats('tom', 'girl', 3), ...repeats('tom', 'dog', 3)]

function report(limits: GateLimits): ReturnType<typeof evaluateGates> {
  const run = results(now)
  return evaluateGates(run, compareWithBaseline(run, createBaseline(results(base)), 'llm-baseline.json'), limits, null)
}

describe('baseline changes of a dataset with variants', () => {
  test('each change names its variant, in the comparison and in every list', () => {
    const r = report({ noNewFailures: true })
    expect(r.baseline?.newlyFailing.map((c) => [c.caseId, c.variant])).toEqual([['lily', 'dog'], ['lily', 'girl']])
    expect(r.baseline?.majority?.newlyFailing.map((c) => [c.caseId, c.variant])).toEqual([['lily', 'dog']])
    const text = formatGateReportTerminal(r)
    expect(text).toContain('    qa › lily › dog › openai:gpt-4o-mini: passed → failed')
    expect(text).toContain('    qa › lily › girl › openai:gpt-4o-mini: passed → failed')
    const md = formatGateReportMarkdown(r)
    expect(md).toContain('| Dataset | Case | Variant | Provider | Change |')
    expect(md).toContain('| qa | lily | dog | openai:gpt-4o-mini | passed → failed')
    expect(md).toContain('| qa | lily | girl | openai:gpt-4o-mini | passed → failed')
  })

  test("the terminal's newly failing list follows noNewFailures' majority rule, as summary.md does", () => {
    const r = report({ noNewFailures: { majority: true } })
    const text = formatGateReportTerminal(r)
    expect(text).toContain('  newly failing in a majority of repeats (1):\n    qa › lily › dog › openai:gpt-4o-mini: passed → failed, score 1.00 → 0.33; passed 3 of 3 → 1 of 3')
    expect(text).not.toContain('lily › girl')
    expect(text).not.toMatch(/ {2}newly failing \(/)
    expect(formatGateReportMarkdown(r)).toContain('#### Newly failing in a majority of repeats (1)')
  })

  test('with no majority flip the terminal says so rather than listing the minority failure', () => {
    const run = results(now)
    const r = evaluateGates(run, compareWithBaseline(run, createBaseline(results([...repeats('lily', 'girl', 3), ...repeats('tom', 'girl', 3)])), 'llm-baseline.json'), { noNewFailures: { majority: true } }, null)
    const text = formatGateReportTerminal(r)
    expect(text).not.toContain('newly failing')
  })
})
