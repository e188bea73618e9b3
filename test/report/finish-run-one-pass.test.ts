import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { resolveOptions } from '../../src/config/options.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { FirstPass } from '../../src/report/first-pass.ts'
import { arraySource, type RecordSource } from '../../src/report/record-source.ts'
import { makeRecords, RUN_START } from './html/fixture.ts'

/**
 * The end of a run reads each record twice, whatever artifacts are on: once
 * for the numbers, once (in results.json's order) for every per-record
 * artifact together (results.json, cases.csv, raw responses, report.html).
 * An artifact that fails in that pass leaves no temporary file, the others are
 * written, and results.json is not.
 */

const root = mkdtempSync(join(tmpdir(), 'llm-bench-one-pass-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const RUN_ID = 'llm-20260512-093000-abcdef12'
const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: true, csv: true, markdown: true, rawResponses: true } })

/** A source that counts the records it hands out, by pass kind. */
function counted(records: readonly CaseRecord[]): { source: RecordSource; reads: { whole: number; inOrder: number; from: number } } {
  const inner = arraySource(records)
  const reads = { whole: 0, inOrder: 0, from: 0 }
  const source = function* (): Generator<CaseRecord> {
    for (const r of inner()) {
      reads.whole++
      yield r
    }
  }
  const inOrder = function* (positions: ArrayLike<number>): Generator<CaseRecord> {
    for (const r of inner.inOrder?.(positions) ?? []) {
      reads.inOrder++
      yield r
    }
  }
  const from = function* (position: number): Generator<CaseRecord> {
    for (const r of inner.from?.(position) ?? []) {
      reads.from++
      yield r
    }
  }
  return { source: Object.assign(source, { inOrder, from }), reads }
}

const finish = (dir: string, source: RecordSource, firstPass?: FirstPass) =>
  finishRun({ run: { id: RUN_ID, dir, startedAt: new Date(RUN_START) }, options, mode: 'run', vitest: { config: { root } }, records: source, failures: [], reason: 'passed', samples: [], endedAt: new Date(RUN_START + 60_000), ...(firstPass ? { firstPass } : {}) })

/** A first pass fed the first `count` records, as the reporter feeds it while it writes results.jsonl. */
function fedWith(records: readonly CaseRecord[], count: number): FirstPass {
  const pass = new FirstPass(RUN_ID)
  for (const r of records.slice(0, count)) pass.add(r)
  return pass
}

const tempFiles = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'))

describe('finishRun reads the records once per pass', () => {
  test('one read of each record for the numbers and one for all the artifacts', () => {
    const records = makeRecords({ casesPerDataset: 30, samples: 0, seed: 3 })
    const { source, reads } = counted(records)
    const dir = join(root, 'ok')
    const finished = finish(dir, source)
    expect(finished.saved).toBe(true)
    for (const file of ['results.json', 'csv/cases.csv', 'report.html', 'summary.md']) expect(existsSync(join(dir, file)), file).toBe(true)
    expect(readdirSync(join(dir, 'responses'), { recursive: true }).length).toBeGreaterThan(0)
    expect(reads).toEqual({ whole: records.length, inOrder: records.length, from: 0 })
  })

  test('a first pass fed as records arrived: only the records after it are read for the numbers, the same files written', () => {
    const records = makeRecords({ casesPerDataset: 30, samples: 0, seed: 3 })
    const { source, reads } = counted(records)
    const fed = records.length - 5
    const finished = finish(join(root, 'fed'), source, fedWith(records, fed))
    expect(finished.saved).toBe(true)
    expect(reads).toEqual({ whole: 0, inOrder: records.length, from: 5 })
    const whole = finish(join(root, 'fed-whole'), counted(records).source)
    expect(finished.text).toBe(whole.text)
    for (const file of ['results.json', 'csv/cases.csv', 'report.html', 'summary.md']) expect(readFileSync(join(root, 'fed', file), 'utf8'), file).toBe(readFileSync(join(root, 'fed-whole', file), 'utf8'))
  })

  test('a source that cannot start a pass at a position: the fed first pass is set aside and every record read', () => {
    const records = makeRecords({ casesPerDataset: 10, samples: 0, seed: 6 })
    const { source, reads } = counted(records)
    const plain = Object.assign(() => source(), { inOrder: source.inOrder })
    expect(finish(join(root, 'no-from'), plain, fedWith(records, 7)).saved).toBe(true)
    expect(reads.whole).toBe(records.length)
  })

  test('a file that changed under a fed first pass (a record replaced): the artifacts are not made from it, the error names the places', () => {
    const records = makeRecords({ casesPerDataset: 10, samples: 0, seed: 7 })
    const changed = records.map((r, i) => (i === 4 ? { ...r, caseId: 'someone-else' } : r))
    expect(() => finish(join(root, 'changed'), counted(changed).source, fedWith(records, records.length))).toThrow(/results\.jsonl changed during the run: the record at place \d+ of results\.json is .*someone-else/)
    expect(existsSync(join(root, 'changed', 'results.json'))).toBe(false)
    expect(tempFiles(join(root, 'changed'))).toEqual([])
  })

  test('a failed artifact in the shared pass: the others written, no temporary file, no results.json', () => {
    const records = makeRecords({ casesPerDataset: 30, samples: 0, seed: 4 })
    const dir = join(root, 'csv-blocked')
    finish(join(dir, 'probe'), arraySource([]))
    // a file where the csv folder goes
    writeFileSync(join(dir, 'csv'), 'in the way')
    const finished = finish(dir, counted(records).source)
    expect(finished.saved).toBe(false)
    expect(finished.text).toMatch(/csv/)
    expect(finished.text).toMatch(/results\.json not written/)
    expect(existsSync(join(dir, 'results.json'))).toBe(false)
    expect(existsSync(join(dir, 'report.html'))).toBe(true)
    expect(readdirSync(join(dir, 'responses'), { recursive: true }).length).toBeGreaterThan(0)
    expect(tempFiles(dir)).toEqual([])
  })
})
