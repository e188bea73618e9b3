import fs from 'node:fs'
import path from 'node:path'
import type { DatasetIssue } from '../errors.ts'
import { issueAt } from '../locate.ts'
import { decodeText } from '../read-text.ts'
import type { ParsedSource } from '../parse-source.ts'
import { resolvePromptPath, type PromptTexts } from '../prompt-files.ts'
import type { DatasetFile, DatasetSource, DatasetTestCase } from '../schema.ts'
import { templateVariables } from '../template.ts'
import { FORMATS, type RowProblem } from './formats.ts'
import { select } from './sample.ts'

export { FORMATS, SOURCE_FORMATS, finalLetterPattern, type SourceFormat } from './formats.ts'

/** At most this many malformed rows are reported (the rest are counted). */
const MAX_ROW_ISSUES = 20

export interface SourceCases {
  /** Absolute path of the benchmark file. */
  file: string
  cases: DatasetTestCase[]
  issues: DatasetIssue[]
}

/** The benchmark file of a `source:`, absolute (relative to the dataset file's folder). */
export function resolveSourcePath(datasetFile: string, relative: string): string {
  return path.resolve(path.dirname(datasetFile), relative)
}

/**
 * Reads a dataset's `source:` into cases (ids, variables, expected, references,
 * the format's assertions). A missing file is an issue at `source.path` in the
 * dataset; a malformed row an issue in the benchmark file, at its line.
 */
export function loadSourceCases(source: ParsedSource, dataset: DatasetFile, spec: DatasetSource, promptTexts: PromptTexts): SourceCases {
  const file = resolveSourcePath(source.file, spec.path)
  const format = FORMATS[spec.format]
  const templateIssues = checkTemplate(source, dataset, spec, promptTexts, format.variables)
  let text: string
  try {
    const decoded = decodeText(fs.readFileSync(file))
    if (!decoded.ok) {
      const message = `source file ${file}:${decoded.line}:${decoded.column}: ${decoded.message}`
      return { file, cases: [], issues: [...templateIssues, issueAt(source, ['source', 'path'], { expected: decoded.expected, found: decoded.found, message })] }
    }
    text = decoded.text
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'
    const message = code === 'ENOENT' ? `source file not found: ${file}` : `cannot read source file ${file} (${code})`
    const found = code === 'ENOENT' ? 'no such file' : code
    return { file, cases: [], issues: [...templateIssues, issueAt(source, ['source', 'path'], { expected: `an existing ${spec.format} file`, found, message })] }
  }
  const problems: RowProblem[] = []
  let goodRows = 0
  function* goodCases(): Generator<DatasetTestCase> {
    for (const row of format.rows(text)) {
      if ('problem' in row) problems.push(row.problem)
      else {
        goodRows++
        yield row.testCase
      }
    }
  }
  const selected = select(goodCases(), { limit: spec.limit, sample: spec.sample, seed: spec.seed })
  const issues = [...templateIssues, ...rowIssues(file, spec.format, problems)]
  if (issues.length === 0 && goodRows === 0) {
    const message = `source file has no ${spec.format} rows: ${file}`
    issues.push(issueAt(source, ['source', 'path'], { expected: `at least one ${spec.format} row`, found: 'none', message }))
  }
  const template = spec.prompt ?? (dataset.prompt_file === undefined ? format.defaultPrompt : undefined)
  const cases = selected.map((testCase) => (template === undefined ? testCase : { ...testCase, prompt: template }))
  return { file, cases, issues }
}

function rowIssues(file: string, format: string, problems: readonly RowProblem[]): DatasetIssue[] {
  const issues = problems.slice(0, MAX_ROW_ISSUES).map((problem) => ({
    file,
    line: problem.line,
    column: problem.column,
    path: problem.field,
    expected: problem.expected,
    found: problem.found,
    message: `${format} source: ${problem.message}`,
  }))
  const rest = problems.length - MAX_ROW_ISSUES
  const last = problems[MAX_ROW_ISSUES]
  if (rest > 0 && last !== undefined) {
    issues.push({ file, line: last.line, column: 1, path: '(rows)', expected: `${format} rows`, found: `${rest} more malformed rows`, message: `${format} source: ${rest} more malformed rows not shown` })
  }
  return issues
}

/** The prompt template (source.prompt or the dataset's prompt_file) may use only the format's and the dataset's variables. */
function checkTemplate(
  source: ParsedSource,
  dataset: DatasetFile,
  spec: DatasetSource,
  promptTexts: PromptTexts,
  formatVariables: readonly string[],
): DatasetIssue[] {
  const field = spec.prompt !== undefined ? ['source', 'prompt'] : dataset.prompt_file !== undefined ? ['prompt_file'] : null
  const template = spec.prompt ?? (dataset.prompt_file === undefined ? undefined : promptTexts.get(resolvePromptPath(source.file, dataset.prompt_file)))
  if (field === null || template === undefined) return []
  const known = new Set([...formatVariables, ...Object.keys(dataset.variables ?? {})])
  const used = [...templateVariables(template), ...(dataset.defaults?.system === undefined ? [] : templateVariables(dataset.defaults.system))]
  const missing = [...new Set(used)].filter((name) => !known.has(name))
  const offered = formatVariables.map((name) => `{{${name}}}`).join(', ')
  return missing.map((name) =>
    issueAt(source, field, {
      expected: `only the ${spec.format} variables (${offered}) or the dataset's variables`,
      found: `{{${name}}}`,
      message: `source cases (${spec.format}) give no value for {{${name}}}; a ${spec.format} row gives ${offered}, and the dataset's variables are used too`,
    }),
  )
}
