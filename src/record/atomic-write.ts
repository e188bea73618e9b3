import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs'
import { mkdir, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Whole-file writes that a reader never sees half of, and that never fail
 * silently: the text goes to a temporary file beside the target (same folder,
 * so the same filesystem), every byte of it (`writeSync` may write fewer bytes
 * than asked: the rest is written in a loop, and a write that makes no
 * progress is an error), is flushed to the disk, then renamed over the target.
 * On any failure the temporary file is removed, the target is left as it was,
 * and a {@link FileWriteError} names the file and the errno.
 */

/** A file that could not be written: `file` and `code` (ENOSPC, EROFS, EACCES, ...) are for messages. */
export class FileWriteError extends Error {
  override name = 'FileWriteError'
  readonly file: string
  /** The errno code, `EIO` for a write that made no progress, `UNKNOWN` when the cause has none. */
  readonly code: string
  /** `ENOSPC (no space left on device)`: the message without the file. */
  readonly reason: string

  constructor(file: string, cause: unknown) {
    const code = errnoCode(cause) ?? 'UNKNOWN'
    const reason = code === 'UNKNOWN' ? messageOf(cause) : `${code} (${describeErrno(code) ?? messageOf(cause)})`
    super(`cannot write ${file}: ${reason}`, { cause })
    this.file = file
    this.code = code
    this.reason = reason
  }
}

/** Writes `data` whole at the file position (or `position`): loops over short writes; throws when a write makes no progress. */
export function writeFully(fd: number, data: string | Uint8Array, position: number | null = null): void {
  const bytes = typeof data === 'string' ? encoded(data) : data
  let done = 0
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done)
    if (n <= 0) throw Object.assign(new Error(`short write: ${done} of ${bytes.length} bytes written`), { code: 'EIO' })
    done += n
  }
}

/** A string's UTF-8 bytes: up to 4 MiB in one buffer reused by every write (the bytes are written before the next call), so a file filled in 1 MiB pieces leaves no buffer per piece for the collector. */
function encoded(text: string): Uint8Array {
  const size = Buffer.byteLength(text, 'utf8')
  if (size > REUSED_BYTES) return Buffer.from(text, 'utf8')
  if (reused.length < size) reused = Buffer.allocUnsafe(Math.min(REUSED_BYTES, Math.max(size, reused.length * 2)))
  return reused.subarray(0, reused.write(text, 0, 'utf8'))
}

const REUSED_BYTES = 4 << 20
let reused = Buffer.allocUnsafe(64 * 1024)

export interface AtomicWriteOptions {
  /** Flush the file to the disk before the rename (default true); off for many small, re-creatable files. */
  fsync?: boolean
}

/**
 * Writes a file atomically: `content` is the whole text, or a function that
 * writes it in pieces through `write` (for files too big for one string).
 * Creates the folder when missing. Throws a {@link FileWriteError}.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array | ((write: (chunk: string) => void) => void), options: AtomicWriteOptions = {}): void {
  const temporary = temporaryName(file)
  let fd: number | null = null
  try {
    mkdirSync(dirname(file), { recursive: true })
    fd = openSync(temporary, 'w')
    const out = fd
    if (typeof content === 'function') content((chunk) => writeFully(out, chunk))
    else writeFully(out, content)
    if (options.fsync !== false) fsyncSync(out)
    closeSync(out)
    fd = null
    renameSync(temporary, file)
  } catch (error) {
    if (fd !== null) tryTo(() => closeSync(fd as number))
    tryTo(() => unlinkSync(temporary))
    throw error instanceof FileWriteError ? error : new FileWriteError(file, error)
  }
}

/** {@link writeFileAtomic} for async code (a worker must not block its event loop): the same guarantees. */
export async function writeFileAtomicAsync(file: string, content: string, options: AtomicWriteOptions = {}): Promise<void> {
  const temporary = temporaryName(file)
  try {
    await mkdir(dirname(file), { recursive: true })
    const handle = await open(temporary, 'w')
    try {
      // FileHandle.writeFile loops until every byte is written, or rejects
      await handle.writeFile(content, 'utf8')
      if (options.fsync !== false) await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temporary, file)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw new FileWriteError(file, error)
  }
}

/** `<dir>/.<name>.<pid>.<random>.tmp`: hidden, unique per writer, beside the target. */
/** A fresh temporary name beside `file` (a dot file: listings of the folder skip it). */
export function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/** The errno code of an error (`ENOSPC`), or null. */
export function errnoCode(error: unknown): string | null {
  if (error instanceof FileWriteError) return error.code
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null
}

const DESCRIPTIONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'a file is in the way',
  ENOTDIR: 'a file is in the way of a folder',
  EIO: 'input/output error',
  EFBIG: 'file too large',
}

/** What an errno code means, in words (`ENOSPC`: no space left on device); null for a code not listed. */
export function describeErrno(code: string): string | null {
  return DESCRIPTIONS[code] ?? null
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function tryTo(fn: () => void): void {
  try {
    fn()
  } catch {
    // cleaning up after a failure: the first error is the one to report
  }
}

/**
 * A file written atomically in pieces over time (several files filled in one
 * pass over a run's records): `write` as often as needed, then `commit` (flush
 * to the disk unless `fsync: false`, rename over the target) or `abort` (the
 * temporary file removed, the target left as it was). The same guarantees as
 * {@link writeFileAtomic}; a failure aborts and throws a {@link FileWriteError}.
 */
export class AtomicFile {
  readonly file: string
  readonly #temporary: string
  readonly #fsync: boolean
  #fd: number | null = null
  /** Flushed and closed (`prepare`): only the rename is left. */
  #prepared = false

  /** `temporary`: the temporary file's name (another thread that may have to remove it knows it); by default a fresh one beside `file`. */
  constructor(file: string, options: AtomicWriteOptions & { temporary?: string } = {}) {
    this.file = file
    this.#temporary = options.temporary ?? temporaryName(file)
    this.#fsync = options.fsync !== false
    try {
      mkdirSync(dirname(file), { recursive: true })
      this.#fd = openSync(this.#temporary, 'w')
    } catch (error) {
      this.abort()
      throw new FileWriteError(file, error)
    }
  }

  write(chunk: string | Uint8Array): void {
    if (this.#fd === null) throw new Error(`${this.file}: written after commit or abort`)
    try {
      writeFully(this.#fd, chunk)
    } catch (error) {
      this.abort()
      throw new FileWriteError(this.file, error)
    }
  }

  /** Everything written flushed to the disk (unless `fsync: false`) and the file closed: `commit` then only renames it. */
  prepare(): void {
    const fd = this.#fd
    if (fd === null) throw new Error(`${this.file}: prepared after commit or abort`)
    try {
      if (this.#fsync) fsyncSync(fd)
      closeSync(fd)
      this.#fd = null
      this.#prepared = true
    } catch (error) {
      this.abort()
      throw new FileWriteError(this.file, error)
    }
  }

  commit(): void {
    if (!this.#prepared) this.prepare()
    try {
      this.#prepared = false
      renameSync(this.#temporary, this.file)
    } catch (error) {
      this.abort()
      throw new FileWriteError(this.file, error)
    }
  }

  /** Leaves the target as it was; safe to call at any time, also twice. */
  abort(): void {
    const fd = this.#fd
    this.#fd = null
    this.#prepared = false
    if (fd !== null) tryTo(() => closeSync(fd))
    tryTo(() => unlinkSync(this.#temporary))
  }
}
