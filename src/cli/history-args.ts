import { parseArgs } from 'node:util'

/** `llm-test-bench history [reindex] ...` */
export interface HistoryArgs {
  command: 'history'
  /** `list` (the table) or `reindex` (rebuild the index from the run folders). */
  action: 'list' | 'reindex'
  project: string | null
  dataset: string | null
  provider: string | null
  /** The latest N runs. */
  last: number
  outputDir: string
  json: boolean
  help: boolean
}

export const DEFAULT_HISTORY_LAST = 30

const OPTIONS = {
  project: { type: 'string' },
  dataset: { type: 'string' },
  provider: { type: 'string' },
  last: { type: 'string' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Parses the arguments after `history`; throws `fail(message)` for a command line that cannot be used. */
export function parseHistoryArgs(args: readonly string[], fail: (message: string) => Error): HistoryArgs {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    throw fail(`history: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { values, positionals } = parsed
  const [action, ...extra] = positionals
  if (action !== undefined && action !== 'reindex') throw fail(`history: unknown action ${JSON.stringify(action)}; expected "reindex" or none`)
  if (extra.length > 0) throw fail(`history: unexpected ${extra.map((p) => JSON.stringify(p)).join(', ')}`)
  for (const [flag, value] of [['--project', values.project], ['--dataset', values.dataset], ['--provider', values.provider], ['--output-dir', values['output-dir']], ['--last', values.last]] as const) {
    if (value === '') throw fail(`history: ${flag} needs a value`)
  }
  const last = values.last === undefined ? DEFAULT_HISTORY_LAST : Number(values.last)
  if (!Number.isInteger(last) || last < 1) throw fail(`history: --last expects a whole number ≥ 1, found ${JSON.stringify(values.last)}`)
  return {
    command: 'history',
    action: action === 'reindex' ? 'reindex' : 'list',
    project: values.project ?? null,
    dataset: values.dataset ?? null,
    provider: values.provider ?? null,
    last,
    outputDir: values['output-dir'] ?? 'bench-results',
    json: values.json === true,
    help: values.help === true,
  }
}
