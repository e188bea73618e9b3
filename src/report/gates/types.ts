import type { CaseStatus } from '../../record/schema.ts'

/** The gates `llmBench({ gates })` knows. */
export type GateName = 'minPassRate' | 'maxPassRateDrop' | 'noNewFailures' | 'maxP95LatencyIncrease' | 'maxCostIncrease' | 'maxClientLagMs' | 'minGoodput' | 'maxP95TtftMs'

/** One case (dataset, case id, provider) whose result differs from the baseline. */
export interface CaseChange {
  dataset: string
  caseId: string
  provider: string
  /** null: the case is not in the baseline. */
  before: CaseStatus | null
  after: CaseStatus
  /** Mean evaluation score, 0..1; null when there is none. */
  scoreBefore: number | null
  scoreAfter: number | null
}

/** A run compared with a baseline file. */
export interface BaselineComparison {
  /** As given in the options, relative to the root. */
  baselineFile: string
  baselineRunId: string
  /** When the baseline file was written (ISO 8601). */
  baselineCreatedAt?: string
  /** The mode of the baseline's run: run, watch or bench (bench totals and latencies are not comparable with a run's). */
  baselineMode?: string
  /**
   * Pass rate per case (a case passes when its last attempt passed; in bench mode when all of
   * its samples passed), skipped cases left out.
   */
  passRate: { before: number | null; after: number | null }
  /** Cases that ran (not skipped) in the baseline and now. */
  cases?: { before: number; after: number }
  newlyFailing: CaseChange[]
  newlyPassing: CaseChange[]
  /** Same pass/fail, mean score moved by at least 0.05. */
  scoreChanges: CaseChange[]
  /** In this run, not in the baseline. */
  newCases: CaseChange[]
  /** In the baseline, not run now (counted, never a failure by itself). */
  missingCases: Array<{ dataset: string; caseId: string; provider: string }>
  /** Per provider of either side, sorted: what the latency and cost gates compare. */
  providers?: ProviderComparison[]
}

/** One provider's numbers on the baseline and now; null on the side where it did not run. */
export interface ProviderComparison {
  provider: string
  before: ProviderNumbers | null
  after: ProviderNumbers | null
}

/** Latency and cost count only records that called the provider (replayed ones carry recorded timings and cost 0). */
export interface ProviderNumbers {
  /** Cases that ran (not skipped). */
  cases: number
  passRate: number | null
  /** Records that called the provider (not replayed, not skipped). */
  measured: number
  /** Records answered from recordings. */
  replayed: number
  /** E2E p95 in ms over the measured records; null without any. */
  e2eP95Ms: number | null
  /** USD over the measured records with a price; null when none has one. */
  cost: number | null
  /** Measured records with an output and no price (not in `cost`). */
  costUnknown: number
}

export interface GateResult {
  gate: GateName
  /** Set for the per-provider gates (latency, cost, load). */
  provider?: string
  /** Set for the load gates: the measurement's label (`concurrency=4`). */
  load?: string
  passed: boolean
  /** Why the gate was not checked (no baseline, only replayed cases...); passed is true then. */
  skipped?: string
  /** The configured limit. */
  limit: number | boolean
  /**
   * The measured value the limit was held against: the pass rate (minPassRate), the drop in points
   * (maxPassRateDrop), the count of newly failing cases (noNewFailures), the relative rise, 0.25 = +25%
   * (latency, cost); null when skipped or when it could not be measured (an unreadable baseline).
   */
  actual: number | null
  /** What the comparison gates compared: the baseline's value and this run's (pass rate, E2E p95 ms, USD). */
  values?: { before: number | null; after: number | null }
  /** One line a person can act on; it does not repeat the gate and provider (show them beside it). */
  message: string
  /** The cases behind a failure (newly failing ones), as `dataset › case › provider`. */
  cases?: string[]
}

/** The `gates` section of results.json. */
export interface GateReport {
  baseline: BaselineComparison | null
  /** Why there is no comparison (no baseline file, an unreadable one, another project's...), else null. */
  baselineNote: string | null
  gates: GateResult[]
  /** Every gate passed (or none configured). */
  passed: boolean
}
