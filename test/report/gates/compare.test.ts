import { describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { results, type RecordSpec } from './results-fixture.ts'

const before: RecordSpec[] = [
  { caseId: 'stays-passing', score: 0.9 },
  { caseId: 'breaks', score: 0.9 },
  { caseId: 'errors-now', score: 1 },
  { caseId: 'times-out-now', score: 1 },
  { caseId: 'gets-fixed', status: 'failed', score: 0.1 },
  { caseId: 'error-then-fixed', status: 'error', score: null },
  { caseId: 'score-drops', score: 0.95 },
  { caseId: 'score-wobbles', score: 0.8 },
  { caseId: 'removed' },
  { caseId: 'skipped-now' },
]

const after: RecordSpec[] = [
  { caseId: 'stays-passing', score: 0.9 },
  { caseId: 'breaks', status: 'failed', score: 0.3 },
  { caseId: 'errors-now', status: 'error', score: null },
  { caseId: 'times-out-now', status: 'timeout', score: null },
  { caseId: 'gets-fixed', score: 0.8 },
  { caseId: 'error-then-fixed', score: 1 },
  { caseId: 'score-drops', score: 0.7 },
  { caseId: 'score-wobbles', score: 0.83 },
  { caseId: 'skipped-now', status: 'skipped' },
  { caseId: 'brand-new', status: 'failed' },
]

describe('compareWithBaseline', () => {
  test('newly failing, newly passing, score changes of 0.05 or more, new and missing cases; pass rates per case', () => {
    const baseline = createBaseline(results(before, { runId: 'llm-20261101-090000-aaaaaaaa' }))
    const c = compareWithBaseline(results(after), baseline, 'llm-baseline.json')
    expect(c.baselineFile).toBe('llm-baseline.json')
    expect(c.baselineRunId).toBe('llm-20261101-090000-aaaaaaaa')
    expect(c.newlyFailing.map((x) => [x.caseId, x.before, x.after])).toEqual([
      ['breaks', 'passed', 'failed'],
      ['errors-now', 'passed', 'error'],
      ['times-out-now', 'passed', 'timeout'],
    ])
    expect(c.newlyFailing[0]).toEqual({ dataset: 'qa', caseId: 'breaks', provider: 'openai:gpt-4o-mini', before: 'passed', after: 'failed', scoreBefore: 0.9, scoreAfter: 0.3 })
    expect(c.newlyPassing.map((x) => [x.caseId, x.before, x.after])).toEqual([
      ['error-then-fixed', 'error', 'passed'],
      ['gets-fixed', 'failed', 'passed'],
    ])
    expect(c.scoreChanges.map((x) => [x.caseId, x.scoreBefore, x.scoreAfter])).toEqual([['score-drops', 0.95, 0.7]])
    expect(c.newCases.map((x) => [x.caseId, x.before, x.after])).toEqual([['brand-new', null, 'failed']])
    expect(c.missingCases).toEqual([{ dataset: 'qa', caseId: 'removed', provider: 'openai:gpt-4o-mini' }])
    // before: 8 of 10 passed; after: 5 of the 9 that ran (skipped-now left out)
    expect(c.passRate).toEqual({ before: 0.8, after: 0.5556 })
    expect(c.cases).toEqual({ before: 10, after: 9 })
  })

  test('a case is the dataset, the case id and the provider together', () => {
    const baseline = createBaseline(results([{ caseId: 'a', provider: 'local' }, { dataset: 'other', caseId: 'a', provider: 'local' }]))
    const c = compareWithBaseline(results([{ caseId: 'a', provider: 'local', status: 'failed' }, { caseId: 'a', provider: 'ollama:qwen3' }]), baseline, 'b.json')
    expect(c.newlyFailing.map((x) => `${x.dataset}/${x.caseId}/${x.provider}`)).toEqual(['qa/a/local'])
    expect(c.newCases.map((x) => `${x.dataset}/${x.caseId}/${x.provider}`)).toEqual(['qa/a/ollama:qwen3'])
    expect(c.missingCases.map((x) => `${x.dataset}/${x.caseId}/${x.provider}`)).toEqual(['other/a/local'])
  })

  test('bench mode: a case that fails one sample of five is failing', () => {
    const samples = (status: (i: number) => 'passed' | 'failed'): RecordSpec[] => [0, 1, 2, 3, 4].map((sample) => ({ caseId: 'c', sample, status: status(sample) }))
    const baseline = createBaseline(results(samples(() => 'passed'), { mode: 'bench' }))
    const c = compareWithBaseline(results(samples((i) => (i === 3 ? 'failed' : 'passed')), { mode: 'bench' }), baseline, 'b.json')
    expect(c.newlyFailing.map((x) => x.caseId)).toEqual(['c'])
    expect(c.passRate).toEqual({ before: 1, after: 0 })
  })

  test('per provider numbers of both sides, replayed records kept out of latency and cost', () => {
    const baseline = createBaseline(results([{ caseId: 'a', e2eMs: 100, cost: 0.01 }, { caseId: 'b', provider: 'local', cost: 0 }]))
    const c = compareWithBaseline(results([{ caseId: 'a', e2eMs: 150, cost: 0.02 }, { caseId: 'a', provider: 'ollama:qwen3', replayed: true }]), baseline, 'b.json')
    expect(c.providers).toEqual([
      { provider: 'local', before: { cases: 1, passRate: 1, measured: 1, replayed: 0, e2eP95Ms: 100, cost: 0, costUnknown: 0 }, after: null },
      { provider: 'ollama:qwen3', before: null, after: { cases: 1, passRate: 1, measured: 0, replayed: 1, e2eP95Ms: null, cost: null, costUnknown: 0 } },
      { provider: 'openai:gpt-4o-mini', before: { cases: 1, passRate: 1, measured: 1, replayed: 0, e2eP95Ms: 100, cost: 0.01, costUnknown: 0 }, after: { cases: 1, passRate: 1, measured: 1, replayed: 0, e2eP95Ms: 150, cost: 0.02, costUnknown: 0 } },
    ])
  })
})
