import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { syntheticDatasets } from '../../../benchmarks/reporter/records.ts'
import { readTexts } from '../../../src/report/html/case-context.ts'
import { READ_TEXTS_AHEAD_FROM, TextsAhead } from '../../../src/report/html/texts-ahead.ts'

/**
 * When a run's end reads report.html's texts on a thread: from
 * READ_TEXTS_AHEAD_FROM records, once the YAML files seen come to 256 KB
 * together (many small files as well as one large one); JSON files never.
 * In a followed run (pass 1 made while the run goes) the files quick to read
 * (JSON, cached YAML) are read as they are seen, so the end does not read them.
 */

const dir = mkdtempSync(join(tmpdir(), 'llm-bench-texts-ahead-'))
// a case texts cache of this file's own (case-texts-cache.ts): a file whose texts are cached is never read ahead
process.env['LLM_BENCH_CACHE_DIR'] = join(dir, 'cache')
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** syntheticDatasets' 10 YAML files for `count` records (~94 KB each at 10,000), in their own folder. */
function yamlFiles(name: string, count: number): string[] {
  const folder = join(dir, name)
  mkdirSync(folder)
  return syntheticDatasets(count).map(({ name: file, text }) => {
    writeFileSync(join(folder, file), text)
    return join(folder, file)
  })
}

test('ten small YAML files (~94 KB each) are read on a thread once enough of them are seen, with the files seen after; each gives the texts read here', () => {
  const files = yamlFiles('small', 10_000)
  const ahead = new TextsAhead()
  ahead.see({ count: READ_TEXTS_AHEAD_FROM - 1, datasetFiles: new Set(files) })
  expect(ahead.preload).toBeNull()
  // two files: under 256 KB together, no thread yet
  ahead.see({ count: READ_TEXTS_AHEAD_FROM, datasetFiles: new Set(files.slice(0, 2)) })
  expect(ahead.preload).toBeNull()
  ahead.see({ count: READ_TEXTS_AHEAD_FROM + 1, datasetFiles: new Set(files.slice(0, 3)) })
  const preload = ahead.preload
  expect(preload?.threaded).toBe(true)
  try {
    ahead.see({ count: READ_TEXTS_AHEAD_FROM + 2, datasetFiles: new Set(files) })
    for (const file of files) expect(preload?.take(file)).toEqual(readTexts(file))
  } finally {
    preload?.close()
  }
})

test('JSON dataset files start no thread, however many cases they hold', () => {
  const folder = join(dir, 'json')
  mkdirSync(folder)
  const files = Array.from({ length: 4 }, (_, f) => {
    const file = join(folder, `d${f}.dataset.json`)
    writeFileSync(file, JSON.stringify({ name: `d${f}`, test_cases: Array.from({ length: 5000 }, (_, i) => ({ id: `c${i}`, prompt: 'x'.repeat(80), expected: 'y' })) }))
    return file
  })
  const ahead = new TextsAhead()
  ahead.see({ count: 20_000, datasetFiles: new Set(files) })
  expect(ahead.preload).toBeNull()
})

test('in a followed run (readHere) JSON files are read as pass 1 sees them, so the end takes the texts read then; YAML files are not read here', () => {
  const folder = join(dir, 'followed')
  mkdirSync(folder)
  const files = Array.from({ length: 2 }, (_, f) => {
    const file = join(folder, `d${f}.dataset.json`)
    writeFileSync(file, JSON.stringify({ name: `d${f}`, test_cases: Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, prompt: 'p', expected: `answer ${f}-${i}` })) }))
    return file
  })
  const [yaml] = yamlFiles('followed-yaml', 100)
  const before = files.map((file) => readTexts(file))
  expect(before[0]?.[2]?.expected).toBe('answer 0-2')
  const ahead = new TextsAhead({ readHere: true })
  ahead.see({ count: READ_TEXTS_AHEAD_FROM - 1, datasetFiles: new Set(files) })
  ahead.see({ count: READ_TEXTS_AHEAD_FROM, datasetFiles: new Set([...files, yaml as string]) })
  // read already: the files changed since are not read again
  for (const file of files) rmSync(file)
  expect(readTexts(files[0] as string)).toBeNull()
  const texts = ahead.texts()
  expect(texts?.take(files[0] as string)).toEqual(before[0])
  expect(texts?.take(files[1] as string)).toEqual(before[1])
  // taken once: the end's contexts keep them; a small YAML file is read where it is wanted
  expect(texts?.take(files[0] as string)).toBeUndefined()
  expect(texts?.take(yaml as string)).toBeUndefined()
  expect(ahead.preload).toBeNull()
})

test('outside a followed run nothing is read here: the end reads JSON files when it wants them', () => {
  const folder = join(dir, 'not-followed')
  mkdirSync(folder)
  const file = join(folder, 'd.dataset.json')
  writeFileSync(file, JSON.stringify({ name: 'd', test_cases: [{ id: 'c', prompt: 'p', expected: 'e' }] }))
  const ahead = new TextsAhead()
  ahead.see({ count: READ_TEXTS_AHEAD_FROM, datasetFiles: new Set([file]) })
  expect(ahead.texts()).toBeUndefined()
})
