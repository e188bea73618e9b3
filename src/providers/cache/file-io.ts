import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { FileWriteError, writeFileAtomicAsync } from '../../record/atomic-write.ts'
import { CacheError } from './errors.ts'
import { displayPath } from './paths.ts'

/** What a file looked like when last read or written: `missing`, or its mtime and size. */
export type FileStamp = string

export async function stampOf(file: string): Promise<FileStamp> {
  const info = await stat(file).catch((error: unknown) => (isAbsent(error) ? null : Promise.reject(error)))
  return info ? `${info.mtimeMs}:${info.size}` : 'missing'
}

/** The file's text, or null when it does not exist. */
export async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if (isAbsent(error)) return null
    throw error
  }
}

/**
 * No such file: ENOENT, or ENOTDIR (a file where its folder should be; nothing
 * is recorded there, and writing it fails later as `cache_write`, which keeps
 * the response it was to record).
 */
function isAbsent(error: unknown): boolean {
  return isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')
}

/** Writes a whole file at once: a temp file beside it, then a rename, so a reader never sees half of it. */
export async function writeAtomic(file: string, text: string): Promise<void> {
  try {
    // the project's one atomic writer (record/atomic-write.ts): whole, flushed, renamed into place
    await writeFileAtomicAsync(file, text)
  } catch (error) {
    throw new CacheError(`could not write recording file ${displayPath(file)}: ${error instanceof FileWriteError ? error.reason : messageOf(error)}`, 'cache_write', { cause: error })
  }
}

export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number
  /** A lock older than this (ms) was left by a process that died (a write holds it for milliseconds): taken over. */
  staleMs?: number
}

/**
 * Runs `fn` holding `<file>.lock` (created exclusively), so processes that
 * write the same recording file (two projects running one dataset) take turns
 * at read-merge-write.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const { timeoutMs = 45_000, staleMs = 15_000 } = options
  const lock = `${file}.lock`
  await mkdir(dirname(file), { recursive: true }).catch((error: unknown) => {
    throw new CacheError(`could not create the folder of ${displayPath(file)}: ${messageOf(error)}`, 'cache_write', { cause: error })
  })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const handle = await open(lock, 'wx')
      await handle.writeFile(String(process.pid)).finally(() => handle.close())
      break
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw new CacheError(`could not lock ${displayPath(file)}: ${messageOf(error)}`, 'cache_write', { cause: error })
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > staleMs) await unlink(lock).catch(() => undefined)
      else if (Date.now() > deadline) {
        throw new CacheError(`could not lock ${displayPath(file)}: ${displayPath(lock)} exists; delete it if no run is writing recordings`, 'cache_write')
      } else await sleep(10 + Math.random() * 20)
    }
  }
  try {
    return await fn()
  } finally {
    await unlink(lock).catch(() => undefined)
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
