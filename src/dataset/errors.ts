import path from 'node:path'
import { codeFrame } from './code-frame.ts'

/** One problem found in a dataset file, pinned to the place it comes from. */
export interface DatasetIssue {
  /** Absolute path of the file the problem is in (the dataset, or a prompt file). */
  file: string
  /** 1-based line and column. */
  line: number
  column: number
  /** Field path, e.g. `test_cases[2].config.temperature`; empty for the whole document. */
  path: string
  /** What the field should be, in plain words (null when a sentence says it better). */
  expected: string | null
  /** What the file has instead, in plain words. */
  found: string | null
  /** The whole problem in one line, e.g. `expected number, found string "hot"`. */
  message: string
}

/** Thrown by the loader: every problem found in one dataset file. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError'
  readonly file: string
  readonly issues: readonly DatasetIssue[]
  /** The first problem's lines in its file, caret under the column; Vitest prints it above the stack. */
  readonly codeFrame: string | undefined

  constructor(file: string, issues: readonly DatasetIssue[]) {
    const sorted = sortIssues(issues)
    super(formatDatasetError(file, sorted))
    this.file = file
    this.issues = sorted
    const first = sorted[0] ?? null
    this.stack = datasetStack(this.name, this.message, first, file)
    this.codeFrame = (first && codeFrame(first.file, first.line, first.column)) ?? undefined
  }
}

/**
 * The error's stack is the dataset itself: one frame at the first problem's
 * file:line:column, and none of the loader's own. Vitest prints a code frame of
 * a failure's top stack frame, so the user sees their file's lines there (a
 * stack into the library's sources would show its code instead).
 */
function datasetStack(name: string, message: string, first: DatasetIssue | null, file: string): string {
  const where = first === null ? `${file}:1:1` : `${first.file}:${first.line}:${first.column}`
  return `${name}: ${message}\n    at ${where}`
}

/** A path as users read it: relative to the working folder when inside it, absolute otherwise. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file)
  const outside = relative.startsWith('..') || path.isAbsolute(relative)
  return outside ? file : relative.split(path.sep).join('/')
}

/** `datasets/x.dataset.yaml:4:18 test_cases[0].config.temperature: expected number, found string "hot"` */
export function formatDatasetIssue(issue: DatasetIssue): string {
  const where = `${displayPath(issue.file)}:${issue.line}:${issue.column}`
  return `${where} ${issue.path === '' ? '(top level)' : issue.path}: ${issue.message}`
}

/** A header naming the file and the count, then one line per issue. */
export function formatDatasetError(file: string, issues: readonly DatasetIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  const header = `Invalid dataset ${displayPath(file)} (${count}):`
  return [header, ...issues.map(formatDatasetIssue)].join('\n')
}

/** The usual wording of a mismatch: `expected <expected>, found <found>`. */
export function expectedFound(expected: string, found: string): string {
  return `expected ${expected}, found ${found}`
}

function sortIssues(issues: readonly DatasetIssue[]): DatasetIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column)
}
