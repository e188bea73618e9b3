import { readFileSync } from 'node:fs'
import { CaseRecordSchema, type CaseRecord } from '../../record/schema.ts'

/** One line of `results.jsonl`: its text and, when it is a whole valid record, the record. */
export interface JsonlLine {
  text: string
  record: CaseRecord | null
}

/**
 * The lines of a `results.jsonl`. A line that is not a valid case record (the
 * unfinished last line of a killed writer, a line from another schema) has
 * `record: null`; the text after the last newline is never a line, because a
 * record is only complete with its newline. A missing file has no lines.
 */
export function readJsonlLines(file: string): JsonlLine[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return []
    throw error
  }
  const complete = text.slice(0, text.lastIndexOf('\n') + 1)
  return complete
    .split('\n')
    .slice(0, -1)
    .filter((line) => line.trim() !== '')
    .map((line) => ({ text: line, record: parseRecord(line) }))
}

/** The valid records of a `results.jsonl`, in file order. */
export function readRecords(file: string): CaseRecord[] {
  return readJsonlLines(file).flatMap((line) => (line.record ? [line.record] : []))
}

function parseRecord(line: string): CaseRecord | null {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  const parsed = CaseRecordSchema.safeParse(value)
  return parsed.success ? parsed.data : null
}
