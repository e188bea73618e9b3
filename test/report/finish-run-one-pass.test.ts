import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { resolveOptions } from '../../src/config/options.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { finishRun } from '../../src/report/finish-run.ts'
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
function counted(records: readonly CaseRecord[]): { source: RecordSource; reads: { whole: number; inOrder: number } } {
  const inner = arraySource(records)
  const reads = { whole: 0, inOrder: 0 }
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
  return { source: Object.assign(source, { inOrder }), reads }
}

const finish = (dir: string, source: RecordSource) =>
  finishRun({ run: { id: RUN_ID, dir, startedAt: new Date(RUN_START) }, options, mode: 'run', vitest: { config: { root } }, records: source, failures: [], reason: 'passed', samples: [], endedAt: new Date(RUN_START + 60_000) })

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
    expect(reads).toEqual({ whole: records.length, inOrder: records.length })
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
