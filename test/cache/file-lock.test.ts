import { readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { CacheError, flushCaches, forgetCaches, openCache, recordingPath } from '../../src/providers/cache/index.ts'
import { withFileLock, writeAtomic } from '../../src/providers/cache/file-io.ts'
import { call, tempDir } from './helpers.ts'

let dir: string
let dispose: () => Promise<void>
beforeEach(async () => {
  ;({ dir, dispose } = await tempDir())
  forgetCaches()
})
afterEach(() => dispose())

test('a lock left by a dead process is taken over', async () => {
  const file = join(dir, 'r.yaml')
  await writeFile(`${file}.lock`, '12345')
  const old = new Date(Date.now() - 60_000)
  await utimes(`${file}.lock`, old, old)
  await expect(withFileLock(file, async () => 'done')).resolves.toBe('done')
  expect(await readdir(dir)).toEqual([])
})

test('a held lock: waits, then fails naming the lock file', async () => {
  const file = join(dir, 'r.yaml')
  await writeFile(`${file}.lock`, '12345')
  const error = await withFileLock(file, async () => 'done', { timeoutMs: 50 }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CacheError)
  expect((error as CacheError).errorClass).toBe('cache_write')
  expect((error as CacheError).message).toMatch(/r\.yaml\.lock exists; delete it if no run is writing recordings$/)
})

test('an atomic write leaves no temp file behind', async () => {
  const file = join(dir, 'deep', 'r.yaml')
  await writeAtomic(file, 'a: 1\n')
  await writeAtomic(file, 'a: 2\n')
  expect(await readdir(join(dir, 'deep'))).toEqual(['r.yaml'])
})

test('a failed write rejects the store (cache_write) and is retried by flush', async () => {
  const dataset = join(dir, 'qa.dataset.yaml')
  const recordings = join(dir, '__recordings__')
  await writeFile(recordings, 'a file where the folder should be')
  const cache = await openCache({ mode: 'record', datasetFile: dataset })
  const error = await cache.store(call('a', 'q')).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(CacheError)
  expect((error as CacheError).errorClass).toBe('cache_write')
  expect((error as CacheError).message).toContain(`could not create the folder of ${recordingPath(dataset)}`)
  await rm(recordings)
  await flushCaches()
  expect(await readdir(recordings)).toEqual(['qa.dataset.yaml.recording.yaml'])
})
