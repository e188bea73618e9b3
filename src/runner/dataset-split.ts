/**
 * Splitting one dataset file's cases over several Vitest workers. Vitest runs
 * one test module in one worker; a dataset split into N parts is N test
 * modules, `<file>?llm-part=<k>-of-<n>` (k from 1), each registering one
 * contiguous slice of the file's cases. Everything downstream (records,
 * recordings, report) sees the original file: only the test module differs.
 */

/** One part of a split dataset file: `index` from 1 to `count`. */
export interface DatasetPart {
  index: number
  count: number
}

/** The `split` option: `'auto'`, a number of parts, or false (never). */
export type SplitSetting = 'auto' | number | false

const PART_QUERY = /\?llm-part=(\d+)-of-(\d+)$/

/** The test module id of one part of a dataset file. */
export function partModuleId(file: string, part: DatasetPart): string {
  return `${file}?llm-part=${part.index}-of-${part.count}`
}

/** The dataset file a test module runs, and its part (null: the whole file). */
export function datasetPartOf(moduleId: string): { file: string; part: DatasetPart | null } {
  const match = PART_QUERY.exec(moduleId)
  if (!match) return { file: moduleId, part: null }
  const index = Number(match[1])
  const count = Number(match[2])
  if (!(index >= 1 && index <= count)) return { file: moduleId, part: null }
  return { file: moduleId.slice(0, match.index), part: { index, count } }
}

/** The dataset file of a test module id (the id itself unless it is a part's). */
export function datasetFileOf(moduleId: string): string {
  return datasetPartOf(moduleId).file
}

/** The case indexes `[start, end)` of a part: contiguous slices, sizes differing by at most one. */
export function partRange(cases: number, part: DatasetPart): { start: number; end: number } {
  return { start: Math.floor(((part.index - 1) * cases) / part.count), end: Math.floor((part.index * cases) / part.count) }
}

/**
 * Which case indexes a part holds (every index for a whole file), or null
 * when its slice is empty (more parts than cases).
 */
export function partCases(cases: number, part: DatasetPart | null): ((index: number) => boolean) | null {
  if (!part) return () => true
  const { start, end } = partRange(cases, part)
  if (start === end) return null
  return (index) => index >= start && index < end
}

/** The title of the skipped suite an empty part registers (a test module must hold a suite): `<name> (part k of n: <reason>)`. */
export function emptyPartTitle(name: string, part: DatasetPart, reason: string): string {
  return `${name} (part ${part.index} of ${part.count}: ${reason})`
}

/**
 * `split: 'auto'` splits a file when one event loop would be the bottleneck:
 * at least MIN_TESTS tests (cases × providers) and providers that allow at
 * least MIN_CONCURRENCY requests at once. It then makes
 * min(workers, floor(tests / TESTS_PER_PART)) parts.
 *
 * It also splits a file of more than MAX_TESTS_PER_PART tests into parts of
 * at most that many, whatever the workers: Vitest keeps every test of a
 * module (its task, context and result) until the module ends, so a worker's
 * memory grows with the largest module it runs (measured at 20,000 cases in
 * one file: 690 MB peak as one module, 434 MB as 4 parts, 386 MB as 10); parts
 * run one after another in the same worker when there is one.
 */
export const AUTO_SPLIT = { MIN_TESTS: 1000, MIN_CONCURRENCY: 32, TESTS_PER_PART: 500, MAX_TESTS_PER_PART: 5000 } as const

export interface SplitInput {
  setting: SplitSetting
  /** Estimated tests of the file (cases × providers); null when the file could not be read. */
  tests: number | null
  /** Requests the providers allow at once, summed. */
  concurrency: number
  /** The project's Vitest workers (`maxWorkers`). */
  workers: number
}

/** How many parts a dataset file runs as (1: not split). */
export function partCount(input: SplitInput): number {
  const { setting, tests, concurrency, workers } = input
  if (setting === false) return 1
  if (typeof setting === 'number') return Math.max(1, Math.floor(setting))
  if (tests === null) return 1
  // a bounded module: a worker's memory follows its largest module's tests
  const bySize = Math.ceil(tests / AUTO_SPLIT.MAX_TESTS_PER_PART)
  if (tests < AUTO_SPLIT.MIN_TESTS || concurrency < AUTO_SPLIT.MIN_CONCURRENCY) return Math.max(1, bySize)
  return Math.max(1, bySize, Math.min(workers, Math.floor(tests / AUTO_SPLIT.TESTS_PER_PART)))
}
