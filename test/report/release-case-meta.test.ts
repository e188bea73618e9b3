import { describe, expect, test } from 'vitest'
import type { TaskMeta } from 'vitest'
import { compactCaseMeta } from '../../src/report/case-summary.ts'
import { CaseNames, releaseWrittenMeta, writesTaskMeta } from '../../src/report/release-case-meta.ts'
import type { CaseRecord, LlmBenchTaskMeta } from '../../src/record/schema.ts'

const own = (file: string): LlmBenchTaskMeta => ({
  case: { dataset: 'd', datasetFile: file, caseId: 'c1', category: null, provider: 'p' },
  records: [],
  annotations: [{ type: 'llm-bench:output', message: 'hello' }],
})

describe('the main process lets go of meta copies once a record is written', () => {
  test("only Vitest's json, html and blob reporters write tests' meta", () => {
    expect(writesTaskMeta([['default', {}]])).toBe(false)
    expect(writesTaskMeta([['default', {}], ['junit', {}], {}])).toBe(false)
    expect(writesTaskMeta([['default', {}], ['json', { outputFile: 'x.json' }]])).toBe(true)
    expect(writesTaskMeta([['html', {}]])).toBe(true)
    expect(writesTaskMeta([['blob', {}]])).toBe(true)
  })

  test("the annotations' copy and the evaluations go; which case it is and its summaries stay", () => {
    const meta = { llmBench: { ...own('/a/d.dataset.yaml'), summaries: [] }, llmBenchEvaluations: [{ name: 'm', score: 1, pass: true, threshold: 1, reason: 'ok' }] } as unknown as TaskMeta
    releaseWrittenMeta(meta)
    expect(meta.llmBench?.annotations).toBeUndefined()
    expect(meta.llmBenchEvaluations).toBeUndefined()
    expect(meta.llmBench?.case.caseId).toBe('c1')
    expect(meta.llmBench?.summaries).toEqual([])
  })

  test('names shared across tests keep their values', () => {
    const names = new CaseNames()
    const a = own(['/a', 'd.dataset.yaml'].join('/'))
    const b = own(['/a', 'd.dataset.yaml'].join('/'))
    names.share(a)
    names.share(b)
    expect(b.case).toEqual(a.case)
    expect(b.case.datasetFile).toBe('/a/d.dataset.yaml')
  })

  test('summaries accumulate in order over several writes (bench samples)', () => {
    const meta = own('/a/d.dataset.yaml')
    const record = (sample: number): CaseRecord => ({ status: 'passed', sample, evaluations: [], timings: null, usage: { outputTokens: 3 }, cost: 0 }) as unknown as CaseRecord
    meta.records = [record(0)]
    compactCaseMeta(meta)
    meta.records = [record(1), record(2)]
    compactCaseMeta(meta)
    expect(meta.records).toEqual([])
    expect(meta.summaries?.map((s) => s.sample)).toEqual([0, 1, 2])
  })
})
