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
