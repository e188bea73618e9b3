import { readFileSync } from 'node:fs'
import { CaseRecordSchema, type CaseRecord } from '../../record/schema.ts'

/** One line of `results.jsonl`: its text and, when it is a whole valid record, the record; else why not. */
export interface JsonlLine {
  /** 1-based line number in the file. */
  line: number
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

/**
 * The lines of a `results.jsonl`. A line that is not a valid case record (the
 * unfinished last line of a killed writer, a line from another schema) has
 * `record: null`; the text after the last newline is never a line, because a
 * record is only complete with its newline. A missing file has no lines.
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
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { lines: [], corrupt: [] }
    throw error
  }
  const parts = text.split('\n')
  const tail = parts.pop() ?? ''
  const lines = parts.flatMap((part, i): JsonlLine[] => (part.trim() === '' ? [] : [{ line: i + 1, text: part, ...parseRecord(part) }]))
  const corrupt = lines.flatMap((l) => (l.problem === null ? [] : [{ line: l.line, problem: l.problem }]))
  if (tail.trim() !== '') corrupt.push({ line: parts.length + 1, problem: 'unfinished (no newline: the writer was stopped in the middle of it)' })
  return { lines, corrupt }
}

function parseRecord(line: string): { record: CaseRecord | null; problem: string | null } {
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
