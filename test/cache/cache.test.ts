import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import {
  CorruptRecordingError,
  ReplayMissError,
  forgetCaches,
  openCache,
  parseRecording,
  recordingPath,
  serializeRecording,
} from '../../src/providers/cache/index.ts'
import { toEntry } from '../../src/providers/cache/entry.ts'
import { RecordingSet } from '../../src/providers/cache/recording-set.ts'
import { call, tempDir } from './helpers.ts'

let dir: string
let dispose: () => Promise<void>
let dataset: string

beforeEach(async () => {
  ;({ dir, dispose } = await tempDir())
  dataset = join(dir, 'qa.dataset.yaml')
  forgetCaches()
})
afterEach(() => dispose())

/** The entries of the recording file as plain data. */
async function fileEntries(): Promise<Array<{ caseId: string; provider: string; requestHash: string }>> {
  const data: unknown = parse(await readFile(recordingPath(dataset), 'utf8'))
  return (data as { entries: Array<{ caseId: string; provider: string; requestHash: string }> }).entries
}

describe('recording file', () => {
  test('lives beside the dataset in __recordings__', () => {
    expect(recordingPath('/repo/datasets/qa.dataset.yaml')).toBe('/repo/datasets/__recordings__/qa.dataset.yaml.recording.yaml')
  })

  test('round trip: stored, written, read back by a fresh process with the original timings', async () => {
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset })
    const stored = call('capital', 'What is the capital of France?', { output: 'Paris.\nIt is on the Seine.\n' })
    await cache.store(stored)

    forgetCaches() // a new process
    const again = await openCache({ mode: 'read-write', datasetFile: dataset })
    const hit = again.lookup(stored.requestHash)
    expect(hit?.response).toEqual(stored.response)
    expect(hit?.entry).toMatchObject({ caseId: 'capital', provider: 'openai:gpt-4o-mini', request: { messages: stored.request.messages } })

    const text = await readFile(recordingPath(dataset), 'utf8')
    expect(text).toContain('      output: |\n        Paris.\n        It is on the Seine.\n')
    expect(text).toContain('      timings: { queueMs: 1.5, ttftMs: 210.25, e2eMs: 350.75, tpotMs: 70.25, itlMs: [ 70, 70.5 ], streamed: true }\n')
    expect(parseRecording(text, recordingPath(dataset))).toEqual([hit?.entry])
  })

  test('entries are in stable order: case id, provider, request hash, whatever the order of stores', async () => {
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset })
    await cache.store(call('b', 'q-b', { provider: 'local' }))
    await cache.store(call('c', 'q-c'))
    await cache.store(call('a', 'q-a'))
    await cache.store(call('b', 'q-b'))
    expect((await fileEntries()).map((e) => `${e.caseId} ${e.provider}`)).toEqual(['a openai:gpt-4o-mini', 'b local', 'b openai:gpt-4o-mini', 'c openai:gpt-4o-mini'])

    const now = new Date('2026-01-01T00:00:00Z')
    const entries = ['x', 'y', 'z'].map((id) => toEntry(call(id, `q-${id}`), now))
    expect(serializeRecording([...entries].reverse(), dataset)).toBe(serializeRecording(entries, dataset))
  })

  test('a changed prompt is a small diff: only that entry changes', async () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const before = ['a', 'b', 'c'].map((id) => toEntry(call(id, `prompt ${id}\nsecond line`), now))
    const after = before.map((e) => (e.caseId === 'b' ? toEntry(call('b', 'prompt b\nchanged line'), now) : e))
    const lines = (entries: typeof before) => serializeRecording(entries, dataset).split('\n')
    const [old, next] = [lines(before), lines(after)]
    const changed = next.filter((line, i) => line !== old[i])
    // the hash, the prompt's changed line, the output's changed line
    expect(changed).toHaveLength(3)
    expect(changed.some((line) => line.trim() === 'changed line')).toBe(true)
  })

  test('the endpoint is recorded without credentials', async () => {
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset })
    await cache.store(call('a', 'q', { baseURL: 'https://user:secret@llm.example.com/v1?key=abc' }))
    const text = await readFile(recordingPath(dataset), 'utf8')
    expect(text).toContain('baseURL: https://llm.example.com/v1')
    expect(text).not.toMatch(/secret|abc/)
  })
})

describe('modes', () => {
  test('read-write: a recorded request is a hit, another is a miss', async () => {
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset })
    const first = call('a', 'q1')
    expect(cache.lookup(first.requestHash)).toBeNull()
    await cache.store(first)
    expect(cache.lookup(first.requestHash)?.response.output).toBe('answer to q1')
    expect(cache.lookup(call('a', 'q2').requestHash)).toBeNull()
    // the same request from another case is the same response
    expect(cache.lookup(call('other', 'q1').requestHash)?.entry.caseId).toBe('a')
  })

  test('content-addressed: a changed request is one more entry, and the reverted prompt replays', async () => {
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset, cases: [{ id: 'a' }] })
    const old = call('a', 'old', { output: 'old answer' })
    await cache.store(old)
    await cache.store(call('gone', 'q'))
    const changed = call('a', 'new')
    expect(cache.lookup(changed.requestHash)).toBeNull()
    await cache.store(changed)
    expect((await fileEntries()).map((e) => [e.caseId, e.requestHash])).toEqual(
      [
        ['a', changed.requestHash],
        ['a', old.requestHash],
        ['gone', call('gone', 'q').requestHash],
      ].sort((x, y) => (`${x[0]} ${x[1]}` < `${y[0]} ${y[1]}` ? -1 : 1)),
    )
    forgetCaches() // a later run, with the prompt back as it was
    const again = await openCache({ mode: 'read-write', datasetFile: dataset })
    expect(again.lookup(old.requestHash)?.response.output).toBe('old answer')
  })

  test('record: identical answers leave the file byte for byte as it was, a changed answer rewrites only its entry', async () => {
    const seed = await openCache({ mode: 'record', datasetFile: dataset, cases: [{ id: 'a' }, { id: 'b' }] })
    await seed.store(call('a', 'q-a'))
    await seed.store(call('b', 'q-b', { output: 'b line 1\nb line 2\n' }))
    const before = await readFile(recordingPath(dataset), 'utf8')

    forgetCaches() // the next record run: same outputs, other timings
    const cache = await openCache({ mode: 'record', datasetFile: dataset, cases: [{ id: 'a' }, { id: 'b' }] })
    const slower = (entry: ReturnType<typeof call>) => ({ ...entry, response: { ...entry.response, timings: { ...entry.response.timings, e2eMs: 999, itlMs: [1, 2, 3] } } })
    await cache.store(slower(call('a', 'q-a')))
    await cache.store(slower(call('b', 'q-b', { output: 'b line 1\nb line 2\n' })))
    await cache.flush()
    expect(await readFile(recordingPath(dataset), 'utf8')).toBe(before)

    await cache.store(slower(call('b', 'q-b', { output: 'b line 1\nb line two\n' })))
    const after = (await readFile(recordingPath(dataset), 'utf8')).split('\n')
    const old = before.split('\n')
    expect(after).toHaveLength(old.length)
    // b's recordedAt, its changed output line, its timings
    expect(after.filter((line, i) => line !== old[i])).toHaveLength(3)
  })

  test('a recording changed on disk (git checkout, another process) is read again', async () => {
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset })
    const entry = call('a', 'q')
    expect(cache.lookup(entry.requestHash)).toBeNull()
    await mkdir(dirname(recordingPath(dataset)), { recursive: true })
    await writeFile(recordingPath(dataset), serializeRecording([toEntry(entry)], dataset))
    const reopened = await openCache({ mode: 'read-write', datasetFile: dataset })
    expect(reopened.lookup(entry.requestHash)?.response.output).toBe('answer to q')
  })

  test('record: never a hit; refreshes the recording and prunes cases the dataset no longer has', async () => {
    const seed = await openCache({ mode: 'read-write', datasetFile: dataset })
    await seed.store(call('a', 'q-a', { output: 'old a' }))
    await seed.store(call('b', 'q-b', { output: 'old b' }))
    await seed.store(call('removed', 'q-r'))

    forgetCaches()
    // this run still has cases a and b, but only a runs (say, filtered with -t)
    const cache = await openCache({ mode: 'record', datasetFile: dataset, cases: [{ id: 'a' }, { id: 'b' }] })
    expect(cache.lookup(call('a', 'q-a').requestHash)).toBeNull()
    await cache.store(call('a', 'q-a', { output: 'new a' }))

    forgetCaches()
    const check = await openCache({ mode: 'replay', datasetFile: dataset })
    expect(check.lookup(call('a', 'q-a').requestHash)?.response.output).toBe('new a')
    expect(check.lookup(call('b', 'q-b').requestHash)?.response.output).toBe('old b')
    expect(check.lookup(call('removed', 'q-r').requestHash)).toBeNull()
    expect((await fileEntries()).map((e) => e.caseId)).toEqual(['a', 'b'])
  })

  test('replay: a hit replays; stores write nothing', async () => {
    const seed = await openCache({ mode: 'read-write', datasetFile: dataset })
    await seed.store(call('a', 'q'))
    forgetCaches()
    const before = await readFile(recordingPath(dataset), 'utf8')
    const cache = await openCache({ mode: 'replay', datasetFile: dataset })
    expect(cache.lookup(call('a', 'q').requestHash)?.response.timings.e2eMs).toBe(350.75)
    await cache.store(call('b', 'q-b'))
    expect(await readFile(recordingPath(dataset), 'utf8')).toBe(before)
  })

  test('replay miss: errorClass cache_miss, says how to record and which file to commit', async () => {
    const cache = await openCache({ mode: 'replay', datasetFile: dataset })
    const missing = call('a', 'q')
    const error = cache.replayMiss(missing)
    expect(error).toBeInstanceOf(ReplayMissError)
    expect(error.errorClass).toBe('cache_miss')
    const file = recordingPath(dataset)
    expect(error.message).toBe(
      `no recording of case "a" on openai:gpt-4o-mini (request ${missing.requestHash}): ${file} has no entry for it. ` +
        `Cache mode replay never calls a provider; run once with LLM_BENCH_CACHE=record (or cache: 'record') and commit ${file}`,
    )
  })

  test('replay miss of a changed request names the recorded one', async () => {
    const seed = await openCache({ mode: 'read-write', datasetFile: dataset })
    const recorded = call('a', 'old prompt')
    await seed.store(recorded)
    forgetCaches()
    const cache = await openCache({ mode: 'replay', datasetFile: dataset })
    const changed = call('a', 'new prompt')
    expect(cache.lookup(changed.requestHash)).toBeNull()
    expect(cache.replayMiss(changed).message).toContain(`it is recorded only for request ${recorded.requestHash}: the prompt, parameters or model changed`)
  })

  test('off: no lookups, no file', async () => {
    const cache = await openCache({ mode: 'off', datasetFile: dataset })
    await cache.store(call('a', 'q'))
    expect(cache.lookup(call('a', 'q').requestHash)).toBeNull()
    await expect(readFile(recordingPath(dataset), 'utf8')).rejects.toThrow(/ENOENT/)
  })
})

describe('concurrent writes', () => {
  test('many cases storing at once lose nothing', async () => {
    const cache = await openCache({ mode: 'record', datasetFile: dataset })
    const calls = Array.from({ length: 60 }, (_, i) => call(`case-${String(i).padStart(2, '0')}`, `q${i}`))
    await Promise.all(calls.map((c) => cache.store(c)))
    await cache.flush()
    const entries = await fileEntries()
    expect(entries.map((e) => e.caseId)).toEqual(calls.map((c) => c.caseId))
  })

  test('two processes writing the same recording file lose nothing', async () => {
    const file = recordingPath(dataset)
    const one = new RecordingSet('read-write', file, dataset)
    const two = new RecordingSet('read-write', file, dataset)
    const stores = Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).store(call(`case-${String(i).padStart(2, '0')}`, `q${i}`, { provider: i % 2 ? 'p1' : 'p2' })))
    await Promise.all(stores)
    await Promise.all([one.flush(), two.flush()])
    expect(await fileEntries()).toHaveLength(20)
  })

  test('different datasets write different files', async () => {
    const other = join(dir, 'sub', 'other.dataset.json')
    const [a, b] = await Promise.all([openCache({ mode: 'record', datasetFile: dataset }), openCache({ mode: 'record', datasetFile: other })])
    await Promise.all([a.store(call('a', 'q')), b.store(call('b', 'q'))])
    expect(parse(await readFile(join(dir, 'sub', '__recordings__', 'other.dataset.json.recording.yaml'), 'utf8')).entries).toHaveLength(1)
    expect(await fileEntries()).toHaveLength(1)
  })
})

describe('older files', () => {
  test('a version 1 file is read (migrated) and written back as version 2 with its entries', async () => {
    const entry = toEntry(call('a', 'q'), new Date('2026-01-01T00:00:00Z'))
    const v1 = serializeRecording([entry], dataset).replace(/^version: 2$/m, 'version: 1')
    expect(v1).toContain('\nversion: 1\n')
    await mkdir(dirname(recordingPath(dataset)), { recursive: true })
    await writeFile(recordingPath(dataset), v1)
    const cache = await openCache({ mode: 'read-write', datasetFile: dataset })
    expect(cache.lookup(entry.requestHash)?.response.output).toBe('answer to q')
    await cache.store(call('b', 'q-b'))
    const text = await readFile(recordingPath(dataset), 'utf8')
    expect(text).toContain('\nversion: 2\n')
    expect((await fileEntries()).map((e) => e.caseId)).toEqual(['a', 'b'])
  })
})

describe('a corrupt recording file', () => {
  async function corrupt(text: string): Promise<CorruptRecordingError> {
    const seed = await openCache({ mode: 'record', datasetFile: dataset })
    await seed.store(call('a', 'q'))
    await writeFile(recordingPath(dataset), text)
    forgetCaches()
    const error = await openCache({ mode: 'read-write', datasetFile: dataset }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CorruptRecordingError)
    return error as CorruptRecordingError
  }

  test('bad YAML: the file and line', async () => {
    const error = await corrupt('version: 1\ndataset: qa.dataset.yaml\nentries:\n  - caseId: [a\n  - caseId: b\n')
    expect(error.errorClass).toBe('cache_corrupt')
    expect(error.message).toMatch(new RegExp(`^corrupt recording file ${recordingPath(dataset).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:3: `))
    expect(error.message).toContain('re-record with LLM_BENCH_CACHE=record')
  })

  test('a wrong field: the file, the line and the field', async () => {
    const seedText = serializeRecording([toEntry(call('a', 'q'))], dataset)
    const lines = seedText.split('\n')
    const at = lines.findIndex((line) => line.trimStart().startsWith('output:'))
    lines[at] = lines[at]!.replace(/output:.*/, 'output: [not, text]')
    const error = await corrupt(lines.join('\n'))
    expect(error.message).toContain(`${recordingPath(dataset)}:${at + 1}:`)
    expect(error.message).toContain('entries[0].response.output: ')
  })

  test('merge conflict markers: the line of the first', async () => {
    const error = await corrupt('version: 1\ndataset: qa.dataset.yaml\nentries:\n<<<<<<< HEAD\n=======\n>>>>>>> branch\n')
    expect(error.message).toContain(`${recordingPath(dataset)}:4:1: unresolved merge conflict markers`)
  })

  test('an unknown version', async () => {
    const error = await corrupt('version: 3\ndataset: qa.dataset.yaml\nentries: []\n')
    expect(error.message).toContain(`${recordingPath(dataset)}:1:10: version: a recording file version this llm-test-bench reads (1 or 2)`)
  })
})
