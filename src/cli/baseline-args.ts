import { defaultBaselineFile } from '../config/options.ts'
import { parseArgs } from 'node:util'
import type { GateLimits } from '../report/gates/evaluate.ts'

/** `llm-test-bench baseline update|compare ...` */
export interface BaselineArgs {
  command: 'baseline'
  /** null: `llm-test-bench baseline` alone or with --help. */
  action: 'update' | 'compare' | null
  /** A run id, a run folder (or its results.json), or `latest`; null: the latest finished run. */
  run: string | null
  /** The baseline file, relative to the current directory. */
  baseline: string
  project: string
  outputDir: string
  /** compare: the gates to hold the run against. */
  gates: GateLimits
  /** compare: text (default), json (the gate report) or markdown. */
  format: 'text' | 'json' | 'markdown'
  help: boolean
}

/** The baseline file when none is named: the `baseline` option's default. */

const COMMON = {
  baseline: { type: 'string' },
  project: { type: 'string' },
  'output-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const COMPARE = {
  ...COMMON,
  'min-pass-rate': { type: 'string' },
  'max-pass-rate-drop': { type: 'string' },
  'no-new-failures': { type: 'boolean' },
  majority: { type: 'boolean' },
  'significant-drop': { type: 'string' },
  confidence: { type: 'string' },
  inconclusive: { type: 'string' },
  'max-p95-increase': { type: 'string' },
  'max-cost-increase': { type: 'string' },
  json: { type: 'boolean' },
  markdown: { type: 'boolean' },
} as const

/**
 * Parses the arguments after `baseline`; throws `fail(message)` for a command
 * line that cannot be used (the caller's UsageError).
 */
export function parseBaselineArgs(args: readonly string[], fail: (message: string) => Error, defaultProject: string): BaselineArgs {
  const [action, ...rest] = args
  const base = { command: 'baseline' as const, run: null, baseline: defaultBaselineFile(defaultProject), project: defaultProject, outputDir: 'bench-results', gates: {}, format: 'text' as const }
  if (action === undefined || action === '--help' || action === '-h' || action === 'help') return { ...base, action: null, help: true }
  if (action !== 'update' && action !== 'compare') throw fail(`unknown baseline command "${action}"; expected update or compare`)
  let parsed
  try {
    parsed = parseArgs({ args: [...rest], options: action === 'update' ? COMMON : COMPARE, strict: true, allowPositionals: true })
  } catch (error) {
    throw fail(`baseline ${action}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { values, positionals } = parsed
  if (positionals.length > 1) throw fail(`baseline ${action}: one run at most, got ${positionals.map((p) => JSON.stringify(p)).join(', ')}`)
  const v = values as Record<string, string | boolean | undefined>
  if (v['json'] === true && v['markdown'] === true) throw fail(`baseline ${action}: --json and --markdown cannot be used together`)
  return {
    ...base,
    action,
    run: positionals[0] ?? null,
    baseline: nonEmpty(v['baseline'], '--baseline', fail) ?? defaultBaselineFile(nonEmpty(v['project'], '--project', fail) ?? defaultProject),
    project: nonEmpty(v['project'], '--project', fail) ?? defaultProject,
    outputDir: nonEmpty(v['output-dir'], '--output-dir', fail) ?? 'bench-results',
    gates: action === 'compare' ? gateFlags(v, fail) : {},
    format: v['json'] === true ? 'json' : v['markdown'] === true ? 'markdown' : 'text',
    help: v['help'] === true,
  }
}

function gateFlags(v: Record<string, string | boolean | undefined>, fail: (message: string) => Error): GateLimits {
  const gates: GateLimits = {}
  const minPassRate = fraction(v['min-pass-rate'], '--min-pass-rate', 1, fail)
  const maxPassRateDrop = fraction(v['max-pass-rate-drop'], '--max-pass-rate-drop', 1, fail)
  const maxP95 = fraction(v['max-p95-increase'], '--max-p95-increase', Number.POSITIVE_INFINITY, fail)
  const maxCost = fraction(v['max-cost-increase'], '--max-cost-increase', Number.POSITIVE_INFINITY, fail)
  if (minPassRate !== null) gates.minPassRate = minPassRate
  if (maxPassRateDrop !== null) gates.maxPassRateDrop = maxPassRateDrop
  if (v['no-new-failures'] === true) gates.noNewFailures = v['majority'] === true ? { majority: true } : true
  else if (v['majority'] === true) throw fail('--majority goes with --no-new-failures')
  const significantDrop = fraction(v['significant-drop'], '--significant-drop', 1, fail)
  if (significantDrop !== null) gates.passRate = { maxDrop: significantDrop, ...significance(v, fail) }
  else if (v['confidence'] !== undefined || v['inconclusive'] !== undefined) throw fail('--confidence and --inconclusive go with --significant-drop')
  if (maxP95 !== null) gates.maxP95LatencyIncrease = maxP95
  if (maxCost !== null) gates.maxCostIncrease = maxCost
  return gates
}

/** --confidence (default 0.95, strictly between 0 and 1) and --inconclusive warn|fail (default warn) of --significant-drop. */
function significance(v: Record<string, string | boolean | undefined>, fail: (message: string) => Error): { confidence: number; inconclusive: 'warn' | 'fail' } {
  const confidence = v['confidence'] === undefined ? 0.95 : fraction(v['confidence'], '--confidence', 1, fail)
  if (confidence === null || confidence <= 0 || confidence >= 1) throw fail(`--confidence ${String(v['confidence'])}: expected a confidence strictly between 0 and 1 (0.95) or a percentage (95%)`)
  const inconclusive = v['inconclusive'] ?? 'warn'
  if (inconclusive !== 'warn' && inconclusive !== 'fail') throw fail(`--inconclusive ${String(inconclusive)}: expected warn or fail`)
  return { confidence, inconclusive }
}

/** `0.9` or `90%`, between 0 and `max`. */
function fraction(value: string | boolean | undefined, flag: string, max: number, fail: (message: string) => Error): number | null {
  if (value === undefined || typeof value === 'boolean') return null
  const text = value.trim()
  const percent = text.endsWith('%')
  const n = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1)
  if (text === '' || text === '%' || !Number.isFinite(n) || n < 0 || n > max) {
    const range = max === 1 ? 'a fraction from 0 to 1 (0.9) or a percentage (90%)' : 'a fraction of 0 or more (0.2 = +20%) or a percentage (20%)'
    throw fail(`${flag} ${value}: expected ${range}`)
  }
  return n
}

function nonEmpty(value: string | boolean | undefined, flag: string, fail: (message: string) => Error): string | null {
  if (value === undefined || typeof value === 'boolean') return null
  if (value === '') throw fail(`${flag} needs a value`)
  return value
}
