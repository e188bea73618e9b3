import { resolve } from 'node:path'
import { historyRunsFromFolders } from '../history/html/from-run-folders.ts'
import { historyRunsFromIndex } from '../history/html/from-index.ts'
import { writeHistoryHtml } from '../history/html/write.ts'
import { HistoryUnavailableError, openHistory } from '../history/index.ts'
import { redactText } from '../providers/redaction/index.ts'
import type { HistoryArgs } from './history-args.ts'

/**
 * `history --html [out]`: `--html` takes an optional path (node:util's
 * parseArgs has no optional values), so it is taken out of the arguments
 * before `history` parses the rest. `html`: undefined without the flag, null
 * for the default `<output-dir>/history.html`, else the path given.
 * `lastGiven`: whether --last was given (the page shows every run unless it was).
 */
export function takeHtmlFlag(args: readonly string[]): { html: string | null | undefined; lastGiven: boolean; rest: string[] } {
  const rest: string[] = []
  let html: string | null | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--') {
      rest.push(...args.slice(i))
      break
    }
    if (arg.startsWith('--html=')) html = arg.slice('--html='.length) || null
    else if (arg === '--html') {
      const next = args[i + 1]
      // a following word is the path unless it is a flag or the history action
      if (next !== undefined && !next.startsWith('-') && next !== 'reindex') {
        html = next
        i++
      } else html = null
    } else rest.push(arg)
  }
  return { html, lastGiven: rest.some((a) => a === '--last' || a.startsWith('--last=')), rest }
}

interface Io {
  out: (text: string) => void
  err: (text: string) => void
}

/**
 * Writes history.html from the history index (synced with the run folders
 * first); on a Node without node:sqlite, from the run folders' results.json.
 * Returns the exit code.
 */
export function historyHtmlCommand(args: HistoryArgs & { html: string | null; lastGiven: boolean }, cwd: string, io: Io): number {
  const outputDir = resolve(cwd, args.outputDir)
  const out = args.html === null ? resolve(outputDir, 'history.html') : resolve(cwd, args.html)
  const warn = (message: string): void => io.err(`llm-test-bench history: ${redactText(message)}\n`)
  let runs
  try {
    const store = openHistory(outputDir)
    try {
      runs = historyRunsFromIndex(store, {
        project: args.project ?? undefined,
        dataset: args.dataset ?? undefined,
        provider: args.provider ?? undefined,
        last: args.lastGiven ? args.last : undefined,
        warn,
      })
    } finally {
      store.close()
    }
  } catch (error) {
    if (!(error instanceof HistoryUnavailableError)) throw error
    warn(`${error.message}: reading the run folders instead`)
    runs = historyRunsFromFolders(outputDir, { projects: args.project === null ? null : [args.project], dataset: args.dataset, provider: args.provider, warn })
    if (args.lastGiven) runs = runs.slice(-args.last)
  }
  const written = writeHistoryHtml({ outputDir, out, projects: args.project === null ? null : [args.project], runs, warn })
  io.out(`wrote ${written.file} (${written.runs} run${written.runs === 1 ? '' : 's'}, ${written.series} series, ${Math.ceil(written.bytes / 1024)} KiB)\n`)
  return 0
}
