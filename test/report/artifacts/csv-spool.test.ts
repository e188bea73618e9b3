import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateRecords } from '../../../benchmarks/reporter/records.ts'
import { resolveOptions } from '../../../src/config/options.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { caseColumns } from '../../../src/report/artifacts/case-columns.ts'
import { CaseCsvSpool, CSV_SPOOL_NAME } from '../../../src/report/artifacts/csv-spool.ts'
import { CsvRows } from '../../../src/report/artifacts/csv.ts'
import { finishRun, type FinishRunInput } from '../../../src/report/finish-run.ts'
import { FollowedRun } from '../../../src/report/followed-run.ts'
import { jsonlSource } from '../../../src/report/record-source.ts'

/**
 * cases.csv's lines made while a followed run goes (csv-spool.ts): the end
 * copies them in results.json's order, and cases.csv is byte for byte the
 * one an end without a spool writes, whatever the records do to the columns
 * (a matcher first seen late, a late variant, a record kept in memory) and
 * whatever the spool's disk does.
 */

const root = mkdtempSync(join(tmpdir(), 'llm-bench-csv-spool-'))
const RUN_ID = 'llm-20261207-190000-5a5a5a5a'
let records: CaseRecord[]

beforeAll(() => {
  const base = [...generateRecords(300, join(root, 'datasets'))]
  // hostile cells: quotes, commas, line ends, a lone CR, a formula, Unicode beyond the BMP
  records = base.map((r, i) => {
    if (i % 7 === 3) return { ...r, status: 'error', error: { class: 'server_error', message: `=HYPERLINK("x"), line\nnext\r "quoted" 🚀 ${i}` } }
    if (i % 11 === 5) return { ...r, caseId: `case, "${i}" ✓\u{1F600}` }
    return r
  })
  // a matcher first seen at record 120 (every record before has a line with fewer score columns), then a variant at 200
  records = records.map((r, i) => (i >= 120 && i % 2 === 0 ? { ...r, evaluations: [...r.evaluations, { name: 'aLateMatcher', pass: true, score: 0.5, threshold: 0.5, reason: 'late' }] } : r))
  records = records.map((r, i) => (i >= 200 && i % 3 === 0 ? { ...r, variant: 'terse' } : r))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

function input(dir: string, records: FinishRunInput['records']): FinishRunInput {
  const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: false, csv: true, markdown: false, rawResponses: false } })
  return { run: { id: RUN_ID, dir, startedAt: new Date('2026-12-07T19:00:00Z') }, endedAt: new Date('2026-12-07T19:10:00Z'), options, mode: 'run', vitest: { config: { root } }, failures: [], reason: 'passed', samples: [], records }
}

const lineOf = (r: CaseRecord): string => `${JSON.stringify({ ...r, runId: RUN_ID })}\n`

/** A run folder whose results.jsonl the followed end reads in `steps` pieces as it grows; its end, and the same end made from the finished file. */
function followedAndFinished(name: string, all: readonly CaseRecord[], extra: CaseRecord[] = [], beforeFinish?: (dir: string) => void): { followed: string; finished: string } {
  const here = join(root, `${name}-here`)
  const there = join(root, `${name}-there`)
  mkdirSync(here)
  mkdirSync(there, { recursive: true })
  writeFileSync(join(here, 'results.jsonl'), all.map(lineOf).join(''))
  finishRun(input(here, jsonlSource(join(here, 'results.jsonl'), { extra })))
  const file = join(there, 'results.jsonl')
  const text = all.map(lineOf).join('')
  const run = new FollowedRun(file, RUN_ID, { html: false, csv: true })
  for (const part of [0.25, 0.6, 1]) {
    writeFileSync(file, text.slice(0, Math.floor(text.length * part)))
    run.read()
  }
  beforeFinish?.(there)
  const { records: _unused, ...rest } = input(there, () => [])
  run.finish(rest, extra)
  return { followed: readFileSync(join(there, 'csv', 'cases.csv'), 'utf8'), finished: readFileSync(join(here, 'csv', 'cases.csv'), 'utf8') }
}

describe('a followed run\'s cases.csv', () => {
  test('is byte for byte the one made from the finished file: hostile cells, a late matcher, a late variant, a record kept in memory', () => {
    const extra = [{ ...(records[0] as CaseRecord), caseId: 'kept-in-memory', runId: RUN_ID }]
    const { followed, finished } = followedAndFinished('equal', records.slice(1), extra)
    expect(followed).toBe(finished)
    expect(finished).toContain('score_aLateMatcher')
    expect(finished).toContain(',variant,')
    expect(finished).toContain('"\'=HYPERLINK(""x""), line\nnext\r ""quoted"" 🚀 3"')
    expect(finished.split('\n')[0]?.split(',')).toContain('score_toMatchRegex')
    expect(existsSync(join(root, 'equal-there', CSV_SPOOL_NAME))).toBe(false)
  })

  test('takes its lines from the spool (a line changed there shows in cases.csv), so the test above compares the spool\'s lines', () => {
    // no late column: every record is spooled from the first
    const plain = records.slice(0, 100).map((r) => ({ ...r, evaluations: r.evaluations.filter((e) => e.name !== 'aLateMatcher') }))
    const { followed, finished } = followedAndFinished('used', plain, [], (dir) => {
      const spool = join(dir, CSV_SPOOL_NAME)
      const text = readFileSync(spool, 'utf8')
      const id = plain[40]?.caseId as string
      expect(text).toContain(`,${id},`)
      writeFileSync(spool, text.replace(`,${id},`, `,${'X'.repeat(id.length)},`))
    })
    expect(followed).not.toBe(finished)
    expect(followed.replace('X'.repeat((plain[40]?.caseId as string).length), plain[40]?.caseId as string)).toBe(finished)
  })

  test('a spool removed or cut before the end leaves cases.csv the same, its missing lines made at the end', () => {
    const removed = followedAndFinished('removed', records.slice(0, 150), [], (dir) => rmSync(join(dir, CSV_SPOOL_NAME)))
    expect(removed.followed).toBe(removed.finished)
    const cut = followedAndFinished('cut', records.slice(0, 150), [], (dir) => {
      const spool = join(dir, CSV_SPOOL_NAME)
      writeFileSync(spool, readFileSync(spool).subarray(0, 1000))
    })
    expect(cut.followed).toBe(cut.finished)
  })

  test('a spool that cannot be written (its path taken by a folder) leaves cases.csv the same, made at the end', () => {
    const here = join(root, 'blocked-there')
    mkdirSync(join(here, CSV_SPOOL_NAME), { recursive: true })
    const { followed, finished } = followedAndFinished('blocked', records.slice(0, 150))
    expect(followed).toBe(finished)
    // the folder in its way is the user's: left as it was
    expect(existsSync(join(here, CSV_SPOOL_NAME))).toBe(true)
  })
})

test('a spool left in a run folder (its end\'s process died, or the run was killed) is removed by the end made there', () => {
  const dir = join(root, 'left')
  mkdirSync(dir)
  writeFileSync(join(dir, 'results.jsonl'), records.slice(0, 20).map(lineOf).join(''))
  writeFileSync(join(dir, CSV_SPOOL_NAME), 'lines of a process that died\n')
  finishRun(input(dir, jsonlSource(join(dir, 'results.jsonl'))))
  expect(existsSync(join(dir, CSV_SPOOL_NAME))).toBe(false)
  expect(readFileSync(join(dir, 'csv', 'cases.csv'), 'utf8')).not.toContain('a process that died')
})

describe('the spool', () => {
  test('gives each position its line when made with the run\'s columns, null before a column was added, and nothing with other columns', () => {
    const file = join(root, 'unit.spool')
    const spool = new CaseCsvSpool(file)
    const some = records.slice(110, 130)
    for (const r of some) spool.add(r)
    const matchers = ['aLateMatcher', 'toContainReferences', 'toMatchRegex']
    const rows = new CsvRows(caseColumns(matchers, { variants: false }))
    // the late matcher is first at 120: the records from it on have lines, in any order asked
    const order = Uint32Array.from([19, 0, 10, 9, 25, 11])
    const lines = [...(spool.inOrder(order).lines(matchers, false) ?? [])]
    expect(lines).toEqual([rows.line(some[19] as CaseRecord), null, rows.line(some[10] as CaseRecord), null, null, rows.line(some[11] as CaseRecord)])
    // other columns: none taken
    expect(spool.inOrder(order).lines(matchers.slice(1), false)).toBeNull()
    expect(spool.inOrder(order).lines(matchers, true)).toBeNull()
    spool.close()
    expect(existsSync(file)).toBe(false)
  })
})
