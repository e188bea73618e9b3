import type { CaseStatus } from '../../record/schema.ts'
import type { PairedVerdict } from '../intervals/paired-schema.ts'

/** The gates `llmBench({ gates })` knows. */
export type GateName = 'minPassRate' | 'maxPassRateDrop' | 'passRate.maxDrop' | 'passRate.minPassRate' | 'noNewFailures' | 'maxP95LatencyIncrease' | 'maxCostIncrease' | 'maxClientLagMs' | 'minGoodput' | 'maxP95TtftMs'

/** One case (dataset, case id, provider) whose result differs from the baseline. */
export interface CaseChange {
  dataset: string
  caseId: string
  provider: string
  /** The dataset's prompt variant (`variants:`); absent without variants. Two variants of a case are two changes. */
  variant?: string
  /** null: the case is not in the baseline. */
  before: CaseStatus | null
  after: CaseStatus
  /** Mean evaluation score, 0..1; null when there is none. */
  scoreBefore: number | null
  scoreAfter: number | null
  /** In the majority lists: passes of trials (repeats or samples) on the baseline (null: not known) and now. */
  passesBefore?: number | null
  trialsBefore?: number | null
  passesAfter?: number
  trialsAfter?: number
}

/**
 * The change in pass rate against the baseline, with what an interval at any
 * confidence needs: each case counts once, with its pass fraction over its
 * repeats (or samples), and the standard error is clustered by case.
 */
export interface PassRateChange {
  /** null: over every dataset and provider. */
  dataset: string | null
  provider: string | null
  /** Paired on the cases both runs ran (the baseline has per-case tallies); unpaired (two independent rates) otherwise. */
  paired: boolean
  /** Paired: the cases both runs ran; unpaired: the cases this run ran. */
  cases: number
  /** The cases the baseline ran (paired: the same as `cases`). */
  casesBefore: number
  /** The most trials (repeats or samples) a case had now: 1 without repeats. */
  trials: number
  /** Mean over those cases of each case's pass fraction: on the baseline and now. */
  before: number
  after: number
  /** after − before, and its standard error. */
  change: number
  standardError: number
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
  missingCases: Array<{ dataset: string; caseId: string; provider: string; variant?: string }>
  /**
   * With repeats (a case with more than one trial on either side): the cases that fail in a
   * majority of their repeats now and passed in a majority on the baseline, and the reverse
   * (what `noNewFailures: { majority: true }` holds). Absent without repeats (then the same as
   * newlyFailing and newlyPassing).
   */
  majority?: { newlyFailing: CaseChange[]; newlyPassing: CaseChange[] }
  /** The pass-rate change overall (first), then per dataset × provider: what `gates.passRate` tests. */
  passRateChanges?: PassRateChange[]
  /** Per dataset × provider: paired change in pass rate, McNemar mid-p, paired score bootstrap and the verdict (src/report/intervals/paired-verdicts.ts; summary.md shows them). */
  paired?: PairedVerdict[]
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
  /** Set for the per-dataset × provider results of the passRate gates. */
  dataset?: string
  /** Set for the per-provider gates (latency, cost, load) and the per-dataset × provider ones. */
  provider?: string
  /** Set for the load gates: the measurement's label (`concurrency=4`). */
  load?: string
  passed: boolean
  /** Passed, but not shown either: an inconclusive significance-aware gate set to `inconclusive: 'warn'`. */
  warning?: boolean
  /** noNewFailures counted by the majority rule over repeats (comparison.majority): the reports list those cases as newly failing. */
  majority?: true
  /**
   * The significance-aware gates: the interval the decision was made on (passRate.maxDrop: the
   * change after − before; passRate.minPassRate: the pass rate), its two-sided p-value against
   * no change (maxDrop), and whether it was paired on the same cases.
   */
  interval?: { estimate: number; lower: number; upper: number; confidence: number; pValue?: number; paired?: boolean; cases: number }
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
