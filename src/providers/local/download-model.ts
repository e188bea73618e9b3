import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { modelsCacheDir, type Env } from './cache-dir.ts'
import type { LocalModelDownload } from './local-spec.ts'

/** Karpathy's stories260K (tinyllamas), as published in GGUF by ggml-org on Hugging Face. */
export const DEFAULT_MODEL_URL = 'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf'
/**
 * The same file where ggml-org moved its test models (other projects fetch it there now), pinned
 * at a revision: tried when the canonical URL fails. The sha256 is checked whatever the source.
 */
export const DEFAULT_MODEL_MIRRORS: readonly string[] = [
  'https://huggingface.co/ggml-org/models-moved/resolve/499bc8821c6b12b4e53c5bffcb21ec206f212d81/tinyllamas/stories260K.gguf',
]
export const DEFAULT_MODEL_SHA256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d'
/** The size of the default model, for the progress line before the server says it. */
export const DEFAULT_MODEL_BYTES = 1_185_376

/** What a download reports as it goes: a source started, bytes arrived, a source failed, the file is in place. */
export type DownloadProgress =
  | { phase: 'start'; url: string; file: string; source: number; sources: number }
  | { phase: 'bytes'; url: string; file: string; bytes: number; total: number | null }
  | { phase: 'failed'; url: string; file: string; message: string; next: boolean }
  | { phase: 'done'; url: string; file: string; bytes: number; ms: number; path: string }

export interface DownloadModelOptions {
  url: string
  /** More sources of the same file, tried in order after `url` (each checked against `sha256`). */
  mirrors?: readonly string[] | undefined
  /** Called as the download goes (URLs without credentials or query); `progressLine` prints it. */
  onProgress?: ((event: DownloadProgress) => void) | undefined
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
  if (!url && !sha256) return { url: DEFAULT_MODEL_URL, mirrors: DEFAULT_MODEL_MIRRORS, sha256: DEFAULT_MODEL_SHA256 }
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
 * `findCachedModel`): from `url`, then each of `mirrors` in order until one
 * serves the file with the expected sha256 (a 404, a refused connection, a cut
 * stream or a wrong file moves on to the next). Each source streams with
 * `fetch` into a temp file in that folder while hashing, then the verified file
 * is renamed into place (atomic: a reader never sees a partial file, and
 * concurrent downloads of the same file are harmless). Returns the absolute
 * path of the file; when every source fails, the error names each URL tried
 * and why.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<string> {
  const expected = normalizeSha256(options.sha256)
  const cached = await findCachedModel(options)
  if (cached !== null) return cached
  const target = downloadTarget(options.url, options.cacheDir)
  const file = modelFileName(options.url)
  await mkdir(modelsCacheDir(options.cacheDir), { recursive: true })
  const sources = [options.url, ...(options.mirrors ?? [])]
  const failures: Array<{ url: string; error: ModelDownloadError }> = []
  for (const [index, url] of sources.entries()) {
    const started = Date.now()
    options.onProgress?.({ phase: 'start', url: displayUrl(url), file, source: index + 1, sources: sources.length })
    try {
      const bytes = await downloadOne(url, expected, target, options)
      options.onProgress?.({ phase: 'done', url: displayUrl(url), file, bytes, ms: Date.now() - started, path: target })
      await writeRecord(target, expected)
      return target
    } catch (error) {
      if (!(error instanceof ModelDownloadError)) throw error
      failures.push({ url, error })
      options.onProgress?.({ phase: 'failed', url: displayUrl(url), file, message: error.message, next: index + 1 < sources.length })
    }
  }
  const [only] = failures
  if (failures.length === 1 && only !== undefined) throw only.error
  const lines = failures.map(({ url, error }, i) => `  ${i + 1}. ${displayUrl(url)}: ${error.message}`)
  throw new ModelDownloadError(`Download of ${file} failed from every source, tried in order:\n${lines.join('\n')}`, {
    cause: failures.at(-1)?.error,
  })
}

/** One source: streamed into a temp file, checked, renamed into place; the bytes written. */
async function downloadOne(url: string, expected: string, target: string, options: DownloadModelOptions): Promise<number> {
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.part`
  try {
    const { sha256, bytes } = await fetchToFile(url, temp, options)
    if (sha256 !== expected) {
      throw new ModelDownloadError(`Checksum mismatch for ${displayUrl(url)}: expected sha256 ${expected}, got ${sha256}; the downloaded file was deleted`)
    }
    await rename(temp, target)
    return bytes
  } finally {
    await rm(temp, { force: true })
  }
}

/**
 * Prints download progress as lines on `write` (stderr by default): which source, a percentage at
 * most once a second, the failure of a source and whether another follows, the file in place.
 */
export function progressLine(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): (event: DownloadProgress) => void {
  let last = 0
  return (event) => {
    const now = Date.now()
    switch (event.phase) {
      case 'start':
        last = now
        write(`llm-test-bench: downloading the model ${event.file} from ${event.url}${event.sources > 1 ? ` (source ${event.source} of ${event.sources})` : ''}`)
        return
      case 'bytes':
        if (now - last < 1000) return
        last = now
        write(`llm-test-bench: ${event.file}: ${megabytes(event.bytes)}${event.total === null ? '' : ` of ${megabytes(event.total)} (${Math.floor((100 * event.bytes) / event.total)}%)`}`)
        return
      case 'failed':
        write(`llm-test-bench: ${event.message}${event.next ? '; trying the next source' : ''}`)
        return
      case 'done':
        write(`llm-test-bench: ${event.file}: ${megabytes(event.bytes)} in ${(event.ms / 1000).toFixed(1)} s, sha256 verified, saved to ${event.path}`)
    }
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

/** Streams `url` into `file`, returning the sha256 (hex) and the size of what was written. */
async function fetchToFile(url: string, file: string, options: DownloadModelOptions): Promise<{ sha256: string; bytes: number }> {
  const { signal, onProgress } = options
  const where = displayUrl(url)
  const name = modelFileName(options.url)
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
      onProgress?.({ phase: 'bytes', url: where, file: name, bytes, total: Number.isFinite(total) ? total : null })
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
  return { sha256: hash.digest('hex'), bytes }
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
