import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { FileWriteError } from '../../../src/record/atomic-write.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { stableStringify } from '../../../src/record/stable-json.ts'
import { ResultsJsonThread, THREAD_FROM_BYTES, worthAThread } from '../../../src/report/artifacts/results-json-thread.ts'
import { writeArtifacts } from '../../../src/report/artifacts/write-artifacts.ts'
import { jsonlSource, type JsonlLineMap } from '../../../src/report/record-source.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { Tmpfs, tmpfsProblem } from '../../helpers/tmpfs.ts'
import { record } from './fixtures.ts'

/**
 * results.json written on a worker thread from the run's results.jsonl lines
 * (results-json-thread.ts): the same bytes as written in the main thread,
 * renamed into place only at `commit`, nothing left after `abort`, a full
 * disk said as the main thread says it, and a thread that dies or fails
 * written around (results.json then made in the main thread).
 */

const dirs: string[] = []
const disks = new Tmpfs()
afterAll(() => {
  disks.unmountAll()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const runId = 'llm-20261207-000000-abcdef12'
const info = { runId, project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-results-thread-'))
  dirs.push(dir)
  return dir
}

/**
 * A results.jsonl of `count` lines as the reporter writes them, but every third line as another
 * writer would (spaces, keys out of order: not copied, parsed and serialised) and every fifth
 * with an earlier run's id; two records after the file's (kept in memory, placeholders).
 */
function runFiles(dir: string, count: number): { source: ReturnType<typeof jsonlSource>; records: CaseRecord[]; map: JsonlLineMap; order: Uint32Array } {
  const lines: string[] = []
  const records: CaseRecord[] = []
  for (let i = 0; i < count; i++) {
    const r = record({ caseId: `case-${i}`, output: `out ${i} "q" \u2028 ü 🙂`, ...(i % 5 === 0 ? { runId: 'earlier' } : { runId }) })
    lines.push(i % 3 === 0 ? JSON.stringify(Object.fromEntries(Object.entries(r).reverse()), null, 1).replaceAll('\n', ' ') : JSON.stringify(r))
    records.push({ ...r, runId })
  }
  // kept in memory: one copied from its JSON text, one parsed (an array-index-like key is not copied)
  const extra = [record({ caseId: 'kept-1', runId: null }), { ...record({ caseId: 'kept-0', status: 'skipped', runId: null }), evaluations: [{ name: 'x', pass: true, score: 1, threshold: 1, reason: 'r', details: { '10': 'ten', '9': 'nine' } }] }]
  const file = join(dir, 'results.jsonl')
  writeFileSync(file, `${lines.join('\n')}\n`)
  const source = jsonlSource(file, { extra })
  for (const _ of source());
  const map = source.lineMap()
  if (!map) throw new Error('no line map after a pass')
  // results.json's order is not the file's: reversed, the records after the file's among them
  const order = Uint32Array.from({ length: count + extra.length }, (_, i) => count + extra.length - 1 - i)
  const all = [...records, ...extra.map((r) => ({ ...r, runId }))]
  return { source, records: Array.from(order, (i) => all[i] as CaseRecord), map, order }
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'))
}

describe('results.json on a thread', () => {
  test('600 lines (copied, parsed, and records after the file): the bytes the main thread writes, in place only at commit', () => {
    const dir = tempDir()
    const { records, map, order } = runFiles(dir, 600)
    const results = buildRunResults(info, records, [])
    const file = join(dir, 'results.json')
    const thread = ResultsJsonThread.start(file, results, { map, order, runId })
    expect(thread).not.toBeNull()
    expect(thread?.written()).toBe(true)
    // written and flushed, not yet results.json
    expect(existsSync(file)).toBe(false)
    expect(leftovers(dir)).toHaveLength(1)
    thread?.commit()
    expect(readFileSync(file, 'utf8')).toBe(`${stableStringify({ ...results, cases: records }, 2)}\n`)
    expect(leftovers(dir)).toEqual([])
  })

  test('abort: no file left and an earlier results.json as it was, also before the thread has written', () => {
    const dir = tempDir()
    const { records, map, order } = runFiles(dir, 2_000)
    const results = buildRunResults(info, records, [])
    const file = join(dir, 'results.json')
    writeFileSync(file, 'earlier\n')
    for (const wait of [true, false]) {
      const thread = ResultsJsonThread.start(file, results, { map, order, runId })
      if (wait) expect(thread?.written()).toBe(true)
      thread?.abort()
      thread?.abort()
      expect(readFileSync(file, 'utf8')).toBe('earlier\n')
      expect(leftovers(dir)).toEqual([])
    }
  })

  test('a thread that cannot read the lines is lost: written gives false and leaves nothing', () => {
    const dir = tempDir()
    const { records, map, order } = runFiles(dir, 50)
    const results = buildRunResults(info, records, [])
    const thread = ResultsJsonThread.start(join(dir, 'results.json'), results, { map: { ...map, file: join(dir, 'gone.jsonl') }, order, runId })
    expect(thread?.written()).toBe(false)
    expect(existsSync(join(dir, 'results.json'))).toBe(false)
    expect(leftovers(dir)).toEqual([])
  })

  test('a thread that runs out of memory is seen to end at once (Linux): written gives false and leaves nothing', () => {
    const dir = tempDir()
    // a line of a million small objects, not written as JSON.stringify writes (parsed, not copied): its ~50 MB of
    // objects cannot fit a 16 MB old generation
    const items = Array.from({ length: 1_000_000 }, (_, k) => `{"k": ${k}}`).join(',')
    const lines = [`{"caseId": "big", "items": [${items}]}`]
    const file = join(dir, 'results.jsonl')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const source = jsonlSource(file)
    for (const _ of source());
    const map = source.lineMap()
    if (!map) throw new Error('no line map after a pass')
    const started = performance.now()
    const thread = ResultsJsonThread.start(join(dir, 'results.json'), buildRunResults(info, [], []), { map, order: Uint32Array.from(lines.keys()), runId }, { oldGenerationMb: 16 })
    expect(thread?.written()).toBe(false)
    expect(performance.now() - started).toBeLessThan(20_000)
    expect(existsSync(join(dir, 'results.json'))).toBe(false)
    expect(leftovers(dir)).toEqual([])
  })

  test.skipIf(tmpfsProblem() !== null)('a full disk: the FileWriteError the main thread would throw (results.json, ENOSPC), nothing left', () => {
    const dir = tempDir()
    const { records, map, order } = runFiles(dir, 600)
    const results = buildRunResults(info, records, [])
    const out = disks.mount(join(dir, 'out'), 'size=64k')
    const thread = ResultsJsonThread.start(join(out, 'results.json'), results, { map, order, runId })
    let error: unknown
    try {
      thread?.written()
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(FileWriteError)
    expect((error as FileWriteError).message).toBe(`cannot write ${join(out, 'results.json')}: ENOSPC (no space left on device)`)
    expect(readdirSync(out)).toEqual([])
  })
})

test('a thread only for many lines: from THREAD_FROM_BYTES of them together', () => {
  const map = (lengths: number[]): JsonlLineMap => ({ file: 'results.jsonl', offsets: new Float64Array(lengths.length), lengths: Uint32Array.from(lengths), extra: [] })
  const half = THREAD_FROM_BYTES / 2
  expect(worthAThread(map([]))).toBe(false)
  expect(worthAThread(map([half, half - 1]))).toBe(false)
  expect(worthAThread(map([half, half]))).toBe(true)
})

describe('writeArtifacts with the lines', () => {
  test('results.json from the thread, and from the main thread when the thread is lost: the same bytes as without lines', () => {
    const dir = tempDir()
    const { source, records, map, order } = runFiles(dir, 700)
    const results = buildRunResults(info, records, [])
    const recordLines = (): Iterable<{ record: CaseRecord; line: Uint8Array | null }> => Array.from(source.inOrder(order), (r) => ({ record: { ...r, runId }, line: null }))
    const options = { csv: true, markdown: false, rawResponses: false, recordLines }
    const expected = join(tempDir(), 'plain')
    writeArtifacts(expected, results, options)
    for (const lines of [{ map, order, runId }, { map: { ...map, file: join(dir, 'gone.jsonl') }, order, runId }]) {
      const out = join(tempDir(), 'run')
      const written = writeArtifacts(out, results, { ...options, resultsJsonLines: lines })
      expect(written.finished).toBe(true)
      expect(written.problems).toEqual([])
      expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(readFileSync(join(expected, 'results.json'), 'utf8'))
      expect(readFileSync(join(out, 'csv', 'cases.csv'), 'utf8')).toBe(readFileSync(join(expected, 'csv', 'cases.csv'), 'utf8'))
      expect(leftovers(out)).toEqual([])
    }
  })
})
