import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { FileWriteError, writeFully } from '../record/atomic-write.ts'

/**
 * Appends one JSON document a line. Each line goes to the OS as soon as it is
 * given (every byte: short writes are continued), so a crash or a kill loses
 * no finished case.
 *
 * A write that fails (a full disk, a read-only mount, a folder that could not
 * be made) never throws: the part of the line that got out is cut off again
 * (the file keeps whole lines only), the error is kept in `failure`, and that
 * line and every later one wait in memory, `unwritten`, for `flushPending()`
 * at the end of the run. `onFailure` is called once, at the first failure.
 */
export class JsonlWriter {
  readonly file: string
  #fd: number | null = null
  /** Bytes of whole lines in the file. */
  #size = 0
  #written = 0
  #pending: string[] = []
  #failure: FileWriteError | null = null
  readonly #onFailure: ((failure: FileWriteError) => void) | undefined

  constructor(file: string, options: { onFailure?: (failure: FileWriteError) => void } = {}) {
    this.file = file
    this.#onFailure = options.onFailure
    try {
      mkdirSync(dirname(file), { recursive: true })
      this.#fd = openSync(file, 'a')
      this.#size = fstatSync(this.#fd).size
    } catch (error) {
      this.#fail(error)
    }
  }

  /** The first write error; null while every line is on disk. */
  get failure(): FileWriteError | null {
    return this.#failure
  }

  /** Lines given but not on disk (kept in memory). */
  get unwritten(): number {
    return this.#pending.length
  }

  /** Bytes of whole lines in the file. */
  get size(): number {
    return this.#size
  }

  /** Lines this writer put on disk. */
  get written(): number {
    return this.#written
  }

  write(value: unknown): void {
    const line = `${JSON.stringify(value)}\n`
    if (this.#failure !== null || this.#fd === null) {
      this.#pending.push(line)
      return
    }
    if (this.#append(line)) this.#written++
    else this.#pending.push(line)
  }

  /** One more try at the lines kept in memory (the disk may have room again); returns whether all are on disk now. */
  flushPending(): boolean {
    if (this.#pending.length === 0) return true
    if (this.#fd === null) return false
    if (!this.#append(this.#pending.join(''))) return false
    this.#written += this.#pending.length
    this.#pending = []
    return true
  }

  /** The values of the lines kept in memory (the records not on disk), parsed again. */
  pendingValues(): unknown[] {
    return this.#pending.map((line): unknown => JSON.parse(line))
  }

  /** The lines kept in memory, as JSONL text. */
  pendingText(): string {
    return this.#pending.join('')
  }

  close(): void {
    if (this.#fd !== null) {
      try {
        closeSync(this.#fd)
      } catch {
        // nothing to save any more: every line was written or is kept in memory
      }
    }
    this.#fd = null
  }

  #append(text: string): boolean {
    const fd = this.#fd
    if (fd === null) return false
    try {
      writeFully(fd, text)
      this.#size += Buffer.byteLength(text)
      return true
    } catch (error) {
      try {
        // a line cut by the full disk: the file keeps whole lines only
        ftruncateSync(fd, this.#size)
      } catch {
        // the next reader drops an unterminated last line (see runner/resume/jsonl-repair.ts)
      }
      this.#fail(error)
      return false
    }
  }

  #fail(error: unknown): void {
    if (this.#failure !== null) return
    this.#failure = new FileWriteError(this.file, error)
    this.#onFailure?.(this.#failure)
  }
}
