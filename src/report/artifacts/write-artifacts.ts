import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeStableJsonFile } from '../../record/stable-json-file.ts'
import type { RunResults } from '../results-schema.ts'
import { writeCsvArtifacts } from './csv.ts'
import { formatSummaryMarkdown } from './markdown.ts'
import { writeRawResponses } from './raw-responses.ts'

/** Which artifacts to write beside `results.json` (the `report` option, resolved). */
export interface ArtifactOptions {
  /** `csv/*.csv`. */
  csv: boolean
  /** `summary.md`. */
  markdown: boolean
  /** `responses/<dataset>/<case>.<provider>[.<sample>].txt`. */
  rawResponses: boolean
  /** Markdown sections appended to `summary.md` (e.g. the gate report). */
  extraMarkdown?: string[]
}

/**
 * Writes a finished run's artifacts into its folder: `results.json` (sorted
 * keys, stable order: equal results give equal bytes) and the enabled ones.
 * Returns every file written, in writing order. `results.jsonl` is not
 * written here: the reporter appends it as cases end.
 */
export function writeArtifacts(dir: string, results: RunResults, options: ArtifactOptions): { files: string[] } {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  const write = (name: string, text: string): void => {
    const file = join(dir, name)
    writeFileSync(file, text)
    files.push(file)
  }
  // streamed: a big run's results.json is never one string in memory (same bytes as stableStringify)
  writeStableJsonFile(join(dir, 'results.json'), results, 2)
  files.push(join(dir, 'results.json'))
  if (options.markdown) write('summary.md', formatSummaryMarkdown(results, options.extraMarkdown ?? []))
  if (options.csv) files.push(...writeCsvArtifacts(dir, results))
  if (options.rawResponses) files.push(...writeRawResponses(dir, results.cases))
  // report.html: the dashboard is written here (options.html), from `results` alone.
  return { files }
}
