import type { CaseRecord } from '../record/schema.ts'
import { IndexColumns } from './index-columns.ts'
import { runFigures } from './run-figures.ts'

/** What the history index keeps of one record: the group it belongs to, its outcome and its numbers. */
export interface IndexCase {
  dataset: string
  caseId: string
  provider: string
  model: string
  category: string | null
  /** The dataset's prompt variant; null without variants. */
  variant: string | null
  status: CaseRecord['status']
  e2eMs: number | null
  ttftMs: number | null
  inputTokens: number
  outputTokens: number
  cost: number | null
}

/** The index's view of a record (works on whole and slimmed records alike: it reads no text). */
export function indexCaseOf(
  r: Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'model' | 'category' | 'status' | 'cost'> & {
    variant?: string | undefined
    timings: { e2eMs: number; ttftMs: number | null } | null
    usage: { inputTokens: number | null; outputTokens: number | null }
  },
): IndexCase {
  return {
    dataset: r.dataset,
    caseId: r.caseId,
    provider: r.provider,
    model: r.model,
    category: r.category,
    variant: r.variant ?? null,
    status: r.status,
    e2eMs: r.timings?.e2eMs ?? null,
    ttftMs: r.timings?.ttftMs ?? null,
    inputTokens: r.usage.inputTokens ?? 0,
    outputTokens: r.usage.outputTokens ?? 0,
    cost: r.cost,
  }
}

/** The numbers the index holds for a run and for each of its groups. */
export interface Figures {
  /** Distinct cases (dataset, case id, provider, variant). */
  cases: number
  samples: number
  passed: number
  failed: number
  errored: number
  timedOut: number
  skipped: number
  /** passed / (samples − skipped); null when nothing ran. */
  passRate: number | null
  /** 95% interval of the pass rate: Wilson with one sample per case, clustered by case with repeats; null when nothing ran. */
  passRateLower: number | null
  passRateUpper: number | null
  intervalMethod: 'wilson' | 'clustered' | null
  e2eP50: number | null
  e2eP95: number | null
  ttftP50: number | null
  ttftP95: number | null
  inputTokens: number
  outputTokens: number
  /** USD over the records with a known cost (`costKnown` of them); `costUnknown` ran without a price. */
  cost: number
  costKnown: number
  costUnknown: number
}

/** One case's outcome in a group: passing samples over the samples that ran (skipped ones left out), and how many errored or timed out. */
export interface CaseOutcome {
  caseId: string
  passes: number
  trials: number
  errors: number
}

/** The figures of a set of records (in any order: the same set gives the same figures). */
export function figuresOf(cases: Iterable<IndexCase>): Figures {
  return runFigures(IndexColumns.from(cases)).run
}
