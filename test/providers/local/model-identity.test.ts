import { copyFile, mkdir, mkdtemp, open, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_MODEL_SHA256, downloadTarget } from '../../../src/providers/local/download-model.ts'
import { fingerprintFile, localModelId, regions } from '../../../src/providers/local/model-identity.ts'
import { parseProviderSpec } from '../../../src/providers/spec.ts'
import { requestHash } from '../../../src/record/request-hash.ts'
import { requestTarget } from '../../../src/runner/build-request.ts'
import { storiesModel } from '../../helpers/run-vitest.ts'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'llm-bench-model-id-'))
})
afterEach(() => rm(root, { recursive: true, force: true }))

/** A copy of the shared model with one bit of its last tensor byte flipped: a different model that still loads. */
async function otherModel(to: string): Promise<string> {
  await copyFile(storiesModel(), to)
  const handle = await open(to, 'r+')
  try {
    const { size } = await handle.stat()
    const byte = Buffer.alloc(1)
    await handle.read(byte, 0, 1, size - 1)
    byte[0] = (byte[0] ?? 0) ^ 1
    await handle.write(byte, 0, 1, size - 1)
  } finally {
    await handle.close()
  }
  return to
}

const MiB = 1024 * 1024
const env = (over: Record<string, string>) => ({ LLM_BENCH_NO_DOWNLOAD: '1', LLM_BENCH_CACHE_DIR: join(root, 'cache'), ...over })

describe('local model identity', () => {
  test('two GGUF files of the same size that differ in one byte have different keys; a copy elsewhere has the same', async () => {
    const a = join(root, 'a.gguf')
    await copyFile(storiesModel(), a)
    const b = await otherModel(join(root, 'b.gguf'))
    const copy = join(root, 'elsewhere', 'renamed.gguf')
    await mkdir(join(root, 'elsewhere'))
    await copyFile(a, copy)
    await utimes(copy, new Date('2020-01-01'), new Date('2020-01-01'))
    const [fa, fb, fc] = await Promise.all([fingerprintFile(a), fingerprintFile(b), fingerprintFile(copy)])
    expect(fa).toMatch(/^gguf:1185376:[0-9a-f]{32}$/)
    expect(fb).not.toBe(fa)
    expect(fc).toBe(fa)
  })

  test('switching LLM_BENCH_MODEL switches the request hash of the same case (the spec still says model "default")', async () => {
    const a = join(root, 'a.gguf')
    await copyFile(storiesModel(), a)
    const b = await otherModel(join(root, 'b.gguf'))
    const spec = parseProviderSpec('local')
    expect(spec.model).toBe('default')
    const request = { prompt: 'Once upon a time', params: { temperature: 0 } }
    const idA = await localModelId(spec, { cwd: root, env: env({ LLM_BENCH_MODEL: a }) })
    const idB = await localModelId(spec, { cwd: root, env: env({ LLM_BENCH_MODEL: b }) })
    expect(idA).not.toBe(idB)
    const target = (modelId: string) => ({ type: 'local', model: 'default', modelId })
    expect(requestHash(target(idA), request)).not.toBe(requestHash(target(idB), request))
    // the runner's own target: the worker's environment (LLM_BENCH_MODEL is the shared model in tests)
    process.env['LLM_BENCH_MODEL'] = b
    try {
      expect(await requestTarget(spec)).toEqual({ type: 'local', model: 'default', modelId: idB })
    } finally {
      delete process.env['LLM_BENCH_MODEL']
    }
  })

  test('the download-cache model and one still to download are keyed by their pinned sha256, without downloading', async () => {
    const spec = parseProviderSpec('local')
    const cacheDir = join(root, 'cache')
    const pinned = `sha256:${DEFAULT_MODEL_SHA256}`
    expect(await localModelId(spec, { cwd: root, env: { LLM_BENCH_CACHE_DIR: cacheDir } })).toBe(pinned)
    const target = downloadTarget('https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf', cacheDir)
    await mkdir(join(cacheDir, 'models'), { recursive: true })
    await copyFile(storiesModel(), target)
    expect(await localModelId(spec, { cwd: root, env: { LLM_BENCH_CACHE_DIR: cacheDir } })).toBe(pinned)
  })

  test('no model anywhere and downloads off: "unresolved", so no recording matches', async () => {
    const spec = parseProviderSpec({ type: 'local', download: false })
    expect(await localModelId(spec, { cwd: root, env: env({}) })).toBe('unresolved')
    expect(await localModelId(parseProviderSpec('local:missing.gguf'), { cwd: root, env: env({}) })).toBe('unresolved')
  })

  test('a file changed in place gets a new key (the per-process memo is keyed by size, mtime and inode)', async () => {
    const file = join(root, 'm.gguf')
    await writeFile(file, 'first version')
    const first = await fingerprintFile(file)
    await writeFile(file, 'other version')
    await utimes(file, new Date(), new Date(Date.now() + 5_000))
    expect(await fingerprintFile(file)).not.toBe(first)
  })

  test('about 3 MiB are read whatever the size: both ends and 16 samples', () => {
    const big = 8 * 1024 * MiB
    const read = regions(big)
    expect(read[0]).toEqual([0, MiB])
    expect(read.at(-1)).toEqual([big - MiB, MiB])
    expect(read).toHaveLength(18)
    expect(read.reduce((sum, [, length]) => sum + length, 0)).toBe(2 * MiB + 16 * 64 * 1024)
    // a small file is read whole, once
    expect(regions(1000)).toEqual([[0, 1000]])
  })
})
