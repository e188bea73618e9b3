import path from 'node:path'
import { stringify } from 'yaml'
import { DatasetSchema, type DatasetFile, type DatasetTestCase } from '../schema.ts'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import { Deduplicator, inputText, type DedupMode } from './dedup.ts'
import type { LogEntry } from './entry.ts'
import { readLogs, type LineProblem } from './read-logs.ts'
import { createRedactor, redactEntry } from './redact.ts'
import { feedbackWeight, hasLabels, sampleItems, stratumOf, type Strategy } from './sample.ts'

export type ExpectedMode = 'none' | 'output' | 'reference'

export interface FromLogsOptions {
  files: readonly string[]
  out: string
  strategy: Strategy
  /** Dotted path for `stratified` (default `metadata.category`). */
  by: string
  /** null: every usable line. */
  count: number | null
  seed: number
  /** Epoch ms: lines before it (or without a timestamp) are left out; null: no limit. */
  since: number | null
  requireLabels: boolean
  expected: ExpectedMode
  dedup: DedupMode
  nearThreshold: number
  /** User patterns to redact (besides e-mail, phone, keys). */
  redact: readonly RegExp[]
  /** The dataset's name; default: the out file's name without `.dataset.yaml`. */
  name?: string | undefined
  /** Paths in `origin.file` are relative to it (default the current directory). */
  baseDir?: string | undefined
}

export interface FromLogsResult {
  dataset: DatasetFile
  /** The YAML text written (joined on first use: a large dataset is written piece by piece instead). */
  readonly text: string
  /** The YAML text in pieces: the header, then one piece per case. */
  pieces: () => Iterable<string>
  lines: number
  problems: LineProblem[]
  formats: Record<string, number>
  filtered: number
  duplicates: { exact: number; near: number }
  /** Unique usable entries sampling chose from. */
  available: number
  cases: number
  /** `--count` asked for more than were available. */
  short: boolean
}

/** No usable line remained (every one was bad, filtered or a duplicate). */
export class NothingUsableError extends Error {
  override name = 'NothingUsableError'
  readonly problems: LineProblem[]

  constructor(message: string, problems: LineProblem[]) {
    super(message)
    this.problems = problems
  }
}

/** What the first pass keeps of a usable line: where it is, and what sampling needs (never its text). */
interface LineKey {
  file: string
  line: number
  stratum: string
  weight: number
}

/**
 * Reads the logs, filters, deduplicates, samples, redacts and builds the
 * dataset (not written), in two streaming passes: the first keeps, per usable
 * line, only its place, stratum and weight (deduplication holds hashes); the
 * second reads again just the chosen lines, redacts them and builds the cases.
 * So memory grows with the number of lines, not with their text.
 */
export async function buildFromLogs(options: FromLogsOptions): Promise<FromLogsResult> {
  const dedup = new Deduplicator(options.dedup, options.nearThreshold)
  const keys: LineKey[] = []
  const read = await readLogs(options.files, {
    keep: (entry) => (options.since === null || (entry.time !== null && entry.time >= options.since)) && (!options.requireLabels || hasLabels(entry)),
    visit: (entry) => {
      if (dedup.add(inputText(entry)) === 'kept') keys.push({ file: entry.file, line: entry.line, stratum: stratumOf(entry, options.by), weight: feedbackWeight(entry) })
    },
  })
  if (keys.length === 0) {
    throw new NothingUsableError(`no usable log line: ${read.lines} read, ${read.problems.length} bad, ${read.filtered} filtered out${options.since === null ? '' : ' (--since)'}${options.requireLabels ? ' (--require-labels)' : ''}${dedup.exact + dedup.near > 0 ? `, ${dedup.exact + dedup.near} duplicates` : ''}`, read.problems)
  }
  const picked = sampleItems(keys, { strategy: options.strategy, count: options.count, seed: options.seed, by: options.by }, { stratum: (key) => key.stratum, weight: (key) => key.weight })
  const wanted = new Map<string, Set<number>>()
  for (const key of picked) {
    const lines = wanted.get(key.file)
    if (lines === undefined) wanted.set(key.file, new Set([key.line]))
    else lines.add(key.line)
  }
  const redact = createRedactor(options.redact)
  const chosen = (await readLogs([...wanted.keys()], { only: (file, line) => wanted.get(file)?.has(line) === true, map: (entry) => redactEntry(entry, redact) })).entries
  const unique = { entries: keys, exact: dedup.exact, near: dedup.near }
  const baseDir = options.baseDir ?? process.cwd()
  const ids = fileIds(options.files)
  const testCases = chosen.map((entry) => toCase(entry, options.expected, ids.get(entry.file) ?? 'log', relativePath(baseDir, entry.file)))
  const dataset = DatasetSchema.parse({
    name: options.name ?? datasetName(options.out),
    description: `Built by llm-test-bench dataset from-logs: ${testCases.length} of ${unique.entries.length} unique production lines (${options.strategy} sampling, seed ${options.seed}).`,
    metadata: {
      from_logs: {
        files: options.files.map((file) => relativePath(baseDir, file)),
        strategy: options.strategy,
        ...(options.strategy === 'stratified' ? { by: options.by } : {}),
        seed: options.seed,
        expected: options.expected,
        dedup: options.dedup,
        lines: read.lines,
        bad_lines: read.problems.length,
        filtered: read.filtered,
        duplicates: unique.exact + unique.near,
      },
    },
    test_cases: testCases,
  })
  return {
    dataset,
    get text() {
      return [...yamlPieces(dataset)].join('')
    },
    pieces: () => yamlPieces(dataset),
    lines: read.lines,
    problems: read.problems,
    formats: read.formats,
    filtered: read.filtered,
    duplicates: { exact: unique.exact, near: unique.near },
    available: unique.entries.length,
    cases: testCases.length,
    short: options.count !== null && options.count > unique.entries.length,
  }
}

/** Builds and writes the dataset atomically. */
export async function writeFromLogs(options: FromLogsOptions): Promise<FromLogsResult> {
  const result = await buildFromLogs(options)
  writeFileAtomic(options.out, (write) => {
    for (const piece of result.pieces()) write(piece)
  })
  return result
}

/**
 * The dataset as YAML, one case at a time (a document of every case at once
 * takes about 10 times the memory): the header fields, then `test_cases:` and
 * each case as a one-item list indented under it.
 */
function* yamlPieces(dataset: DatasetFile): Generator<string> {
  const { test_cases: cases = [], ...header } = dataset
  yield stringify(header, { lineWidth: 0 })
  yield 'test_cases:\n'
  for (const testCase of cases) {
    yield stringify([testCase], { lineWidth: 0 })
      .split('\n')
      .map((line) => (line === '' ? line : `  ${line}`))
      .join('\n')
  }
}

/** `\{{` for every `{{`: production text is not a template. */
function literal(text: string): string {
  return text.replaceAll('{{', '\\{{')
}

function toCase(entry: LogEntry, expected: ExpectedMode, fileId: string, file: string): DatasetTestCase {
  const category = entry.metadata?.['category']
  const origin = { file, line: entry.line, format: entry.format, ...(entry.id === undefined ? {} : { id: entry.id }), ...(entry.timestamp === undefined ? {} : { timestamp: entry.timestamp }) }
  const output = entry.output !== undefined && entry.output !== '' ? entry.output : undefined
  return {
    id: `${fileId}-${entry.line}`,
    ...(typeof category === 'string' && category !== '' ? { category } : {}),
    ...(entry.prompt !== undefined ? { prompt: literal(entry.prompt) } : { messages: (entry.messages ?? []).map((message) => ({ role: message.role, content: literal(message.content) })) }),
    ...(output !== undefined && expected === 'output' ? { expected: output } : {}),
    ...(output !== undefined && expected === 'reference' ? { references: [output] } : {}),
    metadata: { ...entry.metadata, ...(entry.feedback === undefined ? {} : { feedback: entry.feedback }), origin },
  }
}

/** A case-id prefix per file: its name without extensions; files with the same name get `-2`, `-3`, ... */
function fileIds(files: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>()
  const used = new Map<string, number>()
  for (const file of files) {
    if (ids.has(file)) continue
    const base = path.basename(file).replace(/\..*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'log'
    const n = (used.get(base) ?? 0) + 1
    used.set(base, n)
    ids.set(file, n === 1 ? base : `${base}-${n}`)
  }
  return ids
}

function datasetName(out: string): string {
  const name = path.basename(out).replace(/\.dataset\.(ya?ml|json)$/i, '').replace(/\.(ya?ml|json)$/i, '')
  return name.replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-') || 'production'
}

function relativePath(baseDir: string, file: string): string {
  return path.relative(baseDir, path.resolve(baseDir, file)).split(path.sep).join('/')
}
