import type { CaseRecord } from '../record/schema.ts'
import { jsonlSource, LineIndex, lines, parseRecord, type JsonlRecordSource } from './record-source.ts'

/**
 * Reads a results.jsonl as it grows: each `read` takes the whole lines
 * appended since the last one (a line still being written waits for its
 * `\n`), in file order, so what it has seen at the end is what one pass of
 * `jsonlSource` over the finished file sees: the same records, the same line
 * offsets, the same lines skipped (it reads with the same `lines`). Memory: one
 * read buffer while it reads, and each line's offset and length.
 */
export class JsonlFollower {
  readonly file: string
  readonly #index = new LineIndex()
  #skipped = 0
  /** Where the next read starts: the first byte not yet taken as a whole line. */
  #position = 0

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
    for (const { text, offset, bytes } of lines(this.file, CHUNK_BYTES, this.#position, !last)) {
      this.#position = offset + bytes + 1
      const record = parseRecord(text)
      if (record === null) {
        this.#skipped++
        continue
      }
      this.#index.push(offset, bytes)
      onRecord(record)
    }
  }

  /** The finished file as a record source whose pass is the one read here, with these records after the file's. */
  source(extra: readonly CaseRecord[]): JsonlRecordSource {
    return jsonlSource(this.file, { extra, read: { index: this.#index, skipped: this.#skipped } })
  }
}

/** How many bytes one read takes. */
const CHUNK_BYTES = 1 << 20
