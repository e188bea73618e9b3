import { closeSync, openSync, readSync } from 'node:fs'
import type { CaseRecord } from '../record/schema.ts'
import { jsonlSource, LineIndex, parseRecord, type JsonlRecordSource } from './record-source.ts'

/**
 * Reads a results.jsonl as it grows: each `read` takes the whole lines
 * appended since the last one (a line still being written waits for its
 * `\n`), in file order, so what it has seen at the end is what one pass of
 * `jsonlSource` over the finished file sees: the same records, the same line
 * offsets, the same lines skipped. Memory: one read buffer and each line's
 * offset and length.
 */
export class JsonlFollower {
  readonly file: string
  readonly #index = new LineIndex()
  #skipped = 0
  #fd: number | null = null
  /** Where the next read starts: the first byte not yet taken as a whole line. */
  #position = 0
  #buffer = Buffer.allocUnsafe(1 << 20)

  constructor(file: string) {
    this.file = file
  }

  /** Lines that were no record (a bad line): skipped, as a pass skips them. */
  get skipped(): number {
    return this.#skipped
  }

  /**
   * Gives each record of the whole lines appended since the last read. `last`: the file is
   * finished, and a last line without its `\n` is a line too (as a pass reads it).
   */
  read(onRecord: (record: CaseRecord) => void, last = false): void {
    if (this.#fd === null) {
      try {
        this.#fd = openSync(this.file, 'r')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
        throw error
      }
    }
    let carried = 0
    for (;;) {
      if (this.#buffer.length - carried < 1 << 20) {
        const bigger = Buffer.allocUnsafe(carried + (1 << 20))
        this.#buffer.copy(bigger, 0, 0, carried)
        this.#buffer = bigger
      }
      const got = readSync(this.#fd, this.#buffer, carried, this.#buffer.length - carried, this.#position + carried)
      if (got === 0) break
      const data = this.#buffer.subarray(0, carried + got)
      let start = 0
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        this.#take(data.toString('utf8', start, nl), this.#position + start, nl - start, onRecord)
        start = nl + 1
      }
      this.#position += start
      carried = data.length - start
      this.#buffer.copy(this.#buffer, 0, start, data.length)
    }
    if (last && carried > 0) {
      this.#take(this.#buffer.toString('utf8', 0, carried), this.#position, carried, onRecord)
      this.#position += carried
    }
  }

  #take(text: string, offset: number, bytes: number, onRecord: (record: CaseRecord) => void): void {
    const record = parseRecord(text)
    if (record === null) {
      this.#skipped++
      return
    }
    this.#index.push(offset, bytes)
    onRecord(record)
  }

  /** The finished file as a record source whose pass is the one read here, with these records after the file's. */
  source(extra: readonly CaseRecord[]): JsonlRecordSource {
    this.close()
    return jsonlSource(this.file, { extra, read: { index: this.#index, skipped: this.#skipped } })
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd)
    this.#fd = null
  }
}
