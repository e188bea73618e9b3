import { closeSync, openSync, readSync } from 'node:fs'
import type { CaseRecord } from '../record/schema.ts'

/**
 * The case records of a run, read in passes: each call starts a fresh pass over
 * them, in the same order every time. The end of a run walks a source several
 * times instead of holding every record, so its memory does not grow with the
 * number of records.
 *
 * `inOrder(positions)`, when a source has it, reads the records at these
 * positions of a pass, in that order (the order `results.json` lists the cases
 * in is not the order they arrived in).
 */
export type RecordSource = (() => Iterable<CaseRecord>) & { readonly inOrder?: (positions: ArrayLike<number>) => Iterable<CaseRecord> }

/** Records already in memory. */
export function arraySource(records: readonly CaseRecord[]): RecordSource {
  const source = (): Iterable<CaseRecord> => records
  function* inOrder(positions: ArrayLike<number>): Generator<CaseRecord> {
    for (let i = 0; i < positions.length; i++) yield records[positions[i] as number] as CaseRecord
  }
  return Object.assign(source, { inOrder })
}

/** What a `jsonlSource` found on its last whole pass. */
export interface JsonlSourceStats {
  /** Records read from the file (not counting `extra`). */
  records: number
  /** Lines that are no record (a torn last line, bad JSON, not an object): skipped. */
  skipped: number
}

export interface JsonlSourceOptions {
  /** Records that come after the file's (ones not on disk). */
  extra?: readonly CaseRecord[]
  /** How many bytes one read takes (default 1 MiB). */
  chunkBytes?: number
}

export type JsonlRecordSource = RecordSource & { readonly stats: JsonlSourceStats }

/**
 * The records of a `results.jsonl`, read synchronously in chunks, one record a
 * line. A line that is not a JSON object (a torn last line, a bad line) is
 * skipped and counted in `stats`, never thrown. Memory: one chunk, one line and,
 * once a pass has finished, each record's byte offset and length (for `inOrder`).
 */
export function jsonlSource(file: string, options: JsonlSourceOptions = {}): JsonlRecordSource {
  const extra = options.extra ?? []
  const chunkBytes = options.chunkBytes ?? 1 << 20
  const stats: JsonlSourceStats = { records: 0, skipped: 0 }
  let index: LineIndex | null = null

  function* pass(): Generator<CaseRecord> {
    const building = new LineIndex()
    let skipped = 0
    for (const { text, offset, bytes } of lines(file, chunkBytes)) {
      const record = parseRecord(text)
      if (record === null) {
        skipped++
        continue
      }
      building.push(offset, bytes)
      yield record
    }
    stats.records = building.length
    stats.skipped = skipped
    index = building
    yield* extra
  }

  function* inOrder(positions: ArrayLike<number>): Generator<CaseRecord> {
    if (index === null) for (const _ of pass());
    const lineIndex = index as unknown as LineIndex
    const reader = new RangeReader(file)
    try {
      for (let i = 0; i < positions.length; i++) {
        const position = positions[i] as number
        if (position >= lineIndex.length) {
          const record = extra[position - lineIndex.length]
          if (!record) throw new RangeError(`${file}: no record at position ${position}`)
          yield record
          continue
        }
        const record = parseRecord(reader.read(lineIndex.offset(position), lineIndex.bytes(position)))
        if (record === null) throw new Error(`${file}: the record at position ${position} changed since it was read`)
        yield record
      }
    } finally {
      reader.close()
    }
  }

  const source = (): Iterable<CaseRecord> => ({ [Symbol.iterator]: pass })
  return Object.assign(source, { inOrder, stats })
}

/** A case record from one line, or null when the line is none. */
function parseRecord(text: string): CaseRecord | null {
  if (text.trim() === '') return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as CaseRecord) : null
  } catch {
    return null
  }
}

/** Each line's byte offset and length, a few numbers per record. */
class LineIndex {
  #offsets = new Float64Array(1024)
  #lengths = new Uint32Array(1024)
  length = 0

  push(offset: number, bytes: number): void {
    if (this.length === this.#offsets.length) {
      const offsets = new Float64Array(this.length * 2)
      offsets.set(this.#offsets)
      this.#offsets = offsets
      const lengths = new Uint32Array(this.length * 2)
      lengths.set(this.#lengths)
      this.#lengths = lengths
    }
    this.#offsets[this.length] = offset
    this.#lengths[this.length] = bytes
    this.length++
  }

  offset(i: number): number {
    return this.#offsets[i] as number
  }

  bytes(i: number): number {
    return this.#lengths[i] as number
  }
}

interface Line {
  text: string
  offset: number
  bytes: number
}

/** The file's lines (without their `\n`), read in chunks; a last line without `\n` is a line too. */
function* lines(file: string, chunkBytes: number): Generator<Line> {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    // one buffer for the whole file: a line cut by a read moves to its front and the next read goes after it
    // (no buffer per chunk: at 330 MB that was ~660 MB of short-lived Buffers outside the heap)
    let buffer = Buffer.allocUnsafe(chunkBytes)
    let carried = 0
    let carryOffset = 0
    let position = 0
    for (;;) {
      if (buffer.length - carried < chunkBytes) {
        const bigger = Buffer.allocUnsafe(carried + chunkBytes)
        buffer.copy(bigger, 0, 0, carried)
        buffer = bigger
      }
      const read = readSync(fd, buffer, carried, chunkBytes, position)
      if (read === 0) break
      position += read
      const data = buffer.subarray(0, carried + read)
      const dataOffset = carryOffset
      let start = 0
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        yield { text: data.toString('utf8', start, nl), offset: dataOffset + start, bytes: nl - start }
        start = nl + 1
      }
      carried = data.length - start
      buffer.copy(buffer, 0, start, data.length)
      carryOffset = dataOffset + start
    }
    if (carried > 0) yield { text: buffer.toString('utf8', 0, carried), offset: carryOffset, bytes: carried }
  } finally {
    closeSync(fd)
  }
}

/** Reads byte ranges of one file through one descriptor. */
class RangeReader {
  readonly #fd: number
  #buffer = Buffer.allocUnsafe(64 * 1024)

  constructor(file: string) {
    this.#fd = openSync(file, 'r')
  }

  read(offset: number, bytes: number): string {
    if (this.#buffer.length < bytes) this.#buffer = Buffer.allocUnsafe(bytes)
    let got = 0
    while (got < bytes) {
      const read = readSync(this.#fd, this.#buffer, got, bytes - got, offset + got)
      if (read === 0) break
      got += read
    }
    return this.#buffer.toString('utf8', 0, got)
  }

  close(): void {
    closeSync(this.#fd)
  }
}
