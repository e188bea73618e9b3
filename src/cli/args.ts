import { parseArgs } from 'node:util'
import { CACHE_MODES, type CacheMode } from '../providers/cache/mode.ts'
import { parseRunId } from '../runner/resume/run-folders.ts'
import { parseBaselineArgs, type BaselineArgs } from './baseline-args.ts'
import { parseFleetArgs, type FleetArgs } from './fleet-args.ts'
import { parseDatasetArgs, type DatasetArgs } from './dataset-args.ts'
import { parseCompareArgs, type CompareArgs } from './compare-args.ts'
import { parseHistoryArgs, type HistoryArgs } from './history-args.ts'
import { parseRecordingsArgs, type RecordingsArgs } from './recordings-args.ts'

export const VITEST_COMMANDS = ['run', 'watch', 'bench'] as const
export type VitestCommand = (typeof VITEST_COMMANDS)[number]

/** `llm-test-bench run|watch|bench ...`: our flags, and every other argument for Vitest, in order. */
export interface VitestCommandArgs {
  command: VitestCommand
  projects: string[]
  /** `latest` or a run id; null without `--resume`. */
  resume: string | null
  cache: CacheMode | null
  /** `--repeats N`: independent samples of each case (sets `LLM_BENCH_REPEATS`); null without it. */
  repeats: number | null
  help: boolean
  vitestArgs: string[]
}

/** `llm-test-bench runs ...` */
export interface RunsArgs {
  command: 'runs'
  /** Run-id names to list; null: every run. */
  projects: string[] | null
  outputDir: string
  json: boolean
  help: boolean
}

export type { BaselineArgs } from './baseline-args.ts'
export type { RecordingsArgs } from './recordings-args.ts'
export type { FleetArgs } from './fleet-args.ts'
export type { DatasetArgs } from './dataset-args.ts'
export type { CompareArgs } from './compare-args.ts'
export type { HistoryArgs } from './history-args.ts'

export type CliArgs = VitestCommandArgs | RunsArgs | BaselineArgs | RecordingsArgs | FleetArgs | DatasetArgs | CompareArgs | HistoryArgs | { command: 'help' } | { command: 'version' }

/** A command line that cannot be used; the message says why. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const DEFAULT_PROJECT = 'llm'

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' }
  if (command === '--version' || command === '-v') return { command: 'version' }
  if (command === 'runs') return parseRunsArgs(rest)
  if (command === 'baseline') return parseBaselineArgs(rest, (message) => new UsageError(message), DEFAULT_PROJECT)
  if (command === 'recordings') return parseRecordingsArgs(rest, (message) => new UsageError(message))
  if (command === 'fleet') return parseFleetArgs(rest, (message) => new UsageError(message))
  if (command === 'dataset') return parseDatasetArgs(rest, (message) => new UsageError(message))
  if (command === 'compare') return parseCompareArgs(rest, (message) => new UsageError(message))
  if (command === 'history') return parseHistoryArgs(rest, (message) => new UsageError(message))
  if (isVitestCommand(command)) return parseVitestCommandArgs(command, rest)
  throw new UsageError(`unknown command "${command}"; expected one of ${[...VITEST_COMMANDS, 'runs', 'baseline', 'recordings', 'fleet', 'dataset', 'compare', 'history'].join(', ')}`)
}

function isVitestCommand(command: string): command is VitestCommand {
  return (VITEST_COMMANDS as readonly string[]).includes(command)
}

const VITEST_COMMAND_OPTIONS = {
  project: { type: 'string', multiple: true },
  resume: { type: 'string' },
  cache: { type: 'string' },
  // ours, not Vitest's `--repeats` (which reruns a test and keeps one result): `-- --repeats N` reaches Vitest's
  repeats: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/**
 * Our flags are taken out; everything else (Vitest's own flags, filters,
 * anything after `--`) goes to Vitest unchanged and in order. `--resume` takes
 * an optional value: the next argument when it is `latest` or a run id.
 */
function parseVitestCommandArgs(command: VitestCommand, input: readonly string[]): VitestCommandArgs {
  const args = withResumeValue(input)
  const { values, tokens } = parseArgs({ args, options: VITEST_COMMAND_OPTIONS, strict: false, allowPositionals: true, tokens: true })
  const ours = new Set<number>()
  let afterTerminator = false
  for (const token of tokens) {
    if (token.kind === 'option-terminator') afterTerminator = true
    if (afterTerminator || token.kind !== 'option' || !(token.name in VITEST_COMMAND_OPTIONS)) continue
    ours.add(token.index)
    if (token.value !== undefined && !token.inlineValue) ours.add(token.index + 1)
  }
  return {
    command,
    projects: stringsOf(values.project, '--project') ?? [DEFAULT_PROJECT],
    resume: stringOf(values.resume, '--resume'),
    cache: cacheMode(stringOf(values.cache, '--cache')),
    repeats: repeatsCount(stringOf(values.repeats, '--repeats')),
    help: values.help === true,
    vitestArgs: args.filter((_, i) => !ours.has(i)),
  }
}

/** `--resume` alone means `--resume=latest`; `--resume <latest|run-id>` becomes `--resume=<value>`. */
function withResumeValue(args: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--') {
      out.push(...args.slice(i))
      break
    }
    if (arg !== '--resume') {
      out.push(arg)
      continue
    }
    const next = args[i + 1]
    if (next !== undefined && (next === 'latest' || parseRunId(next) !== null)) {
      out.push(`--resume=${next}`)
      i++
    } else out.push('--resume=latest')
  }
  return out
}

const RUNS_OPTIONS = {
  project: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  'output-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

function parseRunsArgs(args: readonly string[]): RunsArgs {
  let parsed
  try {
    parsed = parseArgs({ args: [...args], options: RUNS_OPTIONS, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values } = parsed
  return {
    command: 'runs',
    projects: values.all ? null : (values.project ?? [DEFAULT_PROJECT]),
    outputDir: values['output-dir'] ?? 'bench-results',
    json: values.json === true,
    help: values.help === true,
  }
}

function cacheMode(value: string | null): CacheMode | null {
  if (value === null) return null
  const mode = CACHE_MODES.find((m) => m === value)
  if (!mode) throw new UsageError(`--cache ${value}: expected one of ${CACHE_MODES.join(', ')}`)
  return mode
}

/** A string option of a lenient parse: given without a value, it is an error. */
function stringOf(value: string | boolean | undefined, flag: string): string | null {
  if (value === undefined) return null
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} needs a value`)
  return value
}

function stringsOf(values: (string | boolean)[] | undefined, flag: string): string[] | null {
  if (values === undefined) return null
  return values.map((v) => stringOf(v, flag) as string)
}

/** `--repeats N`: a positive whole number. */
function repeatsCount(value: string | null): number | null {
  if (value === null) return null
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n <= 0) throw new UsageError(`--repeats must be a positive whole number (the samples of each case), got ${JSON.stringify(value)}`)
  return n
}
