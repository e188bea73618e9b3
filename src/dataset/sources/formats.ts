import type { Assertion, DatasetTestCase } from '../schema.ts'
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv.ts'

/** The benchmark formats a `source:` can read. */
export const SOURCE_FORMATS = ['gsm8k', 'mmlu', 'truthfulqa', 'humaneval'] as const
export type SourceFormat = (typeof SOURCE_FORMATS)[number]

/** A row that is not what its format expects: where (in the source file) and what. */
export interface RowProblem {
  line: number
  column: number
  /** The field or column, e.g. `answer` or `Best Answer`. */
  field: string
  expected: string
  found: string
  message: string
}

/** One row of a source file: a case, or why it could not be one. */
export type SourceRow = { line: number; testCase: DatasetTestCase } | { line: number; problem: RowProblem }

export interface FormatSpec {
  /** The variables a row gives the prompt template. */
  variables: readonly string[]
  /** The prompt template used when neither `source.prompt` nor the dataset's `prompt_file` is set. */
  defaultPrompt: string
  rows(text: string): Generator<SourceRow>
}

const MMLU_PROMPT = `{{question}}

A. {{A}}
B. {{B}}
C. {{C}}
D. {{D}}

Answer with the letter of the correct choice (A, B, C or D).`

export const FORMATS: Readonly<Record<SourceFormat, FormatSpec>> = {
  gsm8k: { variables: ['question'], defaultPrompt: '{{question}}', rows: (text) => jsonlRows(text, gsm8kCase) },
  humaneval: { variables: ['prompt', 'entry_point', 'task_id'], defaultPrompt: '{{prompt}}', rows: (text) => jsonlRows(text, humanEvalCase) },
  mmlu: { variables: ['question', 'A', 'B', 'C', 'D'], defaultPrompt: MMLU_PROMPT, rows: mmluRows },
  truthfulqa: { variables: ['question', 'category', 'type'], defaultPrompt: '{{question}}', rows: truthfulQaRows },
}

/**
 * The regular expression MMLU cases assert: the letter stands alone (a word of
 * its own: `C`, `(C)`, `C.`, `Answer: C`) and no other standalone A-D letter
 * comes after it, i.e. it is the final answer letter. Case-sensitive, so the
 * article "a" does not count.
 */
export function finalLetterPattern(letter: string): string {
  return `\\b${letter}\\b(?![\\s\\S]*\\b[A-D]\\b)`
}

// ---------------------------------------------------------------- JSONL

type JsonRow = Record<string, unknown>
type RowResult = DatasetTestCase | Omit<RowProblem, 'line' | 'column'>

function* jsonlRows(text: string, toCase: (row: JsonRow, line: number) => RowResult): Generator<SourceRow> {
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 0
  while (start < text.length) {
    line++
    const end = text.indexOf('\n', start)
    const raw = text.slice(start, end === -1 ? text.length : end)
    start = end === -1 ? text.length : end + 1
    if (raw.trim() === '') continue
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      yield problem(line, 1, { field: '(line)', expected: 'one JSON object per line', found: 'invalid JSON', message: `invalid JSON on this line: ${detail}` })
      continue
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      const found = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed
      yield problem(line, 1, { field: '(line)', expected: 'a JSON object', found, message: `expected a JSON object, found ${found}` })
      continue
    }
    const result = toCase({ ...parsed }, line)
    yield 'id' in result ? { line, testCase: result } : problem(line, 1, result)
  }
}

function problem(line: number, column: number, rest: Omit<RowProblem, 'line' | 'column'>): SourceRow {
  return { line, problem: { line, column, ...rest } }
}

/** A required non-empty string field of a JSON row, or the problem. */
function stringField(row: JsonRow, field: string): string | Omit<RowProblem, 'line' | 'column'> {
  const value = row[field]
  if (typeof value === 'string' && value.trim() !== '') return value
  const found = value === undefined ? 'nothing' : typeof value === 'string' ? 'an empty string' : typeof value
  return { field, expected: 'a non-empty string', found, message: `field "${field}": expected a non-empty string, found ${found}` }
}

function gsm8kCase(row: JsonRow, line: number): RowResult {
  const question = stringField(row, 'question')
  if (typeof question !== 'string') return question
  const answer = stringField(row, 'answer')
  if (typeof answer !== 'string') return answer
  const marker = answer.lastIndexOf('####')
  const number = marker === -1 ? '' : answer.slice(marker + 4).trim().replace(/,/g, '')
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(number)) {
    const found = marker === -1 ? 'no "####" line' : JSON.stringify(answer.slice(marker))
    return { field: 'answer', expected: 'an answer ending in "#### <number>"', found, message: `field "answer": expected an answer ending in "#### <number>", found ${found}` }
  }
  const assertions: Assertion[] = ['toBeCloseToNumber']
  return { id: `gsm8k-${line}`, variables: { question }, expected: number, assert: assertions, metadata: { source_line: line } }
}

function humanEvalCase(row: JsonRow, line: number): RowResult {
  const taskId = stringField(row, 'task_id')
  if (typeof taskId !== 'string') return taskId
  const prompt = stringField(row, 'prompt')
  if (typeof prompt !== 'string') return prompt
  const entryPoint = stringField(row, 'entry_point')
  if (typeof entryPoint !== 'string') return entryPoint
  const assertions: Assertion[] = ['toContainReferences']
  return {
    id: caseId(taskId),
    variables: { prompt, entry_point: entryPoint, task_id: taskId },
    references: [entryPoint],
    assert: assertions,
    metadata: { task_id: taskId, entry_point: entryPoint, source_line: line },
  }
}

/** A source id as a case id: spaces, slashes and "›" become "-" (`HumanEval/0` → `HumanEval-0`). */
export function caseId(raw: string): string {
  return raw.trim().replace(/[\s›/]+/g, '-')
}

// ---------------------------------------------------------------- CSV

/** CSV records; a syntax error ends the file with one problem. */
function* csvRecords(text: string): Generator<CsvRecord | RowProblem> {
  try {
    yield* parseCsv(text)
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error
    yield { line: error.line, column: error.column, field: '(csv)', expected: 'valid CSV (RFC 4180)', found: 'a syntax error', message: `invalid CSV: ${error.message}` }
  }
}

function* mmluRows(text: string): Generator<SourceRow> {
  let row = 0
  for (const record of csvRecords(text)) {
    if (!('fields' in record)) {
      yield { line: record.line, problem: record }
      return
    }
    row++
    const { line, fields } = record
    if (fields.length !== 6) {
      const found = `${fields.length} column${fields.length === 1 ? '' : 's'}`
      yield problem(line, 1, { field: '(row)', expected: '6 columns: question, A, B, C, D, answer', found, message: `expected 6 columns (question, A, B, C, D, answer letter), found ${found}` })
      continue
    }
    const [question = '', a = '', b = '', c = '', d = '', answer = ''] = fields
    const letter = answer.trim().toUpperCase()
    if (!/^[ABCD]$/.test(letter)) {
      const found = JSON.stringify(answer)
      yield problem(line, 1, { field: 'answer', expected: 'A, B, C or D', found, message: `column 6 (answer): expected A, B, C or D, found ${found}` })
      continue
    }
    if (question.trim() === '') {
      yield problem(line, 1, { field: 'question', expected: 'a question', found: 'an empty field', message: 'column 1 (question): expected a question, found an empty field' })
      continue
    }
    const assertions: Assertion[] = [{ toMatchRegex: { pattern: finalLetterPattern(letter) } }]
    yield {
      line,
      testCase: { id: `mmlu-${row}`, variables: { question, A: a, B: b, C: c, D: d }, expected: letter, assert: assertions, metadata: { source_line: line } },
    }
  }
}

const TRUTHFULQA_REQUIRED = ['Question', 'Best Answer', 'Correct Answers'] as const

function* truthfulQaRows(text: string): Generator<SourceRow> {
  let header: Map<string, number> | null = null
  let row = 0
  for (const record of csvRecords(text)) {
    if (!('fields' in record)) {
      yield { line: record.line, problem: record }
      return
    }
    const { line, fields } = record
    if (header === null) {
      header = new Map(fields.map((name, index) => [name.trim().toLowerCase(), index]))
      const missing = TRUTHFULQA_REQUIRED.filter((name) => !header?.has(name.toLowerCase()))
      if (missing.length > 0) {
        const found = fields.map((name) => JSON.stringify(name)).join(', ')
        yield problem(line, 1, {
          field: '(header)',
          expected: 'a header with Type, Category, Question, Best Answer, Correct Answers, Incorrect Answers, Source',
          found,
          message: `the header lacks ${missing.map((name) => `"${name}"`).join(', ')} (expected Type, Category, Question, Best Answer, Correct Answers, Incorrect Answers, Source; found ${found})`,
        })
        return
      }
      continue
    }
    row++
    const columns = header
    const cell = (name: string): string => {
      const index = columns.get(name.toLowerCase())
      return index === undefined ? '' : (fields[index] ?? '').trim()
    }
    if (fields.length !== columns.size) {
      const found = `${fields.length} columns`
      yield problem(line, 1, { field: '(row)', expected: `${columns.size} columns, as in the header`, found, message: `expected ${columns.size} columns as in the header, found ${found}` })
      continue
    }
    const question = cell('Question')
    const best = cell('Best Answer')
    const empty = question === '' ? 'Question' : best === '' ? 'Best Answer' : null
    if (empty !== null) {
      yield problem(line, 1, { field: empty, expected: 'a non-empty value', found: 'an empty field', message: `column "${empty}": expected a non-empty value, found an empty field` })
      continue
    }
    const correct = splitAnswers(cell('Correct Answers'))
    const category = cell('Category')
    const assertions: Assertion[] = ['toFuzzyMatch']
    const testCase: DatasetTestCase = {
      id: `truthfulqa-${row}`,
      variables: { question, category, type: cell('Type') },
      expected: best,
      references: correct.length > 0 ? correct : [best],
      assert: assertions,
      metadata: { incorrect_answers: splitAnswers(cell('Incorrect Answers')), source: cell('Source'), source_line: line },
    }
    if (category !== '') testCase.category = category
    yield { line, testCase }
  }
}

/** TruthfulQA's answer lists: separated by "; ". */
function splitAnswers(text: string): string[] {
  return text
    .split(';')
    .map((answer) => answer.trim())
    .filter((answer) => answer !== '')
}
