import { parseArgs } from 'node:util'

/** `llm-test-bench recordings prune [file...] [--dry-run]` */
export interface RecordingsArgs {
  command: 'recordings'
  /** null: `llm-test-bench recordings` alone or with --help. */
  action: 'prune' | null
  /** Recording files to prune (relative to the current directory); empty: those of every dataset of the config. */
  files: string[]
  dryRun: boolean
  help: boolean
}

const OPTIONS = {
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export function parseRecordingsArgs(args: readonly string[], usage: (message: string) => Error): RecordingsArgs {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  const [action, ...files] = positionals
  const help = values.help === true
  if (action === undefined && !help) throw usage('recordings needs an action: prune')
  if (action !== undefined && action !== 'prune') throw usage(`unknown recordings action "${action}"; expected prune`)
  return { command: 'recordings', action: action ?? null, files, dryRun: values['dry-run'] === true, help }
}
