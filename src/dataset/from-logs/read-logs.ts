import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import type { z } from 'zod'
import { fromOpenAI, fromProduction, fromResults, type LogEntry } from './entry.ts'
import { detectShape, OpenAILineSchema, ProductionLineSchema, ResultsLineSchema, type LogFormat } from './shapes.ts'

/** A line that was skipped, and why. */
export interface LineProblem {
  file: string
  line: number
  /** `malformed JSON`, `unknown shape`, `empty input`, or the first schema issue (`field path: message`). */
  reason: string
}

export interface ReadResult {
  /** Usable lines, in file and line order, after `keep`. */
  entries: LogEntry[]
  problems: LineProblem[]
  /** Usable lines by format (before `keep`). */
  formats: Record<LogFormat, number>
  /** Usable lines `keep` refused (e.g. older than `--since`, no labels). */
  filtered: number
  lines: number
}

export interface ReadOptions {
  /** Whether a usable entry stays (filters); default all. */
  keep?: (entry: LogEntry) => boolean
  /** Applied to each kept entry before it is held (redaction), so nothing unredacted is kept. */
  map?: (entry: LogEntry) => LogEntry
  /** Called with each kept entry instead of holding it (`entries` stays empty). */
  visit?: (entry: LogEntry) => void
  /** Which lines to read at all (others are not even parsed or counted); default every line. */
  only?: (file: string, line: number) => boolean
}

/**
 * Reads JSONL log files line by line (a stream: the text of the file is never
 * held whole), detects each line's shape, and keeps usable ones as compact
 * entries. Blank lines are ignored; every other unusable line is a problem.
 */
export async function readLogs(files: readonly string[], options: ReadOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { entries: [], problems: [], formats: { jsonl: 0, openai: 0, results: 0 }, filtered: 0, lines: 0 }
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })
    let number = 0
    for await (const text of lines) {
      number++
      if (text.trim() === '' || (options.only !== undefined && !options.only(file, number))) continue
      result.lines++
      const parsed = parseLine(file, number, text)
      if ('reason' in parsed) {
        result.problems.push(parsed)
        continue
      }
      result.formats[parsed.format]++
      if (options.keep !== undefined && !options.keep(parsed)) {
        result.filtered++
        continue
      }
      const entry = options.map === undefined ? parsed : options.map(parsed)
      if (options.visit === undefined) result.entries.push(entry)
      else options.visit(entry)
    }
  }
  return result
}

/** One line as an entry, or why it cannot be one. */
export function parseLine(file: string, line: number, text: string): LogEntry | LineProblem {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // the parser's message quotes the line: it is not repeated (it may hold personal data)
    return { file, line, reason: 'malformed JSON' }
  }
  const shape = detectShape(value)
  if (shape === null) {
    const found = typeof value === 'object' && value !== null && !Array.isArray(value) ? `keys ${Object.keys(value).slice(0, 6).join(', ') || '(none)'}` : describe(value)
    return { file, line, reason: `unknown shape: expected {input|messages, ...}, {request, response} or a results.jsonl record, found ${found}` }
  }
  const entry = toEntry(file, line, shape, value)
  if ('reason' in entry) return entry
  if (isEmpty(entry)) return { file, line, reason: 'empty input: the prompt or every message is blank' }
  return entry
}

function toEntry(file: string, line: number, shape: LogFormat, value: unknown): LogEntry | LineProblem {
  switch (shape) {
    case 'jsonl':
      return parsedOr(file, line, shape, ProductionLineSchema.safeParse(value), (data) => fromProduction(file, line, data))
    case 'openai':
      return parsedOr(file, line, shape, OpenAILineSchema.safeParse(value), (data) => fromOpenAI(file, line, data))
    case 'results':
      return parsedOr(file, line, shape, ResultsLineSchema.safeParse(value), (data) => fromResults(file, line, data))
  }
}

function parsedOr<T>(file: string, line: number, shape: LogFormat, parsed: z.ZodSafeParseResult<T>, make: (data: T) => LogEntry): LogEntry | LineProblem {
  if (parsed.success) return make(parsed.data)
  const issue = parsed.error.issues[0]
  const where = issue === undefined || issue.path.length === 0 ? '(line)' : issue.path.map(String).join('.')
  return { file, line, reason: `invalid ${shape} line: ${where}: ${issue?.message ?? 'invalid'}` }
}

function isEmpty(entry: LogEntry): boolean {
  if (entry.prompt !== undefined) return entry.prompt.trim() === ''
  return (entry.messages ?? []).every((message) => message.content.trim() === '')
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === null) return 'null'
  return `a ${typeof value}`
}
