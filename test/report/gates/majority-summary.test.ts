import { describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { evaluateGates, type GateLimits } from '../../../src/report/gates/evaluate.ts'
import { formatGateReportMarkdown } from '../../../src/report/gates/format-markdown.ts'
import { formatSummaryMarkdown } from '../../../src/report/artifacts/markdown.ts'
import { results, type RecordSpec } from './results-fixture.ts'

/** summary.md's "newly failing" list follows the rule noNewFailures counts by. */

/** A case's repeats: `passes` of `trials` passed. */
function repeats(caseId: string, passes: number, trials: number): RecordSpec[] {
  return Array.from({ length: trials }, (_, repeat) => ({ caseId, repeat, status: repeat < passes ? 'passed' : 'failed' }))
}

// a: 3/3 → 2/3 (a flaky minority failure), b: 3/3 → 1/3, c: 2/3 → 0/3, d: 3/3 → 3/3
const base = [...repeats('a', 3, 3), ...repeats('b', 3, 3), ...repeats('c', 2, 3), ...repeats('d', 3, 3)]
const now = [...repeats('a', 2, 3), ...repeats('b', 1, 3), ...repeats('c', 0, 3), ...repeats('d', 3, 3)]

function summary(limits: GateLimits): string {
  const run = results(now)
  const report = evaluateGates(run, compareWithBaseline(run, createBaseline(results(base)), 'llm-baseline.json'), limits, null)
  return formatSummaryMarkdown(run, [formatGateReportMarkdown(report)])
}

/** The case ids of the table under `#### <title> (n)`, and n. */
function listed(md: string, title: string): { count: number; ids: string[] } | null {
  const at = md.indexOf(`#### ${title} (`)
  if (at < 0) return null
  const count = Number(/\((\d+)\)/.exec(md.slice(at))?.[1])
  const rows = md.slice(at).split('\n\n')[1]?.split('\n').slice(2) ?? []
  return { count, ids: rows.map((row) => row.split('|')[2]?.trim() ?? '') }
}

describe('summary.md with noNewFailures: { majority: true }', () => {
  test('lists a case as newly failing only when it fails in a majority of its repeats and passed in a majority on the baseline', () => {
    const md = summary({ noNewFailures: { majority: true } })
    expect(listed(md, 'Newly failing')).toBeNull()
    expect(listed(md, 'Newly failing in a majority of repeats')).toEqual({ count: 2, ids: ['b', 'c'] })
    expect(md).toContain('2 cases newly failing, 0 newly passing (by the majority of repeats, as noNewFailures counts them)')
    expect(md).toContain('| qa | b | openai:gpt-4o-mini | passed → failed, score 1.00 → 0.33; passed 3 of 3 → 1 of 3 |')
    // the gate's row names the same two cases
    expect(md).toContain('2 cases passed in a majority of its repeats on the baseline and fail in a majority of its repeats now')
  })

  test('the plain rule keeps the plain list (every repeat must pass): a and b', () => {
    const md = summary({ noNewFailures: true })
    expect(listed(md, 'Newly failing in a majority of repeats')).toBeNull()
    expect(listed(md, 'Newly failing')).toEqual({ count: 2, ids: ['a', 'b'] })
  })
})
