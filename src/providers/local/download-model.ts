import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { modelsCacheDir, type Env } from './cache-dir.ts'
import type { LocalModelDownload } from './local-spec.ts'

/** Karpathy's stories260K (tinyllamas), as published in GGUF by ggml-org on Hugging Face. */
export const DEFAULT_MODEL_URL = 'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf'
export const DEFAULT_MODEL_SHA256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d'

export interface DownloadModelOptions {
  url: string
  /** Expected sha256 of the file, 64 hex digits. */
  sha256: string
  /** The cache folder; the model lands in `<cacheDir>/models/<name-from-url>`. */
  cacheDir: string
  signal?: AbortSignal | undefined
}

/** A download that failed: HTTP status, network, truncated body, checksum mismatch. */
export class ModelDownloadError extends Error {
  override name = 'ModelDownloadError'
}

/**
 * The download to use when none is configured in the spec: env
 * `LLM_BENCH_MODEL_URL` + `LLM_BENCH_MODEL_SHA256`, else the default model.
 */
export function defaultDownload(env: Env = process.env): LocalModelDownload {
  const url = env['LLM_BENCH_MODEL_URL']
  const sha256 = env['LLM_BENCH_MODEL_SHA256']
  if (!url && !sha256) return { url: DEFAULT_MODEL_URL, sha256: DEFAULT_MODEL_SHA256 }
  if (!url || !sha256) {
    throw new Error('LLM_BENCH_MODEL_URL and LLM_BENCH_MODEL_SHA256 must be set together (a download is always checked against its sha256)')
  }
  return { url, sha256 }
}

/** The file name a URL downloads to: its last path segment, made safe; `model.gguf` when there is none. */
export function modelFileName(url: string): string {
  let segment = ''
  try {
    segment = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
  } catch {
    throw new ModelDownloadError(`Not a valid model download URL: ${JSON.stringify(url)}`)
  }
  const safe = segment.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '')
  return safe === '' ? 'model.gguf' : safe
}

/** Where `downloadModel` puts (or finds) the file for this URL. */
export function downloadTarget(url: string, cacheDir: string): string {
  return join(modelsCacheDir(cacheDir), modelFileName(url))
}

/**
 * The cached file for this download, or null. Checksums are verified once: a
 * download is hashed while it streams and only a verified file is renamed into
 * place, next to a `<name>.sha256` record of the verified hash. A cached file
 * whose record matches the expected hash is trusted without re-hashing; a file
 * without a matching record (copied in by hand, or a different hash expected)
 * is hashed once, and recorded if it matches.
 */
export async function findCachedModel(options: Omit<DownloadModelOptions, 'signal'>): Promise<string | null> {
  const expected = normalizeSha256(options.sha256)
  const target = downloadTarget(options.url, options.cacheDir)
  if (!(await isFile(target))) return null
  if ((await readRecord(target)) === expected) return target
  if ((await hashFile(target)) !== expected) return null
  await writeRecord(target, expected)
  return target
}

/**
 * Downloads a model into `<cacheDir>/models/` unless it is already there (see
 * `findCachedModel`): streams with `fetch` into a temp file in that folder while
 * hashing, checks the sha256, then renames into place (atomic: a reader never
 * sees a partial file, and concurrent downloads of the same file are harmless).
 * Returns the absolute path of the file.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<string> {
  const expected = normalizeSha256(options.sha256)
  const cached = await findCachedModel(options)
  if (cached !== null) return cached
  const target = downloadTarget(options.url, options.cacheDir)
  await mkdir(modelsCacheDir(options.cacheDir), { recursive: true })
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.part`
  try {
    const actual = await fetchToFile(options.url, temp, options.signal)
    if (actual !== expected) {
      throw new ModelDownloadError(
        `Checksum mismatch for ${displayUrl(options.url)}: expected sha256 ${expected}, got ${actual}; the downloaded file was deleted`,
      )
    }
    await rename(temp, target)
  } finally {
    await rm(temp, { force: true })
  }
  await writeRecord(target, expected)
  return target
}

/** Streams `url` into `file`, returning the sha256 (hex) of what was written. */
async function fetchToFile(url: string, file: string, signal: AbortSignal | undefined): Promise<string> {
  const where = displayUrl(url)
  let response: Response
  try {
    response = await fetch(url, { signal: signal ?? null, redirect: 'follow' })
  } catch (error) {
    throw rethrowAbort(error, signal) ?? new ModelDownloadError(`Download of ${where} failed: ${describe(error)}`, { cause: error })
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel()
    throw new ModelDownloadError(`Download of ${where} failed: HTTP ${response.status} ${response.statusText}`.trim())
  }
  const total = Number(response.headers.get('content-length') ?? Number.NaN)
  const hash = createHash('sha256')
  let bytes = 0
  const hashing = async function* (source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      hash.update(chunk)
      bytes += chunk.byteLength
      yield chunk
    }
  }
  try {
    await pipeline(response.body, hashing, createWriteStream(file, { flags: 'wx' }), signal ? { signal } : {})
  } catch (error) {
    const of = Number.isFinite(total) ? ` of ${total}` : ''
    throw rethrowAbort(error, signal) ??
      new ModelDownloadError(`Download of ${where} failed after ${bytes}${of} bytes: ${describe(error)}`, { cause: error })
  }
  if (Number.isFinite(total) && bytes !== total) {
    throw new ModelDownloadError(`Download of ${where} was cut short: got ${bytes} of ${total} bytes`)
  }
  return hash.digest('hex')
}

function normalizeSha256(sha256: string): string {
  const value = sha256.trim().toLowerCase()
  if (!/^[0-9a-f]{64}$/.test(value)) throw new Error(`Not a sha256 (64 hex digits): ${JSON.stringify(sha256)}`)
  return value
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(file), hash)
  return hash.digest('hex')
}

function recordPath(target: string): string {
  return `${target}.sha256`
}

async function readRecord(target: string): Promise<string | null> {
  try {
    return (await readFile(recordPath(target), 'utf8')).trim().split(/\s+/)[0]?.toLowerCase() ?? null
  } catch {
    return null
  }
}

/** Written like `sha256sum` output, through a temp file and a rename. */
async function writeRecord(target: string, sha256: string): Promise<void> {
  const temp = `${recordPath(target)}.${process.pid}.${randomBytes(4).toString('hex')}.part`
  await writeFile(temp, `${sha256}  ${target.split(/[\\/]/).pop() ?? ''}\n`)
  await rename(temp, recordPath(target))
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/** The URL without credentials or query (either may carry a token). */
function displayUrl(url: string): string {
  try {
    const u = new URL(url)
    u.username = ''
    u.password = ''
    u.search = ''
    return u.toString()
  } catch {
    return url
  }
}

/** An error's message with its causes (`fetch failed (connect ECONNREFUSED ...)`). */
function describe(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  while (current instanceof Error && parts.length < 4) {
    parts.push(current.message)
    current = current.cause
  }
  if (parts.length === 0) return String(error)
  return parts.length === 1 ? (parts[0] ?? '') : `${parts[0]} (${parts.slice(1).join(': ')})`
}

function rethrowAbort(error: unknown, signal: AbortSignal | undefined): Error | null {
  if (!signal?.aborted) return null
  const abort = new Error(`Model download aborted`, { cause: signal.reason ?? error })
  abort.name = 'AbortError'
  return abort
}
