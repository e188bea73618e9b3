import { closeSync, openSync, readSync } from 'node:fs'
import { CaseRecordSchema, type CaseRecord } from '../../record/schema.ts'
import { forEachLine, lineText } from './jsonl-lines.ts'

/** One line of `results.jsonl`: where it is, its text and, when it is a whole valid record, the record; else why not. */
export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number
  /** Byte offset of the line in the file, and its length in bytes (without the newline). */
  offset: number
  length: number
  text: string
  record: CaseRecord | null
  /** Why the line is no record (`not JSON: ...`, `not a case record: status: ...`); null for a record. */
  problem: string | null
}

/** A line of `results.jsonl` that is no record, and why. */
export interface CorruptLine {
  line: number
  problem: string
}

/** What the unfinished last line of a killed writer is, as a corrupt line. */
export const UNFINISHED = 'unfinished (no newline: the writer was stopped in the middle of it)'

/**
 * The lines of a `results.jsonl`. A line that is not a valid case record (the
 * unfinished last line of a killed writer, a line from another schema) has
 * `record: null`; the text after the last newline is never a line, because a
 * record is only complete with its newline. A missing file has no lines.
 * Holds every line: for a file of any size, stream it with {@link forEachRecordLine}.
 */
export function readJsonlLines(file: string): JsonlLine[] {
  return readJsonl(file).lines
}

/** The valid records of a `results.jsonl`, in file order. */
export function readRecords(file: string): CaseRecord[] {
  return readJsonlLines(file).flatMap((line) => (line.record ? [line.record] : []))
}

/** The lines and what a resume drops of the file: every line that is no record, and an unfinished last line (no newline). */
export function readJsonl(file: string): { lines: JsonlLine[]; corrupt: CorruptLine[] } {
  const lines: JsonlLine[] = []
  const corrupt = forEachRecordLine(file, (line) => lines.push(line))
  return { lines, corrupt }
}

/**
 * Streams a `results.jsonl` line by line (blank lines skipped), each parsed and
 * checked against the record schema, in bounded memory. Returns the corrupt
 * lines: lines that are no record, and an unfinished last one.
 */
export function forEachRecordLine(file: string, each: (line: JsonlLine) => void, chunkBytes?: number): CorruptLine[] {
  const corrupt: CorruptLine[] = []
  const read = forEachLine(
    file,
    ({ line, offset, bytes }) => {
      const text = lineText(bytes)
      if (text === null) {
        const problem = `too long to read (${bytes.length} bytes on one line)`
        corrupt.push({ line, problem })
        each({ line, offset, length: bytes.length, text: '', record: null, problem })
        return
      }
      if (text.trim() === '') return
      const parsed = parseRecord(text)
      if (parsed.problem !== null) corrupt.push({ line, problem: parsed.problem })
      each({ line, offset, length: bytes.length, text, ...parsed })
    },
    chunkBytes,
  )
  const tail = read?.tail
  if (tail && !isBlank(file, tail.offset, tail.length)) corrupt.push({ line: tail.line, problem: UNFINISHED })
  return corrupt
}

/** Whether the unterminated tail is only white space (not worth a message). Checked on its first bytes only. */
function isBlank(file: string, offset: number, length: number): boolean {
  return length <= 4096 && readBytes(file, offset, length).toString('utf8').trim() === ''
}

/** `length` bytes of `file` from `offset`. */
export function readBytes(file: string, offset: number, length: number): Buffer {
  const fd = openSync(file, 'r')
  try {
    const bytes = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const n = readSync(fd, bytes, done, length - done, offset + done)
      if (n === 0) break
      done += n
    }
    return done === length ? bytes : bytes.subarray(0, done)
  } finally {
    closeSync(fd)
  }
}

/** A line's record, or why it is none. */
export function parseRecord(line: string): { record: CaseRecord | null; problem: string | null } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch (error) {
    return { record: null, problem: `not JSON (${error instanceof Error ? error.message : String(error)})` }
  }
  const parsed = CaseRecordSchema.safeParse(value)
  if (parsed.success) return { record: parsed.data, problem: null }
  const first = parsed.error.issues[0]
  const where = first === undefined || first.path.length === 0 ? '' : `${first.path.map(String).join('.')}: `
  return { record: null, problem: `not a case record (${where}${first?.message ?? 'invalid'})` }
}
