import { expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { lazyPageData, ROWS_IN_PAGE, ROWS_PER_FILE, type LazyCaseIndex } from '../../../src/report/html/lazy-cases.ts'
import { PageCaseBuilder } from '../../../src/report/html/page-data.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { EVIL_TEXT, makeRecords } from './fixture.ts'

/**
 * A large report's chunk and row files are built as bytes, a case at a time:
 * each must be the text the page has always read, `__llmBenchCases(k,
 * JSON.stringify(JSON.stringify(cases)));` (and `__llmBenchRows` alike), for
 * outputs with quotes, backslashes, control characters, U+2028, emoji and a
 * lone surrogate.
 */
test('chunk and row files: the same text as one JSON string of the whole array', () => {
  const awkward = ['say "hi" \\ back', 'tab\there\nnew line \u0000 \u001f', EVIL_TEXT, 'é€😀', 'lone \ud800 surrogate', '']
  const base = makeRecords({ casesPerDataset: 30, seed: 4 })
  const records: CaseRecord[] = []
  while (records.length < ROWS_IN_PAGE + ROWS_PER_FILE + 30) for (const r of base) records.push({ ...r, caseId: `${r.caseId}-${records.length}`, output: r.output === null ? null : `${awkward[records.length % awkward.length]} ${r.output}` })
  const results = buildRunResults({ runId: 'run-c', project: 'c', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }, records, [], { system: null, gates: null })
  const files = new Map<string, string>()
  const page = lazyPageData(results, () => records, (name, content) => files.set(name, typeof content === 'string' ? content : Buffer.from(content).toString('utf8')), 97)
  const index = page.caseIndex as LazyCaseIndex
  expect(index.chunks).toBe(Math.ceil(records.length / 97))
  expect(index.rowFiles).toBe(2)
  // the cases the page builder makes, in the old text
  const builder = new PageCaseBuilder(results)
  const cases = records.map((r) => builder.add(r))
  for (let k = 0; k < index.chunks; k++) {
    const name = `report-cases/${String(k + 1).padStart(4, '0')}.js`
    expect(files.get(name), name).toBe(`__llmBenchCases(${k}, ${JSON.stringify(`[${cases.slice(97 * k, 97 * (k + 1)).map((c) => JSON.stringify(c)).join(',')}]`)});\n`)
  }
  for (let k = 0; k < index.rowFiles; k++) {
    const text = files.get(`report-cases/rows-${String(k + 1).padStart(4, '0')}.js`) ?? ''
    const literal = /^__llmBenchRows\((\d+), (".*")\);\n$/s.exec(text)
    expect(literal?.[1]).toBe(String(k))
    const rows = JSON.parse(JSON.parse(literal?.[2] ?? '""') as string) as unknown[]
    expect(text).toBe(`__llmBenchRows(${k}, ${JSON.stringify(`[${rows.map((r) => JSON.stringify(r)).join(',')}]`)});\n`)
    expect(rows).toHaveLength(k === 0 ? ROWS_PER_FILE : records.length - ROWS_IN_PAGE - ROWS_PER_FILE)
  }
})
