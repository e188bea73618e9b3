import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { CacheError, CorruptRecordingError, recordingPath, serializeRecording } from '../../src/providers/cache/index.ts'
import { toEntry } from '../../src/providers/cache/entry.ts'
import { pruneRecording } from '../../src/providers/cache/prune.ts'
import { call, tempDir } from './helpers.ts'

let dir: string
let dispose: () => Promise<void>
let dataset: string
let file: string
beforeEach(async () => {
  ;({ dir, dispose } = await tempDir())
  dataset = join(dir, 'qa.dataset.yaml')
  file = recordingPath(dataset)
  await mkdir(dirname(file), { recursive: true })
})
afterEach(() => dispose())

const now = new Date('2026-01-01T00:00:00Z')
const calls = [call('a', 'q-a'), call('a', 'q-a old'), call('b', 'q-b'), call('gone', 'q-g')]

test('keeps the entries whose request is used (by any case), removes the rest, in a stable file', async () => {
  await writeFile(file, serializeRecording(calls.map((c) => toEntry(c, now)), dataset))
  // case "c" sends the request "gone" recorded: the cache answers by hash, so it is kept
  const used = new Set([calls[0]!.requestHash, calls[2]!.requestHash, calls[3]!.requestHash])
  const result = await pruneRecording(file, dataset, used, { dryRun: false })
  expect(result).toMatchObject({ kept: 3, written: true })
  expect(result.removed.map((e) => e.requestHash)).toEqual([calls[1]!.requestHash])
  const kept = [calls[0]!, calls[2]!, calls[3]!].map((c) => toEntry(c, now))
  expect(await readFile(file, 'utf8')).toBe(serializeRecording(kept, dataset))
})

test('a dry run and a file with nothing to remove are not written', async () => {
  await writeFile(file, serializeRecording(calls.map((c) => toEntry(c, now)), dataset))
  const before = await stat(file)
  const dry = await pruneRecording(file, dataset, new Set(), { dryRun: true })
  expect(dry).toMatchObject({ kept: 0, written: false })
  expect(dry.removed).toHaveLength(4)
  const none = await pruneRecording(file, dataset, new Set(calls.map((c) => c.requestHash)), { dryRun: false })
  expect(none).toMatchObject({ kept: 4, written: false, removed: [] })
  expect((await stat(file)).mtimeMs).toBe(before.mtimeMs)
})

test('a missing file names the file; a corrupt one names the file, line and field', async () => {
  const missing = await pruneRecording(file, dataset, new Set(), { dryRun: false }).catch((e: unknown) => e)
  expect(missing).toBeInstanceOf(CacheError)
  expect((missing as Error).message).toBe(`no recording file ${file}`)
  const text = serializeRecording([toEntry(calls[0]!, now)], dataset).replace(/finishReason: stop/, 'finishReason: maybe')
  await writeFile(file, text)
  const corrupt = await pruneRecording(file, dataset, new Set(), { dryRun: true }).catch((e: unknown) => e)
  expect(corrupt).toBeInstanceOf(CorruptRecordingError)
  const line = text.split('\n').findIndex((l) => l.includes('finishReason: maybe')) + 1
  expect((corrupt as Error).message).toContain(`corrupt recording file ${file}:${line}:`)
  expect((corrupt as Error).message).toContain('entries[0].response.finishReason: ')
})
