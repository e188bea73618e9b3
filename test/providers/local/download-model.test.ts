import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_MODEL_SHA256,
  DEFAULT_MODEL_URL,
  defaultDownload,
  downloadModel,
  modelFileName,
} from '../../../src/providers/local/download-model.ts'
import { MODEL_BYTES, MODEL_SHA256, startModelServer, type ModelServer } from './model-server.ts'

let server: ModelServer
let cache: string

beforeAll(async () => {
  server = await startModelServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), 'llm-bench-dl-'))
  server.requests.length = 0
})
afterEach(async () => {
  await rm(cache, { recursive: true, force: true })
})

const modelsDir = (): string[] => (existsSync(join(cache, 'models')) ? readdirSync(join(cache, 'models')).sort() : [])

describe('downloadModel', () => {
  it('streams the real model into <cache>/models/, checks its sha256, and reuses it on the next call', async () => {
    const url = server.url('/models/stories260K.gguf')
    const path = await downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache })
    expect(path).toBe(join(cache, 'models', 'stories260K.gguf'))
    expect(readFileSync(path).equals(MODEL_BYTES)).toBe(true)
    expect(modelsDir()).toEqual(['stories260K.gguf', 'stories260K.gguf.sha256'])
    expect(readFileSync(`${path}.sha256`, 'utf8')).toBe(`${MODEL_SHA256}  stories260K.gguf\n`)

    const again = await downloadModel({ url, sha256: MODEL_SHA256.toUpperCase(), cacheDir: cache })
    expect(again).toBe(path)
    expect(server.requests).toEqual(['/models/stories260K.gguf'])
  })

  it('deletes the download and names both hashes on a checksum mismatch', async () => {
    const wrong = 'ab'.repeat(32)
    const error = await downloadModel({ url: server.url('/models/stories260K.gguf'), sha256: wrong, cacheDir: cache }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toContain(`expected sha256 ${wrong}`)
    expect((error as Error).message).toContain(`got ${MODEL_SHA256}`)
    expect(modelsDir()).toEqual([])
  })

  it('reports an HTTP error with its status and leaves nothing behind', async () => {
    const url = server.url('/nowhere/stories260K.gguf')
    await expect(downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache })).rejects.toThrow(
      `Download of ${url} failed: HTTP 404 Not Found`,
    )
    expect(modelsDir()).toEqual([])
  })

  it('reports a connection closed in the middle of the body and leaves nothing behind', async () => {
    const url = server.url('/cut/stories260K.gguf')
    const error = await downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('ModelDownloadError')
    expect((error as Error).message).toMatch(new RegExp(`^Download of ${url} failed after \\d+ of ${MODEL_BYTES.length} bytes: `))
    expect(modelsDir()).toEqual([])
  })

  it('reports a refused connection', async () => {
    const closed = await startModelServer()
    const url = closed.url('/models/stories260K.gguf')
    await closed.close()
    await expect(downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache })).rejects.toThrow(/failed: fetch failed \(.*ECONNREFUSED/)
  })

  it('hashes a cached file it has no record for, once', async () => {
    const url = server.url('/models/stories260K.gguf')
    const path = await downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache })
    await rm(`${path}.sha256`)
    expect(await downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache })).toBe(path)
    expect(existsSync(`${path}.sha256`)).toBe(true)
    expect(server.requests).toHaveLength(1)
  })

  it('downloads again when the cached file does not have the expected hash', async () => {
    const url = server.url('/models/stories260K.gguf')
    await downloadModel({ url, sha256: MODEL_SHA256, cacheDir: cache })
    await expect(downloadModel({ url, sha256: 'cd'.repeat(32), cacheDir: cache })).rejects.toThrow('Checksum mismatch')
    expect(server.requests).toHaveLength(2)
    expect(modelsDir()).toEqual(['stories260K.gguf', 'stories260K.gguf.sha256'])
  })

  it('stops on abort with an AbortError', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await downloadModel({ url: server.url('/models/x.gguf'), sha256: MODEL_SHA256, cacheDir: cache, signal: controller.signal }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('AbortError')
    expect(modelsDir()).toEqual([])
  })
})

describe('download settings', () => {
  it('defaults to ggml-org stories260K, overridable by env (URL and sha256 together)', () => {
    expect(defaultDownload({})).toEqual({ url: DEFAULT_MODEL_URL, sha256: DEFAULT_MODEL_SHA256 })
    expect(DEFAULT_MODEL_SHA256).toBe(MODEL_SHA256)
    expect(defaultDownload({ LLM_BENCH_MODEL_URL: 'http://h/m.gguf', LLM_BENCH_MODEL_SHA256: MODEL_SHA256 })).toEqual({
      url: 'http://h/m.gguf',
      sha256: MODEL_SHA256,
    })
    expect(() => defaultDownload({ LLM_BENCH_MODEL_URL: 'http://h/m.gguf' })).toThrow('must be set together')
  })

  it('names the file after the last segment of the URL', () => {
    expect(modelFileName(DEFAULT_MODEL_URL)).toBe('stories260K.gguf')
    expect(modelFileName('https://h/a/b%20c.gguf?download=1')).toBe('b_c.gguf')
    expect(modelFileName('https://h/')).toBe('model.gguf')
    expect(modelFileName('https://h/..')).toBe('model.gguf')
  })
})
