import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeStableJsonFile } from '../../record/stable-json-file.ts'
import type { RunResults } from '../results-schema.ts'
import { writeCsvArtifacts } from './csv.ts'
import { formatSummaryMarkdown } from './markdown.ts'
import { writeRawResponses } from './raw-responses.ts'
import { renderReportHtml } from '../html/render.ts'

/** Which artifacts to write beside `results.json` (the `report` option, resolved). */
export interface ArtifactOptions {
  /** `csv/*.csv`. */
  csv: boolean
  /** `summary.md`. */
  markdown: boolean
  /** `responses/<dataset>/<case>.<provider>[.<sample>].txt`. */
  rawResponses: boolean
  /** `report.html`, the dashboard (default false). */
  html?: boolean
  /** Markdown sections appended to `summary.md` (e.g. the gate report). */
  extraMarkdown?: string[]
}

/** What was written: every file in writing order, summary.md's text, and the artifacts that could not be made. */
export interface WrittenArtifacts {
  files: string[]
  /** summary.md's text when written (for `$GITHUB_STEP_SUMMARY`), else null. */
  markdown: string | null
  /** One line per artifact that could not be made (the others are written). */
  problems: string[]
}

/**
 * Writes a finished run's artifacts into its folder: `results.json` (sorted
 * keys, stable order: equal results give equal bytes) and the enabled ones.
 * `results.jsonl` is not written here: the reporter appends it as cases end.
 */
export function writeArtifacts(dir: string, results: RunResults, options: ArtifactOptions): WrittenArtifacts {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  const problems: string[] = []
  const write = (name: string, text: string): void => {
    const file = join(dir, name)
    writeFileSync(file, text)
    files.push(file)
  }
  // streamed: a big run's results.json is never one string in memory (same bytes as stableStringify)
  writeStableJsonFile(join(dir, 'results.json'), results, 2)
  files.push(join(dir, 'results.json'))
  const markdown = options.markdown ? formatSummaryMarkdown(results, options.extraMarkdown ?? []) : null
  if (markdown !== null) write('summary.md', markdown)
  if (options.csv) files.push(...writeCsvArtifacts(dir, results))
  if (options.rawResponses) files.push(...writeRawResponses(dir, results.cases))
  if (options.html === true) {
    try {
      write('report.html', renderReportHtml(results))
    } catch (error) {
      // the dashboard is a view of results.json, which is written: say so and go on
      problems.push(`report.html not written: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  return { files, markdown, problems }
}
