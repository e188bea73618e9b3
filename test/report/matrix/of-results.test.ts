import { describe, expect, test } from 'vitest'
import { matrixOfResults } from '../../../src/report/matrix/of-results.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { formatSummaryMarkdown } from '../../../src/report/artifacts/markdown.ts'
import { record } from '../artifacts/fixtures.ts'

const INFO = { runId: 'r', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }

describe("a run's matrix", () => {
  test('one provider, no variants: one column and no rows (nothing shows them), and summary.md has no side-by-side section', () => {
    const results = buildRunResults(INFO, [record({ caseId: 'a', provider: 'p1' }), record({ caseId: 'b', provider: 'p1', status: 'failed' })], [])
    const { matrix, comparison } = matrixOfResults(results)
    expect(matrix.columns).toEqual([{ provider: 'p1', variant: null, label: 'p1' }])
    expect(matrix.rows).toEqual([])
    expect(comparison).toEqual([])
    expect(formatSummaryMarkdown(results)).not.toContain('Side by side')
  })

  test('two providers, or one provider under variants: every case is a row', () => {
    const two = buildRunResults(INFO, [record({ caseId: 'a', provider: 'p1' }), record({ caseId: 'a', provider: 'p2', status: 'failed' })], [])
    expect(matrixOfResults(two).matrix.rows.map((r) => r.caseId)).toEqual(['a'])
    expect(formatSummaryMarkdown(two)).toContain('Side by side')
    const varied = buildRunResults(INFO, [record({ caseId: 'a', provider: 'p1', variant: 'terse' }), record({ caseId: 'b', provider: 'p1', variant: 'terse' })], [])
    const { matrix } = matrixOfResults(varied)
    expect(matrix.columns.map((c) => c.label)).toEqual(['terse · p1'])
    expect(matrix.rows.map((r) => r.caseId)).toEqual(['a', 'b'])
  })
})
