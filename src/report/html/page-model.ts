import type { Distribution } from '../../metrics/percentile.ts'
import type { SystemReport } from '../../metrics/system/types.ts'
import type { BaselineComparison, GateResult } from '../gates/types.ts'
import type { DatasetFailure, JudgeStats, RunResults, Stats } from '../results-schema.ts'
import type { LoadReport } from '../load/schema.ts'
import type { ColumnComparison } from '../matrix/compare.ts'
import type { ParetoPoint } from '../matrix/pareto.ts'

/**
 * What `report.html` embeds as JSON and its script draws: the run's
 * `RunResults` made compact for a page that must stay light with 10,000
 * cases (repeated names interned, nulls and defaults left out, ITL lists
 * summarized, sampled timelines thinned). Every string in it is untrusted
 * and is only ever shown as text.
 */
export interface PageData {
  /** Bumped when the shape changes. */
  version: 1
  run: { runId: string; project: string; mode: string; reason: string; startedAt: string; endedAt: string }
  summary: RunResults['summary']
  providers: PageBreakdown[]
  /** By model, when it groups differently from by provider (a model served by several providers); else empty. */
  models: PageBreakdown[]
  datasets: PageBreakdown[]
  categories: PageBreakdown[]
  /** Pass rate of each dataset on each provider. */
  matrix: MatrixCell[]
  datasetFailures: DatasetFailure[]
  /** Judge usage, counted apart from the models under test; null when no evaluation called a judge. */
  judge: PageJudge | null
  system: PageSystem | null
  /** The client's health line (event-loop delay while requests were in flight); absent when not measured. */
  clientHealth?: { line: string; clientBound: boolean }
  gates: PageGates | null
  /** Bench load profiles: results.json's `load` section as is (a row per provider × measurement); absent outside load profiles. */
  load?: LoadReport
  /** Interned names: datasets, providers, models, categories, evaluator names, error classes. */
  strings: string[]
  /** Every case; empty when `caseIndex` is there (a large run: the cases are in files beside the page). */
  cases: PageCase[]
  /** A large run: one compact row per case for the table, the whole cases in chunk files (see html/lazy-cases.ts). */
  caseIndex?: CaseIndex
  /** Bench mode: one entry per case that ran several samples. */
  spreads: CaseSpread[]
  /** More than one column (variant × provider): each column's pass rate with its interval and paired verdict against the first (see report/matrix). */
  comparison?: ColumnComparison[]
  /** The cost / quality / latency chart's points, one per column, the Pareto front marked. */
  pareto?: ParetoPoint[]
}

/**
 * A large run's cases: a row per case with what the table shows, filters and
 * sorts by, in results.json's order; the whole cases in `<dir>/0001.js`,
 * `0002.js`... (`chunkSize` cases each), loaded by the page when a case is
 * opened or the text filter needs prompts and outputs.
 */
export interface CaseIndex {
  dir: string
  chunkSize: number
  chunks: number
  rows: CaseIndexRow[]
}

/** datasetIx, caseId, categoryIx, providerIx, modelIx, status, score, output tokens, cost, has an output (1/0), TTFT, E2E (null: no timings), sample, variantIx (-1: none), the output's fingerprint (outputFingerprint; null: no output). */
export type CaseIndexRow = [number, string, number, number, number, PageCase['status'], number | null, number | null, number | null, 0 | 1, number | null, number | null, number | null, number, number | null]

export interface PageBreakdown {
  /** What the page calls it: provider, model, dataset or category. */
  label: string
  /** The model(s) of a provider, or the providers of a model. */
  detail?: string
  stats: Stats
}

export interface MatrixCell {
  dataset: string
  provider: string
  passRate: number | null
  passed: number
  /** Passed, failed, errored and timed out (skipped left out, as in the pass rate). */
  ran: number
}

/** One case record; numbers named `...Ix` index `PageData.strings`. */
export interface PageCase {
  datasetIx: number
  caseId: string
  /** -1: none. */
  categoryIx: number
  providerIx: number
  modelIx: number
  status: 'passed' | 'failed' | 'error' | 'timeout' | 'skipped'
  prompt: string
  output: string | null
  finishReason?: string
  error?: { classIx: number; message: string }
  usage: { input: number | null; output: number | null; cacheRead?: number | null; cacheWrite?: number | null; source: string }
  /** USD; null: unknown price (never 0). */
  cost: number | null
  costNote?: string
  timings?: PageTimings
  serverTimings?: Record<string, number>
  attempts: number
  retries: number
  /** Why each failed attempt failed (the record's `attemptErrors`); absent when none failed. */
  attemptErrors?: PageAttemptError[]
  /** Model calls the case made from code (the record's `calls`); absent when none. */
  calls?: PageModelCall[]
  cached?: true
  replayed?: true
  resumed?: true
  /** Mean evaluation score, null with no evaluation. */
  score: number | null
  /** [name index, pass, score, threshold, reason] */
  evaluations: Array<[number, boolean, number, number, string]>
  judge?: JudgeUse
  sample?: number
  /** Epoch milliseconds. */
  startedAt: number
  endedAt: number
  requestHash: string
  /** Index into `PageData.spreads`. */
  spreadIx?: number
  /** The dataset's prompt variant (`variants:`), interned; absent without variants. */
  variantIx?: number
  /** The case's expected answer, references and variables, from its dataset file; absent when it has none or the file could not be read. */
  context?: PageCaseContext
}

/** What the side-by-side view shows beside a case's outputs (redacted like every text). */
export interface PageCaseContext {
  expected?: string
  references?: string[]
  /** [name, value as text] */
  vars?: Array<[string, string]>
}

/** One model call a case made from code: provider and model interned in `PageData.strings`. */
export interface PageModelCall {
  providerIx: number
  modelIx: number
  input: number | null
  output: number | null
  /** USD; null: unknown price. */
  cost: number | null
  e2eMs: number | null
  cached: boolean
  /** Why it failed; absent when it answered. */
  error?: string
}

/** One failed attempt of a case: its class is interned in `PageData.strings`. */
export interface PageAttemptError {
  attempt: number
  classIx: number
  message: string
  status?: number
  backoffMs?: number
}

export interface PageTimings {
  queueMs: number
  ttftMs: number | null
  e2eMs: number
  tpotMs: number | null
  streamed: boolean
  /** The case's inter-token gaps summarized; null when there are none. */
  itl: { count: number; p50: number | null; p95: number | null; max: number | null } | null
}

/** A judge's usage on one case (summed over its judged evaluations). */
export interface JudgeUse {
  calls: number
  input: number | null
  output: number | null
  cost: number | null
}

/** The run's judge usage (`summary.judge`) and which judges it was. */
export interface PageJudge extends JudgeStats {
  /** `provider:model` of every judge seen in the evaluations' details. */
  judges: string[]
}

/** Bench mode: how one case's samples on one provider spread (`caseSpread` of the results). */
export interface CaseSpread {
  samples: number
  passed: number
  e2eMs: Distribution
  ttftMs: Distribution
  /** Coefficient of variation of E2E; null under 2 timed samples. */
  e2eCv: number | null
}

/** The gate report with each gate's numbers written in its own unit, as the terminal and Markdown reports write them. */
export interface PageGates {
  baseline: BaselineComparison | null
  baselineNote: string | null
  passed: boolean
  gates: Array<GateResult & { limitText: string; actualText: string; valuesText: string | null }>
}

/** The system report with its timeline thinned to a drawable size. */
export interface PageSystem extends Omit<SystemReport, 'samples'> {
  /** Epoch ms that the timeline's seconds count from. */
  t0: number
  gpuSeries: GpuSeries[]
  hostSeries: HostSeries[]
}

export interface GpuSeries {
  host: string
  gpu: number
  name: string
  memoryTotalMiB: number | null
  /** Seconds since t0. */
  t: number[]
  utilizationPct: Array<number | null>
  memoryUsedMiB: Array<number | null>
}

export interface HostSeries {
  host: string
  t: number[]
  cpuPct: Array<number | null>
  memoryUsedGiB: Array<number | null>
}
