import { summarize } from '../metrics/percentile.ts'
import type { CaseRecord } from '../record/schema.ts'
import { clusteredPassRate } from '../report/stats/clustered.ts'
import { wilsonInterval } from '../report/stats/wilson.ts'

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

/** The case key inside a run (a case on one provider and variant). */
function caseKey(c: IndexCase): string {
  return `${c.dataset}\0${c.caseId}\0${c.provider}\0${c.variant ?? ''}`
}

/** Each case's outcome, sorted by case id (one per case id: the cases of one group). */
export function caseOutcomes(cases: readonly IndexCase[]): CaseOutcome[] {
  const byId = new Map<string, CaseOutcome>()
  for (const c of cases) {
    let o = byId.get(c.caseId)
    if (!o) byId.set(c.caseId, (o = { caseId: c.caseId, passes: 0, trials: 0, errors: 0 }))
    if (c.status === 'skipped') continue
    o.trials++
    if (c.status === 'passed') o.passes++
    if (c.status === 'error' || c.status === 'timeout') o.errors++
  }
  return [...byId.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
}

/** The figures of a set of records (in any order: the same set gives the same figures). */
export function figuresOf(cases: readonly IndexCase[]): Figures {
  let passed = 0
  let failed = 0
  let errored = 0
  let timedOut = 0
  let skipped = 0
  let inputTokens = 0
  let outputTokens = 0
  let costKnown = 0
  let costUnknown = 0
  const costs: number[] = []
  const e2e: number[] = []
  const ttft: number[] = []
  const tallies = new Map<string, { id: string; passes: number; trials: number }>()
  for (const c of cases) {
    // one key a record: a case counts once however many samples it has, a skipped one too
    const key = caseKey(c)
    let tally = tallies.get(key)
    if (!tally) tallies.set(key, (tally = { id: key, passes: 0, trials: 0 }))
    if (c.status === 'skipped') {
      skipped++
      continue
    }
    if (c.status === 'passed') passed++
    else if (c.status === 'failed') failed++
    else if (c.status === 'error') errored++
    else timedOut++
    tally.trials++
    if (c.status === 'passed') tally.passes++
    inputTokens += c.inputTokens
    outputTokens += c.outputTokens
    if (c.cost !== null) {
      costKnown++
      costs.push(c.cost)
    } else costUnknown++
    if (c.e2eMs !== null) e2e.push(c.e2eMs)
    if (c.ttftMs !== null) ttft.push(c.ttftMs)
  }
  const ran = cases.length - skipped
  // in key order: the interval's sums come out the same bits whatever order the records came in
  const ranCases = [...tallies.values()].filter((t) => t.trials > 0).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const repeated = ranCases.some((t) => t.trials > 1)
  const interval = ran === 0 ? null : repeated ? clusteredPassRate(ranCases) : wilsonInterval(passed, ran)
  const e2eDist = summarize(e2e)
  const ttftDist = summarize(ttft)
  // a sum in a fixed order: the same records in another order give the same bits
  costs.sort((a, b) => a - b)
  let cost = 0
  for (const value of costs) cost += value
  return {
    cases: tallies.size,
    samples: cases.length,
    passed,
    failed,
    errored,
    timedOut,
    skipped,
    passRate: ran === 0 ? null : passed / ran,
    passRateLower: interval?.lower ?? null,
    passRateUpper: interval?.upper ?? null,
    intervalMethod: interval === null ? null : repeated ? 'clustered' : 'wilson',
    e2eP50: e2eDist.p50,
    e2eP95: e2eDist.p95,
    ttftP50: ttftDist.p50,
    ttftP95: ttftDist.p95,
    inputTokens,
    outputTokens,
    cost,
    costKnown,
    costUnknown,
  }
}
