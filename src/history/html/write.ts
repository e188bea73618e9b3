import { dirname, resolve } from 'node:path'
import { addRunSecrets, redactText, redactValue } from '../../providers/redaction/index.ts'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import { buildHistoryPage, type HistoryRunInput } from './build-page.ts'
import { historyRunsFromFolders } from './from-run-folders.ts'
import { renderHistoryHtml } from './render.ts'

export interface WriteHistoryHtmlOptions {
  outputDir: string
  /** The page's path; `<outputDir>/history.html` by default. */
  out?: string
  /** Only runs of these projects; every project with null. */
  projects: readonly string[] | null
  /** The runs to draw; read from the run folders' results.json when not given. */
  runs?: readonly HistoryRunInput[]
  warn?: (message: string) => void
  now?: Date
}

/**
 * Writes history.html (atomically) and says where and how much. Every string
 * of the page, and every warning, goes through the secret registry first (the
 * keys the environment names included), as every other artifact does.
 */
export function writeHistoryHtml(options: WriteHistoryHtmlOptions): { file: string; runs: number; series: number; bytes: number } {
  addRunSecrets({})
  const warn = options.warn
  const file = resolve(options.out ?? resolve(options.outputDir, 'history.html'))
  const runs = options.runs ?? historyRunsFromFolders(options.outputDir, { projects: options.projects, ...(warn ? { warn: (m: string) => warn(redactText(m)) } : {}) })
  const projects = options.projects ?? [...new Set(runs.map((r) => r.project))].sort()
  const page = redactValue(buildHistoryPage(runs, { htmlDir: dirname(file), projects, ...(options.now ? { now: options.now } : {}) }))
  const html = renderHistoryHtml(page)
  writeFileAtomic(file, html)
  return { file, runs: page.runs.length, series: page.series.length, bytes: Buffer.byteLength(html) }
}
