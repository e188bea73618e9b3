import type { CaseStatus } from '../../record/schema.ts'

/** The gates `llmBench({ gates })` knows. */
export type GateName = 'minPassRate' | 'maxPassRateDrop' | 'noNewFailures' | 'maxP95LatencyIncrease' | 'maxCostIncrease'

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
  passRate: { before: number | null; after: number | null }
  newlyFailing: CaseChange[]
  newlyPassing: CaseChange[]
  /** Same pass/fail, mean score moved by at least 0.05. */
  scoreChanges: CaseChange[]
  /** In this run, not in the baseline. */
  newCases: CaseChange[]
  /** In the baseline, not run now (counted, never a failure by itself). */
  missingCases: Array<{ dataset: string; caseId: string; provider: string }>
}

export interface GateResult {
  gate: GateName
  /** Set for the per-provider gates (latency, cost). */
  provider?: string
  passed: boolean
  /** Why the gate was not checked (no baseline, only replayed cases...); passed is true then. */
  skipped?: string
  /** The configured limit. */
  limit: number | boolean
  /** The measured value the limit was held against; null when skipped. */
  actual: number | null
  /** One line a person can act on. */
  message: string
  /** The cases behind a failure (newly failing ones), as `dataset › case › provider`. */
  cases?: string[]
}

/** The `gates` section of results.json. */
export interface GateReport {
  baseline: BaselineComparison | null
  /** Why there is no comparison (no baseline file...), else null. */
  baselineNote: string | null
  gates: GateResult[]
  /** Every gate passed (or none configured). */
  passed: boolean
}
