import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { stableStringify } from '../../../src/record/stable-json.ts'
import { safePart, writeRawResponses } from '../../../src/report/artifacts/raw-responses.ts'
import { writeArtifacts } from '../../../src/report/artifacts/write-artifacts.ts'
import { readRunResults } from '../../../src/report/results-schema.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { NO_RESPONSE, record } from './fixtures.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-artifacts-'))
  dirs.push(dir)
  return dir
}

/** Every file under dir, relative, with `/`, sorted. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(join(dir, name)).isFile())
    .map((name) => name.split(sep).join('/'))
    .sort()
}

const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }

describe('raw responses', () => {
  test('one file per record with output, named <dataset>/<case>.<provider>[.<sample>].txt, content exact', () => {
    const dir = tempDir()
    const written = writeRawResponses(dir, [
      record({ caseId: 'one', provider: 'openai:gpt-4o-mini', output: 'Once upon a time\n"quoted", | piped' }),
      record({ caseId: 'one', provider: 'local', sample: 3, output: 'bench sample' }),
      record({ caseId: 'gone', provider: 'local', ...NO_RESPONSE }),
    ])
    expect(filesUnder(dir)).toEqual(['responses/d/one.local.3.txt', 'responses/d/one.openai_gpt-4o-mini.txt'])
    expect(written.map((f) => relative(dir, f).split(sep).join('/'))).toEqual(['responses/d/one.openai_gpt-4o-mini.txt', 'responses/d/one.local.3.txt'])
    expect(readFileSync(join(dir, 'responses/d/one.openai_gpt-4o-mini.txt'), 'utf8')).toBe('Once upon a time\n"quoted", | piped')
  })

  test('case ids and providers cannot leave the folder; clashing names get ~2, ~3 (also by letter case)', () => {
    const dir = tempDir()
    writeRawResponses(dir, [
      record({ dataset: '..', caseId: '..', provider: 'openai:gpt@http://x/v1', output: 'a' }),
      record({ caseId: '..\\..\\etc', provider: '../../p', output: 'b' }),
      record({ caseId: 'x', provider: 'a:b', output: 'c' }),
      record({ caseId: 'x', provider: 'a_b', output: 'd' }),
      record({ caseId: 'X', provider: 'A_B', output: 'e' }),
      record({ caseId: 'con', provider: 'p', output: 'f' }),
    ])
    expect(filesUnder(dir)).toEqual([
      'responses/__/__.openai_gpt_http___x_v1.txt',
      'responses/d/X.A_B~3.txt',
      'responses/d/___.._etc.___.._p.txt', // inner dots are harmless inside one name
      'responses/d/_con.p.txt',
      'responses/d/x.a_b.txt',
      'responses/d/x.a_b~2.txt',
    ])
    expect(readFileSync(join(dir, 'responses/d/x.a_b~2.txt'), 'utf8')).toBe('d')
  })

  test('safePart: only letters, digits, . _ -; no leading or trailing dot; at most 80 characters', () => {
    expect(safePart('openai:gpt-4o-mini')).toBe('openai_gpt-4o-mini')
    expect(safePart('.hidden.')).toBe('_hidden_')
    expect(safePart('')).toBe('_')
    expect(safePart('ü/ß')).toBe('___')
    expect(safePart('a'.repeat(200))).toHaveLength(80)
  })
})

describe('writeArtifacts', () => {
  const records = [record({ caseId: 'one', output: 'first' }), record({ caseId: 'two', output: 'second', status: 'failed' })]
  const results = buildRunResults(info, records, [])

  test('everything on: results.json, summary.md with the extra sections, the CSVs and the raw responses', () => {
    const dir = tempDir()
    const { files } = writeArtifacts(dir, results, { csv: true, markdown: true, rawResponses: true, extraMarkdown: ['### Gates\n\nok'] })
    expect(filesUnder(dir)).toEqual([
      'csv/cases.csv',
      'csv/categories.csv',
      'csv/datasets.csv',
      'csv/models.csv',
      'csv/providers.csv',
      'csv/summary.csv',
      'responses/d/one.p.txt',
      'responses/d/two.p.txt',
      'results.json',
      'summary.md',
    ])
    expect(files.map((f) => relative(dir, f).split(sep).join('/')).sort()).toEqual(filesUnder(dir))
    expect(readFileSync(join(dir, 'results.json'), 'utf8')).toBe(`${stableStringify(results, 2)}\n`)
    expect(readFileSync(join(dir, 'summary.md'), 'utf8').endsWith('### Gates\n\nok\n')).toBe(true)
  })

  test('everything off: only results.json; it reads back equal', () => {
    const dir = tempDir()
    const { files } = writeArtifacts(dir, results, { csv: false, markdown: false, rawResponses: false })
    expect(files).toEqual([join(dir, 'results.json')])
    expect(filesUnder(dir)).toEqual(['results.json'])
    expect(readRunResults(join(dir, 'results.json'))).toEqual(results)
  })

  test('results.json is deterministic: keys sorted at every level, equal results give equal bytes', () => {
    const dir1 = tempDir()
    const dir2 = tempDir()
    writeArtifacts(dir1, results, { csv: true, markdown: true, rawResponses: false })
    writeArtifacts(dir2, buildRunResults(info, [...records].reverse(), []), { csv: true, markdown: true, rawResponses: false })
    for (const file of filesUnder(dir1)) expect(readFileSync(join(dir2, file), 'utf8'), file).toBe(readFileSync(join(dir1, file), 'utf8'))
    const text = readFileSync(join(dir1, 'results.json'), 'utf8')
    const topKeys = [...text.matchAll(/^ {2}"([^"]+)":/gm)].map((m) => m[1])
    expect(topKeys).toEqual([...topKeys].sort())
    expect(topKeys).toEqual(['byCategory', 'byDataset', 'byDatasetProvider', 'byModel', 'byProvider', 'caseSpread', 'cases', 'datasetFailures', 'endedAt', 'gates', 'mode', 'project', 'reason', 'runId', 'startedAt', 'summary', 'system'])
  })
})
