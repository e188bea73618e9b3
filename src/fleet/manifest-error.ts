import { displayPath, formatDatasetIssue, type DatasetIssue } from '../dataset/errors.ts'

/** Thrown when a fleet manifest cannot be used: every problem, each at its file:line:column (the manifest's, or a dataset's). */
export class FleetManifestError extends Error {
  override readonly name = 'FleetManifestError'
  readonly file: string
  readonly issues: readonly DatasetIssue[]

  constructor(file: string, issues: readonly DatasetIssue[]) {
    const sorted = sortIssues(file, issues)
    super(formatManifestIssues(file, sorted, 'Invalid fleet manifest'))
    this.file = file
    this.issues = sorted
  }
}

/** `<header> <file> (N problems):` and one `file:line:column path: message` line per issue. */
export function formatManifestIssues(file: string, issues: readonly DatasetIssue[], header: string): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`
  return [`${header} ${displayPath(file)} (${count}):`, ...issues.map(formatDatasetIssue)].join('\n')
}

/** The manifest's own issues first, by position; then those of other files (datasets), by file and position. */
export function sortIssues(file: string, issues: readonly DatasetIssue[]): DatasetIssue[] {
  const rank = (issue: DatasetIssue): number => (issue.file === file ? 0 : 1)
  return [...issues].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
}
