import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { stableStringify } from '../../../src/record/stable-json.ts'
import { ResultsJsonWriter, writeResultsJson } from '../../../src/report/artifacts/results-json.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { record } from './fixtures.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }

/** Records whose keys are sorted, unsorted, integer-like, undefined, or not plain objects: each must come out as stableStringify has it. */
function awkwardRecords(count: number): CaseRecord[] {
  const out: CaseRecord[] = []
  for (let i = 0; i < count; i++) {
    const base = record({ caseId: `case-${String(i).padStart(4, '0')}`, output: `out ${i}\n"q"` })
    const kind = i % 5
    if (kind === 0) out.push(JSON.parse(stableStringify(base)) as CaseRecord) // keys sorted already, as parsed from a sorted line
    else if (kind === 1) out.push({ ...base, evaluations: [{ name: 'x', pass: true, score: 1, threshold: 1, reason: 'r', details: { '10': 'ten', '9': 'nine', b: [{ z: 1, a: 2 }], a: undefined } }] })
    else if (kind === 2) out.push({ ...base, evaluations: [{ name: 'x', pass: true, score: 1, threshold: 1, reason: 'r', details: { when: new Date(1000 * i) } }] })
    else if (kind === 3) out.push({ ...base, costNote: undefined } as CaseRecord)
    else out.push(JSON.parse(JSON.stringify(base)) as CaseRecord)
  }
  return out
}

describe('results.json written record by record', () => {
  // more than one stringified batch (256 records) and a partial last one
  test.each([0, 1, 300, 700])('%i records: the same bytes as stableStringify of the whole results', (count) => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-bench-results-json-'))
    dirs.push(dir)
    const records = awkwardRecords(count)
    const results = buildRunResults(info, records, [])
    const file = join(dir, 'results.json')
    writeResultsJson(file, results, () => records)
    expect(readFileSync(file, 'utf8')).toBe(`${stableStringify({ ...results, cases: records }, 2)}\n`)
  })
})

test('records given with their lines: copied lines, refused lines and records without a line give the same bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-results-json-'))
  dirs.push(dir)
  // records as read from a line (a Date or an undefined field never is)
  const records = awkwardRecords(600).map((r) => JSON.parse(JSON.stringify({ ...r, runId: info.runId })) as CaseRecord)
  const results = buildRunResults(info, records, [])
  const file = join(dir, 'results.json')
  const writer = new ResultsJsonWriter(file, results)
  records.forEach((r, i) => {
    // a line from an earlier id (replaced), a CRLF line (refused: serialised), no line
    const line = i % 3 === 0 ? Buffer.from(JSON.stringify({ ...r, runId: 'earlier' })) : i % 3 === 1 ? Buffer.from(`${JSON.stringify(r)}\r`) : null
    writer.addLine(r, line)
  })
  writer.commit()
  expect(readFileSync(file, 'utf8')).toBe(`${stableStringify({ ...results, cases: records }, 2)}\n`)
})
