import { parseArgs } from 'node:util'

/** `llm-test-bench compare ...` */
export interface CompareArgs {
  command: 'compare'
  /** 0, 1 (the current run) or 2 (base, current) runs. */
  runs: string[]
  /** null: not given. */
  project: string | null
  outputDir: string
  /** previous, merge-base, or a run. */
  base: string
  format: 'text' | 'markdown' | 'json'
  failOnRegression: boolean
  help: boolean
}

const OPTIONS = {
  base: { type: 'string' },
  project: { type: 'string' },
  'output-dir': { type: 'string' },
  markdown: { type: 'boolean' },
  json: { type: 'boolean' },
  'fail-on-regression': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

/** Parses the arguments after `compare`; throws `fail(message)` for a command line that cannot be used. */
export function parseCompareArgs(args: readonly string[], fail: (message: string) => Error): CompareArgs {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    throw fail(`compare: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { values, positionals } = parsed
  if (positionals.length > 2) throw fail(`compare: two runs at most (base, current), got ${positionals.map((p) => JSON.stringify(p)).join(', ')}`)
  if (values.json && values.markdown) throw fail('compare: --json and --markdown cannot be used together')
  if (values.base !== undefined && positionals.length === 2) throw fail('compare: --base picks the base run when at most one run is named; two runs were named')
  for (const [flag, value] of [['--base', values.base], ['--project', values.project], ['--output-dir', values['output-dir']]] as const) {
    if (value === '') throw fail(`compare: ${flag} needs a value`)
  }
  return {
    command: 'compare',
    runs: positionals,
    project: values.project ?? null,
    outputDir: values['output-dir'] ?? 'bench-results',
    base: values.base ?? 'previous',
    format: values.json ? 'json' : values.markdown ? 'markdown' : 'text',
    failOnRegression: values['fail-on-regression'] === true,
    help: values.help === true,
  }
}
