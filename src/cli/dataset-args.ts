import { parseArgs } from 'node:util'
import type { DedupMode } from '../dataset/from-logs/dedup.ts'
import { DEFAULT_NEAR_THRESHOLD } from '../dataset/from-logs/dedup.ts'
import type { ExpectedMode } from '../dataset/from-logs/build.ts'
import { STRATEGIES, type Strategy } from '../dataset/from-logs/sample.ts'

/** `llm-test-bench dataset from-logs <files...> --out FILE [options]` */
export interface DatasetArgs {
  command: 'dataset'
  /** null: `llm-test-bench dataset` alone or with --help. */
  action: 'from-logs' | null
  files: string[]
  out: string
  strategy: Strategy
  by: string
  count: number | null
  seed: number
  /** As given (`30d`, an ISO date); parsed by the command. */
  since: string | null
  requireLabels: boolean
  expected: ExpectedMode
  dedup: DedupMode
  nearThreshold: number
  redact: RegExp[]
  name: string | null
  help: boolean
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  strategy: { type: 'string' },
  by: { type: 'string' },
  count: { type: 'string' },
  seed: { type: 'string' },
  since: { type: 'string' },
  'require-labels': { type: 'boolean' },
  expected: { type: 'string' },
  dedup: { type: 'string' },
  'near-threshold': { type: 'string' },
  redact: { type: 'string', multiple: true },
  name: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export function parseDatasetArgs(args: readonly string[], usage: (message: string) => Error): DatasetArgs {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: true })
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  const [action, ...files] = positionals
  const help = values.help === true
  if (action !== undefined && action !== 'from-logs') throw usage(`unknown dataset action "${action}"; expected from-logs`)
  const base = { command: 'dataset' as const, action: action === undefined ? null : ('from-logs' as const), files, help }
  if (action === undefined || help) return { ...base, out: '', strategy: 'random', by: 'metadata.category', count: null, seed: 1, since: null, requireLabels: false, expected: 'none', dedup: 'near', nearThreshold: DEFAULT_NEAR_THRESHOLD, redact: [], name: null }
  if (files.length === 0) throw usage('dataset from-logs needs at least one log file')
  if (values.out === undefined || values.out === '') throw usage('dataset from-logs needs --out FILE (e.g. datasets/prod.dataset.yaml)')
  return {
    ...base,
    out: values.out,
    strategy: oneOf('--strategy', values.strategy ?? 'random', STRATEGIES, usage),
    by: values.by ?? 'metadata.category',
    count: values.count === undefined ? null : integer('--count', values.count, 1, usage),
    seed: values.seed === undefined ? 1 : integer('--seed', values.seed, 0, usage),
    since: values.since ?? null,
    requireLabels: values['require-labels'] === true,
    expected: oneOf('--expected', values.expected ?? 'none', ['none', 'output', 'reference'] as const, usage),
    dedup: oneOf('--dedup', values.dedup ?? 'near', ['none', 'exact', 'near'] as const, usage),
    nearThreshold: threshold(values['near-threshold'], usage),
    redact: (values.redact ?? []).map((pattern) => regex(pattern, usage)),
    name: values.name ?? null,
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[], usage: (message: string) => Error): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw usage(`${flag} must be one of ${allowed.join(', ')}; found "${value}"`)
}

function integer(flag: string, value: string, min: number, usage: (message: string) => Error): number {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) throw usage(`${flag} must be a whole number of at least ${min}; found "${value}"`)
  return Number(value)
}

function threshold(value: string | undefined, usage: (message: string) => Error): number {
  if (value === undefined) return DEFAULT_NEAR_THRESHOLD
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw usage(`--near-threshold must be a number in (0, 1]; found "${value}"`)
  return n
}

function regex(pattern: string, usage: (message: string) => Error): RegExp {
  try {
    return new RegExp(pattern, 'g')
  } catch (error) {
    throw usage(`--redact "${pattern}" is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`)
  }
}
