import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { cacheDir } from '../../../src/providers/local/cache-dir.ts'
import type { LocalProviderSpec } from '../../../src/providers/local/local-spec.ts'
import { resolveModel } from '../../../src/providers/local/resolve-model.ts'
import { MODEL_FILE, MODEL_SHA256, startModelServer, type ModelServer } from './model-server.ts'

let root: string
let cwd: string
let cache: string
let server: ModelServer

const spec = (over: Partial<LocalProviderSpec> = {}): LocalProviderSpec => ({ type: 'local', id: 'local:test', concurrency: 1, ...over })

beforeAll(async () => {
  server = await startModelServer()
})
afterAll(async () => {
  await server.close()
})
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'llm-bench-resolve-'))
  cwd = join(root, 'project')
  cache = join(root, 'cache')
  await mkdir(cwd)
  server.requests.length = 0
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A project with a model in every place the resolver looks. */
async function everyPlace(): Promise<{ config: string; env: string }> {
  await writeFile(join(cwd, 'config.gguf'), 'c')
  await writeFile(join(root, 'env.gguf'), 'e')
  await mkdir(join(cwd, 'models'))
  await writeFile(join(cwd, 'models', 'b.gguf'), 'b')
  await writeFile(join(cwd, 'models', 'a.gguf'), 'a')
  await writeFile(join(cwd, 'models', 'notes.txt'), 'n')
  await mkdir(join(cache, 'models'), { recursive: true })
  await copyFile(MODEL_FILE, join(cache, 'models', 'stories260K.gguf'))
  return { config: 'config.gguf', env: join(root, 'env.gguf') }
}

describe('resolveModel order', () => {
  it('config modelPath (relative to cwd) > LLM_BENCH_MODEL > models/*.gguf (first sorted) > download cache', async () => {
    const { config, env } = await everyPlace()
    const environment = { LLM_BENCH_CACHE_DIR: cache, LLM_BENCH_MODEL: env, LLM_BENCH_NO_DOWNLOAD: '1' }
    expect(await resolveModel(spec({ modelPath: config }), { cwd, env: environment })).toEqual({ path: join(cwd, 'config.gguf'), source: 'config' })
    expect(await resolveModel(spec(), { cwd, env: environment })).toEqual({ path: env, source: 'env' })
    const noEnv = { LLM_BENCH_CACHE_DIR: cache, LLM_BENCH_NO_DOWNLOAD: '1' }
    expect(await resolveModel(spec(), { cwd, env: noEnv })).toEqual({ path: join(cwd, 'models', 'a.gguf'), source: 'models-dir' })
    await rm(join(cwd, 'models'), { recursive: true })
    expect(await resolveModel(spec(), { cwd, env: noEnv })).toEqual({ path: join(cache, 'models', 'stories260K.gguf'), source: 'cache' })
    // The cached default was hashed once and recorded.
    expect(existsSync(join(cache, 'models', 'stories260K.gguf.sha256'))).toBe(true)
  })

  it('a relative LLM_BENCH_MODEL is taken against cwd', async () => {
    await writeFile(join(cwd, 'm.gguf'), 'm')
    expect(await resolveModel(spec(), { cwd, env: { LLM_BENCH_MODEL: './m.gguf' } })).toEqual({ path: join(cwd, 'm.gguf'), source: 'env' })
  })

  it('the cache folder: LLM_BENCH_CACHE_DIR, else $XDG_CACHE_HOME/llm-test-bench, else ~/.cache/llm-test-bench', () => {
    expect(cacheDir({ LLM_BENCH_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }, cwd)).toBe('/c')
    expect(cacheDir({ LLM_BENCH_CACHE_DIR: 'rel' }, cwd)).toBe(join(cwd, 'rel'))
    expect(cacheDir({ XDG_CACHE_HOME: '/x' }, cwd)).toBe('/x/llm-test-bench')
    expect(cacheDir({}, cwd)).toBe(join(homedir(), '.cache', 'llm-test-bench'))
  })
})

describe('resolveModel errors', () => {
  it('a configured path that does not exist is an error naming it and where it came from', async () => {
    await everyPlace()
    await expect(resolveModel(spec({ modelPath: 'nope/x.gguf' }), { cwd, env: {} })).rejects.toThrow(
      `Model file not found: ${join(cwd, 'nope', 'x.gguf')} (from modelPath "nope/x.gguf" of provider "local:test" (relative to ${cwd}))`,
    )
    await expect(resolveModel(spec(), { cwd, env: { LLM_BENCH_MODEL: '/no/such.gguf' } })).rejects.toThrow(
      'Model file not found: /no/such.gguf (from env LLM_BENCH_MODEL="/no/such.gguf"',
    )
    await expect(resolveModel(spec({ modelPath: '.' }), { cwd, env: {} })).rejects.toThrow(`Model path is not a file: ${cwd}`)
  })

  it('with nothing found and downloads disabled, lists every place it looked and how to provide a model', async () => {
    const error = await resolveModel(spec({ download: false }), { cwd, env: { LLM_BENCH_CACHE_DIR: cache } }).catch((e: unknown) => e)
    expect((error as Error).name).toBe('ModelNotFoundError')
    expect((error as Error).message).toBe(
      [
        'No GGUF model found for the local provider "local:test". Looked at, in order:',
        '  1. modelPath in the provider "local:test" config: not set',
        '  2. env LLM_BENCH_MODEL: not set',
        `  3. ${join(cwd, 'models', '*.gguf')}: no such folder`,
        `  4. ${join(cache, 'models', 'stories260K.gguf')} (download cache): not there`,
        'Model download: not attempted, downloads are disabled (download: false in the provider "local:test" config).',
        'Provide a model in one of these ways:',
        '  - set LLM_BENCH_MODEL=/path/to/model.gguf',
        `  - put a .gguf file in ${join(cwd, 'models')}/`,
        "  - set modelPath in llmBench's providers, e.g. { type: 'local', modelPath: './models/model.gguf' }",
      ].join('\n'),
    )
  })

  it('says LLM_BENCH_NO_DOWNLOAD when that is why, and an empty models/ folder', async () => {
    await mkdir(join(cwd, 'models'))
    const error = await resolveModel(spec(), { cwd, env: { LLM_BENCH_CACHE_DIR: cache, LLM_BENCH_NO_DOWNLOAD: '1' } }).catch((e: unknown) => e)
    expect((error as Error).message).toContain(`3. ${join(cwd, 'models', '*.gguf')}: no .gguf file there`)
    expect((error as Error).message).toContain('Model download: not attempted, downloads are disabled (LLM_BENCH_NO_DOWNLOAD is set).')
  })

  it('says why a download failed', async () => {
    const url = server.url('/missing/stories260K.gguf')
    const error = await resolveModel(spec({ download: { url, sha256: MODEL_SHA256 } }), { cwd, env: { LLM_BENCH_CACHE_DIR: cache } }).catch(
      (e: unknown) => e,
    )
    expect((error as Error).message).toContain(`Model download: tried, and it failed. Download of ${url} failed: HTTP 404 Not Found.`)
    expect((error as Error).message).toContain('set LLM_BENCH_MODEL=/path/to/model.gguf')
    expect((error as Error).cause).toBeInstanceOf(Error)
  })
})

describe('resolveModel download', () => {
  it('downloads the default (env URL + sha256) into the cache once; the next resolve finds it there', async () => {
    const env = { LLM_BENCH_CACHE_DIR: cache, LLM_BENCH_MODEL_URL: server.url('/models/stories260K.gguf'), LLM_BENCH_MODEL_SHA256: MODEL_SHA256 }
    const target = join(cache, 'models', 'stories260K.gguf')
    expect(await resolveModel(spec(), { cwd, env })).toEqual({ path: target, source: 'download' })
    expect(await resolveModel(spec(), { cwd, env })).toEqual({ path: target, source: 'cache' })
    // Downloads disabled now: the cached copy is still used.
    expect(await resolveModel(spec(), { cwd, env: { ...env, LLM_BENCH_NO_DOWNLOAD: '1' } })).toEqual({ path: target, source: 'cache' })
    expect(server.requests).toEqual(['/models/stories260K.gguf'])
  })

  it("the spec's download wins over env", async () => {
    const env = { LLM_BENCH_CACHE_DIR: cache, LLM_BENCH_MODEL_URL: server.url('/missing/x.gguf'), LLM_BENCH_MODEL_SHA256: MODEL_SHA256 }
    const download = { url: server.url('/models/mine.gguf'), sha256: MODEL_SHA256 }
    expect(await resolveModel(spec({ download }), { cwd, env })).toEqual({ path: join(cache, 'models', 'mine.gguf'), source: 'download' })
    expect(server.requests).toEqual(['/models/mine.gguf'])
  })
})
