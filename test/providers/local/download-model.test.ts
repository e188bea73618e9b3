import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_MODEL_BYTES,
  DEFAULT_MODEL_MIRRORS,
  DEFAULT_MODEL_SHA256,
  DEFAULT_MODEL_URL,
  defaultDownload,
  downloadModel,
  modelFileName,
  progressLine,
  type DownloadProgress,
} from '../../../src/providers/local/download-model.ts'
import { ModelNotFoundError, resolveModel } from '../../../src/providers/local/resolve-model.ts'
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

describe('downloadModel from a list of sources', () => {
  it('tries each source in order past a 404, a cut stream and a wrong file, and follows a redirect to the file', async () => {
    const events: DownloadProgress[] = []
    const url = server.url('/nowhere/stories260K.gguf')
    const mirrors = [server.url('/cut/stories260K.gguf'), server.url('/wrong/stories260K.gguf'), server.url('/redirect/stories260K.gguf')]
    const path = await downloadModel({ url, mirrors, sha256: MODEL_SHA256, cacheDir: cache, onProgress: (event) => events.push(event) })
    expect(path).toBe(join(cache, 'models', 'stories260K.gguf'))
    expect(readFileSync(path).equals(MODEL_BYTES)).toBe(true)
    expect(modelsDir()).toEqual(['stories260K.gguf', 'stories260K.gguf.sha256'])
    expect(server.requests).toEqual(['/nowhere/stories260K.gguf', '/cut/stories260K.gguf', '/wrong/stories260K.gguf', '/redirect/stories260K.gguf', '/models/stories260K.gguf'])
    expect(events.filter((e) => e.phase !== 'bytes').map((e) => `${e.phase} ${new URL(e.url).pathname.split('/')[1]}`)).toEqual([
      'start nowhere',
      'failed nowhere',
      'start cut',
      'failed cut',
      'start wrong',
      'failed wrong',
      'start redirect',
      'done redirect',
    ])
    const failed = events.filter((e) => e.phase === 'failed')
    expect(failed.map((e) => e.message)).toEqual([
      expect.stringContaining('HTTP 404'),
      expect.stringMatching(/failed after \d+ of 1185376 bytes/),
      expect.stringContaining(`Checksum mismatch for ${mirrors[1]}: expected sha256 ${MODEL_SHA256}`),
    ])
    expect(events.at(-1)).toMatchObject({ phase: 'done', bytes: MODEL_BYTES.length, path })
    // a second call finds the verified file: no request
    await downloadModel({ url, mirrors, sha256: MODEL_SHA256, cacheDir: cache })
    expect(server.requests).toHaveLength(5)
  })

  it('names every URL tried, in order, with why each failed, and leaves nothing behind', async () => {
    const url = server.url('/nowhere/stories260K.gguf')
    const mirrors = [server.url('/cut/stories260K.gguf'), server.url('/wrong/stories260K.gguf')]
    const error = await downloadModel({ url, mirrors, sha256: MODEL_SHA256, cacheDir: cache }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    const lines = (error as Error).message.split('\n')
    expect(lines[0]).toBe('Download of stories260K.gguf failed from every source, tried in order:')
    expect(lines[1]).toBe(`  1. ${url}: Download of ${url} failed: HTTP 404 Not Found`)
    expect(lines[2]).toMatch(new RegExp(`^  2\\. ${mirrors[0]}: Download of ${mirrors[0]} failed after \\d+ of ${MODEL_BYTES.length} bytes`))
    expect(lines[3]).toContain(`  3. ${mirrors[1]}: Checksum mismatch`)
    expect(modelsDir()).toEqual([])
  })

  it('a local provider with no model: the error names every URL tried and how to set LLM_BENCH_MODEL', async () => {
    const url = server.url('/nowhere/stories260K.gguf')
    const mirrors = [server.url('/wrong/stories260K.gguf')]
    const cwd = await mkdtemp(join(tmpdir(), 'llm-bench-cwd-'))
    const lines: string[] = []
    try {
      const error = await resolveModel(
        { id: 'local', download: { url, mirrors, sha256: MODEL_SHA256 } },
        { cwd, env: { LLM_BENCH_CACHE_DIR: cache }, onProgress: progressLine((line) => lines.push(line)) },
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ModelNotFoundError)
      const message = (error as Error).message
      expect(message).toContain(`1. ${url}: Download of ${url} failed: HTTP 404 Not Found`)
      expect(message).toContain(`2. ${mirrors[0]}: Checksum mismatch`)
      expect(message).toContain('set LLM_BENCH_MODEL=/path/to/model.gguf')
      expect(lines).toEqual([
        `llm-test-bench: downloading the model stories260K.gguf from ${url} (source 1 of 2)`,
        `llm-test-bench: Download of ${url} failed: HTTP 404 Not Found; trying the next source`,
        `llm-test-bench: downloading the model stories260K.gguf from ${mirrors[0]} (source 2 of 2)`,
        expect.stringMatching(/^llm-test-bench: Checksum mismatch for .*; the downloaded file was deleted$/),
      ])
    } finally {
      await rm(cwd, { recursive: true, force: true })
    }
  })

  it('prints a progress line for each source, a percentage at most once a second, and the verified file', () => {
    const lines: string[] = []
    const print = progressLine((line) => lines.push(line))
    const file = 'stories260K.gguf'
    print({ phase: 'start', url: 'https://h/a.gguf', file, source: 1, sources: 1 })
    print({ phase: 'bytes', url: 'https://h/a.gguf', file, bytes: 1000, total: DEFAULT_MODEL_BYTES })
    print({ phase: 'done', url: 'https://h/a.gguf', file, bytes: DEFAULT_MODEL_BYTES, ms: 420, path: '/c/models/stories260K.gguf' })
    expect(lines).toEqual([
      'llm-test-bench: downloading the model stories260K.gguf from https://h/a.gguf',
      'llm-test-bench: stories260K.gguf: 1.2 MB in 0.4 s, sha256 verified, saved to /c/models/stories260K.gguf',
    ])
  })
})

describe('download settings', () => {
  it('defaults to ggml-org stories260K, overridable by env (URL and sha256 together)', () => {
    expect(defaultDownload({})).toEqual({ url: DEFAULT_MODEL_URL, mirrors: DEFAULT_MODEL_MIRRORS, sha256: DEFAULT_MODEL_SHA256 })
    expect(DEFAULT_MODEL_SHA256).toBe(MODEL_SHA256)
    expect(DEFAULT_MODEL_BYTES).toBe(MODEL_BYTES.length)
    // the canonical ggml-org/models URL first, then the same file in ggml-org/models-moved at a pinned revision
    expect(DEFAULT_MODEL_URL).toBe('https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf')
    expect(DEFAULT_MODEL_MIRRORS).toEqual([
      'https://huggingface.co/ggml-org/models-moved/resolve/499bc8821c6b12b4e53c5bffcb21ec206f212d81/tinyllamas/stories260K.gguf',
    ])
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
