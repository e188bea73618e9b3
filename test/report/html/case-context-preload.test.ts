import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { generateRecords, syntheticDatasets } from '../../../benchmarks/reporter/records.ts'
import { resolveOptions } from '../../../src/config/options.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { writeArtifacts } from '../../../src/report/artifacts/write-artifacts.ts'
import { finishRun } from '../../../src/report/finish-run.ts'
import { CaseContextPreload, readAheadBytes } from '../../../src/report/html/case-context-preload.ts'
import { readTexts } from '../../../src/report/html/case-context.ts'
import { jsonlSource } from '../../../src/report/record-source.ts'

/**
 * report.html's side-by-side texts read ahead on a worker thread (a real
 * one: Node 24 runs the TypeScript sources): the same texts as reading them
 * in this thread, the same report bytes, and nothing lost when the thread is
 * let go.
 */

const dir = mkdtempSync(join(tmpdir(), 'llm-bench-preload-'))
// the case texts cache (case-texts-cache.ts) of this file's own: emptied where a test wants the files parsed
process.env['LLM_BENCH_CACHE_DIR'] = join(dir, 'cache')
const emptyCache = (): void => rmSync(join(dir, 'cache'), { recursive: true, force: true })
const datasets = join(dir, 'datasets')
mkdirSync(datasets)
// 1,000 cases a file (~280 KB of YAML: worth a thread); the run's 12,000 records name the first 4,000 cases
for (const { name, text } of syntheticDatasets(30_000)) writeFileSync(join(datasets, name), text)
const files = readdirSync(datasets).map((name) => join(datasets, name))

/** One YAML dataset of about this many MB (syntheticDatasets' first file: ~280 bytes a case). */
function largeDataset(mb: number): string {
  return (syntheticDatasets(Math.round(mb * 107_000))[0] as { text: string }).text
}

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('CaseContextPreload', () => {
  test('a thread reads each requested file: the texts readTexts gives here; a gone or broken file gives null; a file not requested, undefined', () => {
    const broken = join(dir, 'broken.dataset.yaml')
    writeFileSync(broken, 'name: b\ntest_cases:\n  - id: a\n    prompt: [unclosed\n')
    const gone = join(dir, 'gone.dataset.yaml')
    const preload = new CaseContextPreload()
    try {
      expect(preload.threaded).toBe(true)
      for (const file of [...files, broken, gone, files[0] as string]) preload.request(file)
      // taken out of order: each waits for its own file
      for (const file of [...files].reverse()) {
        const texts = preload.take(file)
        expect(texts).toEqual(readTexts(file))
        expect(texts?.length).toBe(1000)
      }
      expect(preload.take(broken)).toBeNull()
      expect(preload.take(gone)).toBeNull()
      expect(preload.take(join(dir, 'never-asked.dataset.yaml'))).toBeUndefined()
      expect(preload.threaded).toBe(true)
    } finally {
      preload.close()
    }
  })

  test('a thread may read a YAML file of up to 3 MB (its size); not JSON (it parses fast), a YAML file too large for the thread, a gone one, or one whose texts are cached (0)', () => {
    emptyCache()
    for (const file of files) expect(readAheadBytes(file)).toBe(statSync(file).size)
    const small = join(dir, 'small.dataset.yaml')
    writeFileSync(small, 'name: s\ntest_cases:\n  - id: a\n    prompt: hi\n')
    expect(readAheadBytes(small)).toBe(statSync(small).size)
    const json = join(dir, 'big.dataset.json')
    writeFileSync(json, JSON.stringify({ name: 'j', test_cases: Array.from({ length: 5000 }, (_, i) => ({ id: `c${i}`, prompt: 'x'.repeat(80) })) }))
    const large = join(dir, 'large.dataset.yaml')
    writeFileSync(large, largeDataset(3.2))
    expect(statSync(large).size).toBeGreaterThan(3 * 1024 * 1024)
    expect([json, large, join(dir, 'gone.dataset.yml')].map(readAheadBytes)).toEqual([0, 0, 0])
    // read once (as a run's workers read it): its texts are cached, and read from there where they are wanted
    const first = files[0] as string
    readTexts(first)
    expect(readAheadBytes(first)).toBe(0)
    expect(readAheadBytes(files[1] as string)).toBe(statSync(files[1] as string).size)
  })

  // Linux: the waiting thread sees the reading thread's OS thread gone from /proc/self/task
  test.runIf(existsSync('/proc/thread-self'))('a thread that runs out of memory is seen to end: take gives undefined well before its wait bound, and the file is read where it is wanted', () => {
    const file = join(dir, 'two-mb.dataset.yaml')
    writeFileSync(file, largeDataset(2))
    // an old generation far too small for a 2 MB file's parse: the thread dies of it (ERR_WORKER_OUT_OF_MEMORY)
    const preload = new CaseContextPreload({ oldGenerationMb: 16 })
    try {
      expect(preload.threaded).toBe(true)
      preload.request(file)
      const started = performance.now()
      expect(preload.take(file)).toBeUndefined()
      // the bound for 2 MB still to read is 10 s + 2 s a MB = 14 s; seen to end, it returns when the thread dies
      expect(performance.now() - started).toBeLessThan(10_000)
      expect(preload.threaded).toBe(false)
    } finally {
      preload.close()
    }
    expect(readTexts(file)?.length).toBe(7134)
  }, 30_000)

  test.runIf(existsSync('/proc/thread-self'))('endRequests: the thread ends once it has posted every file requested before (its heap goes), and their texts are all still taken; a later request is not read ahead', async () => {
    const preload = new CaseContextPreload()
    try {
      for (const file of files) preload.request(file)
      preload.endRequests()
      const late = join(dir, 'late.dataset.yaml')
      writeFileSync(late, 'name: l\ntest_cases:\n  - id: a\n    prompt: hi\n')
      preload.request(late)
      // every take below is after the thread's end
      const started = performance.now()
      while (preload.alive && performance.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 20))
      expect(preload.alive).toBe(false)
      expect(preload.threaded).toBe(true)
      for (const file of files) expect(preload.take(file)).toEqual(readTexts(file))
      expect(preload.take(late)).toBeUndefined()
    } finally {
      preload.close()
    }
  })

  test('let go before it posted: take gives undefined at once (the file is then read where it is wanted)', () => {
    const preload = new CaseContextPreload()
    for (const file of files) preload.request(file)
    preload.close()
    const started = performance.now()
    expect(preload.take(files[0] as string)).toBeUndefined()
    expect(performance.now() - started).toBeLessThan(1000)
    expect(preload.threaded).toBe(false)
  })
})

test('a run of 12,000 records: finishRun reads the texts ahead, and report.html and its case files are byte for byte those of reading them in this thread; so are they with the texts read from the cache', () => {
  emptyCache()
  const runId = 'llm-20261206-120000-preload0'
  const jsonl = join(dir, 'results.jsonl')
  const fd = openSync(jsonl, 'w')
  for (const r of generateRecords(12_000, datasets)) writeSync(fd, `${JSON.stringify({ ...r, runId })}\n`)
  closeSync(fd)
  const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: true, csv: false, markdown: false, rawResponses: false } })
  const ahead = join(dir, 'ahead')
  mkdirSync(ahead)
  const finished = finishRun({ run: { id: runId, dir: ahead, startedAt: new Date('2026-12-06T10:00:00Z') }, endedAt: new Date('2026-12-06T11:00:00Z'), options, mode: 'run', vitest: { config: { root: dir } }, records: jsonlSource(jsonl), failures: [], reason: 'passed', samples: [] })
  expect(finished.saved).toBe(true)
  // the same results, written with every text read in this thread
  const here = join(dir, 'here')
  mkdirSync(here)
  const key = (r: { dataset: string; caseId: string; provider: string }): string => `${r.dataset}\0${r.caseId}\0${r.provider}`
  const whole = new Map([...jsonlSource(jsonl)()].map((r) => [key(r), r]))
  expect(whole.size).toBe(finished.results.cases.length)
  writeArtifacts(here, finished.results, { html: true, csv: false, markdown: false, rawResponses: false, records: () => finished.results.cases.map((c) => whole.get(key(c)) as CaseRecord) })
  const pageFiles = (root: string): string[] => ['report.html', ...readdirSync(join(root, 'report-cases')).map((name) => join('report-cases', name))]
  expect(pageFiles(here)).toEqual(pageFiles(ahead))
  for (const name of pageFiles(ahead)) expect(readFileSync(join(ahead, name)).equals(readFileSync(join(here, name))), name).toBe(true)
  const chunks = pageFiles(ahead).filter((name) => /report-cases\/\d+\.js$/.test(name)).map((name) => readFileSync(join(ahead, name), 'utf8')).join('')
  expect(chunks).toContain('A Map stores key/value pairs; a Set stores unique values.')
  // the thread stored each file's texts in the cache as it parsed it: a second end of run reads them from there
  expect(readdirSync(join(dir, 'cache', 'case-texts')).filter((name) => name.endsWith('.json'))).toHaveLength(files.length)
  expect(files.every((file) => readAheadBytes(file) === 0)).toBe(true)
  const cached = join(dir, 'cached')
  mkdirSync(cached)
  const again = finishRun({ run: { id: runId, dir: cached, startedAt: new Date('2026-12-06T10:00:00Z') }, endedAt: new Date('2026-12-06T11:00:00Z'), options, mode: 'run', vitest: { config: { root: dir } }, records: jsonlSource(jsonl), failures: [], reason: 'passed', samples: [] })
  expect(again.saved).toBe(true)
  expect(pageFiles(cached)).toEqual(pageFiles(ahead))
  for (const name of pageFiles(ahead)) expect(readFileSync(join(ahead, name)).equals(readFileSync(join(cached, name))), name).toBe(true)
}, 120_000)
