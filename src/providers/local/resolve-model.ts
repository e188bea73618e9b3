import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { cacheDir, envFlag, type Env } from './cache-dir.ts'
import { defaultDownload, downloadModel, downloadTarget, findCachedModel, progressLine, type DownloadProgress } from './download-model.ts'
import type { LocalModelDownload, LocalProviderSpec } from './local-spec.ts'

/** Where the model file was found. */
export type ModelSource = 'config' | 'env' | 'models-dir' | 'cache' | 'download'

export interface ResolvedModel {
  /** Absolute path of the GGUF file. */
  path: string
  source: ModelSource
}

export interface ResolveModelOptions {
  /** Base for relative paths and the `models/` folder; default `process.cwd()`. */
  cwd?: string | undefined
  /** Default `process.env`. */
  env?: Env | undefined
  signal?: AbortSignal | undefined
  /** Download progress; default: lines on stderr (`progressLine`). */
  onProgress?: ((event: DownloadProgress) => void) | undefined
}

/** No model anywhere, or a configured path that does not exist. */
export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError'
}

type SpecPart = Pick<LocalProviderSpec, 'id' | 'modelPath' | 'download'>

/**
 * Where the model is, found without downloading anything: a GGUF on disk, or
 * the download that `resolveModel` would make (with its pinned sha256).
 */
export type LocatedModel =
  | { kind: 'file'; model: ResolvedModel }
  | { kind: 'download'; download: LocalModelDownload; cacheDir: string; looked: string[] }

/**
 * Finds the GGUF to use, first match wins: the spec's `modelPath`; env
 * `LLM_BENCH_MODEL`; the first `*.gguf` (sorted) in `<cwd>/models/`; the
 * default model already downloaded in the cache; else the default model is
 * downloaded, unless `download: false` or `LLM_BENCH_NO_DOWNLOAD=1`.
 */
export async function resolveModel(spec: SpecPart, options: ResolveModelOptions = {}): Promise<ResolvedModel> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? process.env
  const located = await locateModel(spec, options)
  if (located.kind === 'file') return located.model
  const { download, cacheDir: cache, looked } = located
  const disabled = downloadsDisabled(spec, env)
  if (disabled !== null) throw notFound(spec, looked, cwd, `not attempted, downloads are disabled (${disabled})`)
  try {
    const onProgress = options.onProgress ?? progressLine()
    return { path: await downloadModel({ ...download, cacheDir: cache, signal: options.signal, onProgress }), source: 'download' }
  } catch (error) {
    throw notFound(spec, looked, cwd, `tried, and it failed. ${(error as Error).message}`, error)
  }
}

/** Why `resolveModel` would not download (`download: false`, `LLM_BENCH_NO_DOWNLOAD`), or null. */
export function downloadsDisabled(spec: SpecPart, env: Env): string | null {
  if (spec.download === false) return `download: false in the provider "${spec.id}" config`
  return envFlag(env, 'LLM_BENCH_NO_DOWNLOAD') ? 'LLM_BENCH_NO_DOWNLOAD is set' : null
}

/** The steps of `resolveModel` before a download: a file found, or the download it would need. */
export async function locateModel(spec: SpecPart, options: ResolveModelOptions = {}): Promise<LocatedModel> {
  const cwd = options.cwd ?? process.cwd()
  const env = options.env ?? process.env
  const looked: string[] = []

  if (spec.modelPath) {
    const path = await existingFile(resolve(cwd, spec.modelPath), `modelPath ${JSON.stringify(spec.modelPath)} of provider "${spec.id}" (relative to ${cwd})`)
    return { kind: 'file', model: { path, source: 'config' } }
  }
  looked.push(`modelPath in the provider "${spec.id}" config: not set`)

  const fromEnv = env['LLM_BENCH_MODEL']
  if (fromEnv) {
    const path = await existingFile(resolve(cwd, fromEnv), `env LLM_BENCH_MODEL=${JSON.stringify(fromEnv)} (relative to ${cwd})`)
    return { kind: 'file', model: { path, source: 'env' } }
  }
  looked.push('env LLM_BENCH_MODEL: not set')

  const modelsDir = join(cwd, 'models')
  const inFolder = await firstGguf(modelsDir)
  if (inFolder.path !== null) return { kind: 'file', model: { path: inFolder.path, source: 'models-dir' } }
  looked.push(`${join(modelsDir, '*.gguf')}: ${inFolder.why}`)

  const cache = cacheDir(env, cwd)
  let download: LocalModelDownload
  try {
    download = spec.download || defaultDownload(env)
  } catch (error) {
    throw notFound(spec, looked, cwd, `not attempted, it is misconfigured: ${(error as Error).message}`, error)
  }
  const cached = await findCachedModel({ ...download, cacheDir: cache })
  if (cached !== null) return { kind: 'file', model: { path: cached, source: 'cache' } }
  looked.push(`${downloadTarget(download.url, cache)} (download cache): not there`)
  return { kind: 'download', download, cacheDir: cache, looked }
}

async function existingFile(path: string, from: string): Promise<string> {
  let isFile: boolean
  try {
    isFile = (await stat(path)).isFile()
  } catch {
    throw new ModelNotFoundError(`Model file not found: ${path} (from ${from})`)
  }
  if (!isFile) throw new ModelNotFoundError(`Model path is not a file: ${path} (from ${from})`)
  return path
}

async function firstGguf(dir: string): Promise<{ path: string; why?: never } | { path: null; why: string }> {
  let names: string[]
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.gguf')).map((e) => e.name)
  } catch {
    return { path: null, why: 'no such folder' }
  }
  const first = names.sort()[0]
  return first === undefined ? { path: null, why: 'no .gguf file there' } : { path: join(dir, first) }
}

function notFound(spec: SpecPart, looked: string[], cwd: string, why: string, cause?: unknown): ModelNotFoundError {
  const lines = [
    `No GGUF model found for the local provider "${spec.id}". Looked at, in order:`,
    ...looked.map((place, i) => `  ${i + 1}. ${place}`),
    `Model download: ${why}${why.endsWith('.') ? '' : '.'}`,
    'Provide a model in one of these ways:',
    '  - set LLM_BENCH_MODEL=/path/to/model.gguf',
    `  - put a .gguf file in ${join(cwd, 'models')}/`,
    `  - set modelPath in llmBench's providers, e.g. { type: 'local', modelPath: './models/model.gguf' }`,
  ]
  return new ModelNotFoundError(lines.join('\n'), cause === undefined ? undefined : { cause })
}
