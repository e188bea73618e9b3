import { describe, expect, test } from 'vitest'
import { computeStats } from '../../src/report/aggregate.ts'
import { buildRunResults } from '../../src/report/run-results.ts'
import { StatsMemo } from '../../src/report/stats-memo.ts'
import { record } from './artifacts/fixtures.ts'

const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }

describe('stats computed once per group of the same records', () => {
  const a = record({ caseId: 'a', status: 'passed' })
  const b = record({ caseId: 'b', status: 'failed' })
  const c = record({ caseId: 'c', status: 'passed' })

  test('the same records in another array: the same stats; other records after the same first one: their own', () => {
    const memo = new StatsMemo()
    const ab = memo.of([a, b])
    expect(memo.of([a, b])).toBe(ab)
    expect(ab).toEqual(computeStats([a, b]))
    const ac = memo.of([a, c])
    expect(ac).not.toBe(ab)
    expect(ac).toEqual(computeStats([a, c]))
    expect(memo.of([a])).toEqual(computeStats([a]))
    expect(memo.of([])).toEqual(computeStats([]))
    memo.reset()
    expect(memo.of([a, b])).not.toBe(ab)
  })

  test('a run whose provider serves one model: byModel, byProvider and the summary share numbers, equal to computing each group', () => {
    const records = [a, b, c].map((r) => ({ ...r, provider: 'openai:gpt-4o-mini', model: 'gpt-4o-mini' }))
    const results = buildRunResults(info, records, [])
    expect(results.byModel[0]?.stats).toBe(results.byProvider[0]?.stats)
    expect(results.byProvider[0]?.stats).toEqual(computeStats(results.cases))
    const { datasetFailures: _failures, errorClasses: _classes, ...summary } = results.summary
    expect(summary).toEqual(computeStats(results.cases))
    // a record changed between two runs is counted as it is now
    const again = buildRunResults(info, records.map((r) => (r === records[1] ? { ...r, status: 'passed' as const } : r)), [])
    expect(again.byProvider[0]?.stats.passed).toBe(3)
  })
})
