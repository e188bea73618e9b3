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
export type RecordSource = (() => Iterable<CaseRecord>) & {
  readonly inOrder?: (positions: ArrayLike<number>) => Iterable<CaseRecord>
  /** `inOrder` with each record's JSON line, where it was read from one (results.json copies it instead of serialising the record). */
  readonly linesInOrder?: (positions: ArrayLike<number>) => Iterable<RecordLine>
  /** Where its records' lines are, once a whole pass has read them (null before), for a reader on another thread: a source whose records are their lines' values has it. */
  readonly lineMap?: () => JsonlLineMap | null
}

/**
 * A record and the UTF-8 bytes of the JSON line it was parsed from, or null
 * when it has none (a record held in memory, or one changed since it was
 * read). The bytes are a view of a read buffer: valid until the next record
 * is taken.
 */
export interface RecordLine {
  record: CaseRecord
  line: Uint8Array | null
}

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
  /** How many bytes of lines a read by position takes at most (default 4 MiB; a longer line is read whole). */
  windowBytes?: number
  /**
   * The file's lines as a pass read them already (jsonl-follower.ts, which read the file as it
   * grew): reads by position and the line map need no pass of their own.
   */
  read?: { index: LineIndex; skipped: number }
}

/**
 * Where a {@link jsonlSource}'s records are, for a reader on another thread:
 * the file, each record's line (byte offset and length, in file order), and
 * the records after the file's.
 */
export interface JsonlLineMap {
  file: string
  offsets: Float64Array<ArrayBuffer>
  lengths: Uint32Array<ArrayBuffer>
  /** The records after the file's lines: positions from `offsets.length` on. */
  extra: readonly CaseRecord[]
}

export type JsonlRecordSource = RecordSource & {
  readonly lineMap: () => JsonlLineMap | null
  readonly stats: JsonlSourceStats
  readonly inOrder: (positions: ArrayLike<number>) => Iterable<CaseRecord>
  readonly linesInOrder: (positions: ArrayLike<number>) => Iterable<RecordLine>
}

/**
 * The records of a `results.jsonl`, read synchronously in chunks, one record a
 * line. A line that is not a JSON object (a torn last line, a bad line) is
 * skipped and counted in `stats`, never thrown. Memory: one chunk, one line and,
 * once a pass has finished, each record's byte offset and length (for `inOrder`).
 */
export function jsonlSource(file: string, options: JsonlSourceOptions = {}): JsonlRecordSource {
  const extra = options.extra ?? []
  const chunkBytes = options.chunkBytes ?? 1 << 20
  const windowBytes = options.windowBytes ?? WINDOW_BYTES
  const stats: JsonlSourceStats = { records: options.read?.index.length ?? 0, skipped: options.read?.skipped ?? 0 }
  let index: LineIndex | null = options.read?.index ?? null

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

  function* linesInOrder(positions: ArrayLike<number>): Generator<RecordLine> {
    if (index === null) for (const _ of pass());
    const lineIndex = index as unknown as LineIndex
    let k = 0
    for (const at of positionLines(file, lineIndex, positions, windowBytes)) {
      const position = positions[k++] as number
      if (typeof at === 'number') {
        const record = extra[at]
        if (!record) throw new RangeError(`${file}: no record at position ${position}`)
        yield { record, line: null }
        continue
      }
      const record = parseRecord(at.toString('utf8'))
      if (record === null) throw new Error(`${file}: the record at position ${position} changed since it was read`)
      yield { record, line: at }
    }
  }

  function lineMap(): JsonlLineMap | null {
    return index === null ? null : { file, ...index.arrays(), extra }
  }

  function* inOrder(positions: ArrayLike<number>): Generator<CaseRecord> {
    for (const { record } of linesInOrder(positions)) yield record
  }

  const source = (): Iterable<CaseRecord> => ({ [Symbol.iterator]: pass })
  return Object.assign(source, { inOrder, linesInOrder, lineMap, stats })
}

/**
 * The lines at these positions of a {@link JsonlLineMap}, in that order (read
 * as `linesInOrder` reads them): a line's bytes are a view valid until the next
 * is taken; a position past the file's lines is `extraLine(i)` of the i-th
 * record after them.
 */
export function* linesAt(map: Omit<JsonlLineMap, 'extra'>, positions: ArrayLike<number>, extraLine: (i: number) => Uint8Array): Generator<Uint8Array> {
  for (const at of positionLines(map.file, LineIndex.of(map.offsets, map.lengths), positions, WINDOW_BYTES)) yield typeof at === 'number' ? extraLine(at) : at
}

/** Each position's line, or for a position past the file's lines, its place among the records after them. */
function* positionLines(file: string, index: LineIndex, positions: ArrayLike<number>, windowBytes: number): Generator<Buffer | number> {
  const reader = new WindowReader(file, index, windowBytes)
  try {
    for (let at = 0; at < positions.length; ) {
      const end = reader.load(positions, at)
      for (; at < end; at++) {
        const position = positions[at] as number
        yield position >= index.length ? position - index.length : reader.line(at)
      }
    }
  } finally {
    reader.close()
  }
}

/** A case record from one line, or null when the line is none. */
export function parseRecord(text: string): CaseRecord | null {
  if (text.trim() === '') return null
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as CaseRecord) : null
  } catch {
    return null
  }
}

/** Each line's byte offset and length (without its `\n`), a few numbers per record. */
export class LineIndex {
  #offsets = new Float64Array(1024)
  #lengths = new Uint32Array(1024)
  length = 0

  /** An index of these lines (the arrays are kept, not copied). */
  static of(offsets: Float64Array<ArrayBuffer>, lengths: Uint32Array<ArrayBuffer>): LineIndex {
    const index = new LineIndex()
    index.#offsets = offsets
    index.#lengths = lengths
    index.length = Math.min(offsets.length, lengths.length)
    return index
  }

  /** Copies of the lines' offsets and lengths. */
  arrays(): { offsets: Float64Array<ArrayBuffer>; lengths: Uint32Array<ArrayBuffer> } {
    return { offsets: this.#offsets.slice(0, this.length), lengths: this.#lengths.slice(0, this.length) }
  }

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

export interface Line {
  text: string
  offset: number
  bytes: number
}

/**
 * The file's lines (without their `\n`) from byte `from` on, read in chunks; a last line without
 * `\n` is a line too, unless `wholeOnly` (a file still being written: jsonl-follower.ts).
 */
export function* lines(file: string, chunkBytes: number, from = 0, wholeOnly = false): Generator<Line> {
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
    let carryOffset = from
    let position = from
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
    if (carried > 0 && !wholeOnly) yield { text: buffer.toString('utf8', 0, carried), offset: carryOffset, bytes: carried }
  } finally {
    closeSync(fd)
  }
}

/**
 * Reads the lines at a run of positions a window at a time: up to
 * WINDOW_BYTES of lines, read in file order, neighbours (less than
 * GAP_BYTES apart) in one read, so positions in file order are one
 * sequential read and any order costs a read per line at the most.
 */
class WindowReader {
  readonly #file: string
  /** Opened at the first read: positions past the file's lines (records kept in memory) need no file. */
  #fd: number | null = null
  readonly #index: LineIndex
  #buffer = Buffer.allocUnsafe(1 << 16)
  /** Where the line of each position of the window starts in the buffer, by its place in the window. */
  #starts = new Float64Array(1024)
  #first = 0
  #positions: ArrayLike<number> = []
  readonly #windowBytes: number

  constructor(file: string, index: LineIndex, windowBytes: number) {
    this.#file = file
    this.#index = index
    this.#windowBytes = windowBytes
  }

  /** Reads the window starting at `positions[first]`; returns where it ends (at least one position further). */
  load(positions: ArrayLike<number>, first: number): number {
    const index = this.#index
    let end = first
    let bytes = 0
    while (end < positions.length && (end === first || end - first < WINDOW_LINES)) {
      const position = positions[end] as number
      const size = position < index.length ? index.bytes(position) : 0
      if (end > first && bytes + size > this.#windowBytes) break
      bytes += size
      end++
    }
    this.#first = first
    this.#positions = positions
    if (this.#starts.length < end - first) this.#starts = new Float64Array(end - first)
    // the window's lines in file order: runs of near neighbours are read at once
    const order: number[] = []
    for (let k = first; k < end; k++) if ((positions[k] as number) < index.length) order.push(k)
    order.sort((a, b) => index.offset(positions[a] as number) - index.offset(positions[b] as number))
    let k = 0
    let filled = 0
    while (k < order.length) {
      const runStart = index.offset(positions[order[k] as number] as number)
      let runEnd = runStart
      let j = k
      for (; j < order.length; j++) {
        const position = positions[order[j] as number] as number
        const offset = index.offset(position)
        if (offset > runEnd + GAP_BYTES) break
        runEnd = Math.max(runEnd, offset + index.bytes(position))
      }
      this.#read(filled, runStart, runEnd - runStart)
      for (let m = k; m < j; m++) this.#starts[(order[m] as number) - first] = filled + index.offset(positions[order[m] as number] as number) - runStart
      filled += runEnd - runStart
      k = j
    }
    return end
  }

  /** The line of the window's position `at` (an index into the positions given to `load`). */
  line(at: number): Buffer {
    const start = this.#starts[at - this.#first] as number
    return this.#buffer.subarray(start, start + this.#index.bytes(this.#positions[at] as number))
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd)
    this.#fd = null
  }

  #read(at: number, offset: number, bytes: number): void {
    if (this.#buffer.length < at + bytes) {
      const bigger = Buffer.allocUnsafe(Math.max(at + bytes, this.#buffer.length * 2))
      this.#buffer.copy(bigger, 0, 0, at)
      this.#buffer = bigger
    }
    this.#fd ??= openSync(this.#file, 'r')
    let got = 0
    while (got < bytes) {
      const read = readSync(this.#fd, this.#buffer, at + got, bytes - got, offset + got)
      if (read === 0) throw new Error(`${this.#file}: the file ends at byte ${offset + got}, before the records read from it earlier (it changed since it was read)`)
      got += read
    }
  }
}

/** A window's lines in all: 4 MiB (one sequential read when the positions are in file order). */
const WINDOW_BYTES = 4 << 20
const WINDOW_LINES = 8192
/** Lines less than this apart are read together (the bytes between read and not used). */
const GAP_BYTES = 8 << 10
