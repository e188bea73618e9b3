import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { generateRecords } from '../../../benchmarks/reporter/records.ts'
import { resolveOptions } from '../../../src/config/options.ts'
import { addSecrets, clearSecrets } from '../../../src/providers/redaction/registry.ts'
import { FollowedRun } from '../../../src/report/followed-run.ts'
import { READ_TEXTS_AHEAD_FROM } from '../../../src/report/html/texts-ahead.ts'

/**
 * A followed run (its end's process reads results.jsonl as it grows) reads its
 * JSON dataset files' texts as pass 1 sees them, not in the run's end: the
 * side-by-side view shows the texts as they were read then, and they are cut
 * and redacted in the end, which is told the run's secrets only then.
 */

const root = mkdtempSync(join(tmpdir(), 'llm-bench-followed-texts-'))
const RUN_ID = 'llm-20261208-020000-6b6b6b6b'
const SECRET = 'sk-followed-texts-secret-0123456789'
afterAll(() => {
  clearSecrets()
  rmSync(root, { recursive: true, force: true })
})

test('the end shows the JSON datasets\' texts read while the run went, redacted with the secrets it is told at the end', () => {
  const datasets = join(root, 'datasets')
  mkdirSync(datasets)
  const dir = join(root, 'run')
  mkdirSync(dir)
  const count = READ_TEXTS_AHEAD_FROM + 1_000
  const records = [...generateRecords(count, datasets)].map((r) => ({ ...r, runId: RUN_ID, datasetFile: r.datasetFile.replace(/\.yaml$/, '.json') }))
  const caseIds = new Map<string, Set<string>>()
  for (const r of records) (caseIds.get(r.datasetFile) ?? caseIds.set(r.datasetFile, new Set()).get(r.datasetFile))?.add(r.caseId)
  const writeDatasets = (expected: (id: string) => string): void => {
    for (const [file, ids] of caseIds) writeFileSync(file, JSON.stringify({ name: 'followed', test_cases: [...ids].map((id) => ({ id, prompt: 'p', expected: expected(id) })) }))
  }
  writeDatasets((id) => (id === 'case-7' ? `first answer of ${id}, key ${SECRET}` : `first answer of ${id}`))
  const file = join(dir, 'results.jsonl')
  const text = records.map((r) => `${JSON.stringify(r)}\n`).join('')
  const run = new FollowedRun(file, RUN_ID, { html: true, csv: false })
  for (const part of [0.5, 1]) {
    writeFileSync(file, text.slice(0, Math.floor(text.length * part)))
    run.read()
  }
  // changed after pass 1 saw them: the end does not read them again
  writeDatasets((id) => `changed answer of ${id}`)
  addSecrets([SECRET])
  const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: true, csv: false, markdown: false, rawResponses: false } })
  const finished = run.finish({ run: { id: RUN_ID, dir, startedAt: new Date('2026-12-08T02:00:00Z') }, endedAt: new Date('2026-12-08T02:10:00Z'), options, mode: 'run', vitest: { config: { root } }, failures: [], reason: 'passed', samples: [] }, [])
  expect(finished.saved).toBe(true)
  const page = readFileSync(join(dir, 'report.html'), 'utf8')
  const chunks = readdirSync(dir).includes('report-cases') ? readdirSync(join(dir, 'report-cases')).map((name) => readFileSync(join(dir, 'report-cases', name), 'utf8')).join('') : ''
  const shown = page + chunks
  expect(shown).toContain('first answer of case-12')
  expect(shown).not.toContain('changed answer of')
  expect(shown).toContain('first answer of case-7, key [redacted]')
  expect(shown).not.toContain(SECRET)
})
