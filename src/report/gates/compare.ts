import type { RunResults } from '../run-results.ts'
import type { Baseline, BaselineCase } from './baseline-schema.ts'
import { caseKey, casePassRate, caseOutcomes, isFailure, type CaseOutcome } from './case-outcomes.ts'
import { majorityChanges } from './majority-changes.ts'
import { pairedVerdicts } from '../intervals/paired-verdicts.ts'
import { passRateChanges } from './pass-rate-change.ts'
import { providerAggregates } from './provider-aggregates.ts'
import { DECIMALS, roundProviderNumbers, roundTo } from './rounding.ts'
import type { BaselineComparison, CaseChange, ProviderComparison, ProviderNumbers } from './types.ts'

/** A mean score that moved at least this much (same pass/fail) is a score change. */
export const SCORE_CHANGE = 0.05

/**
 * This run against a baseline, case by case (dataset, case id, provider):
 * - newly failing: passed on the baseline, now failed, errored or timed out;
 * - newly passing: failed, errored or timed out on the baseline, now passed;
 * - score changes: same pass/fail, mean score moved by at least 0.05;
 * - new cases: not in the baseline; missing cases: in the baseline, not run now.
 * A skipped case (either side) is in none of the lists but new/missing.
 * In bench mode a case passes when ALL of its samples pass (see caseOutcomes).
 */
export function compareWithBaseline(results: RunResults, baseline: Baseline, baselineFile: string): BaselineComparison {
  const now = caseOutcomes(results.cases).map((o) => ({ ...o, score: roundTo(o.score, DECIMALS.score) }))
  const before = new Map(baseline.cases.map((c) => [caseKey(c), c]))
  const seen = new Set<string>()
  const newlyFailing: CaseChange[] = []
  const newlyPassing: CaseChange[] = []
  const scoreChanges: CaseChange[] = []
  const newCases: CaseChange[] = []
  for (const after of now) {
    const key = caseKey(after)
    seen.add(key)
    const old = before.get(key)
    if (!old) {
      newCases.push(change(null, after))
      continue
    }
    if (old.status === 'skipped' || after.status === 'skipped') continue
    if (old.status === 'passed' && isFailure(after.status)) newlyFailing.push(change(old, after))
    else if (isFailure(old.status) && after.status === 'passed') newlyPassing.push(change(old, after))
    else if (old.score !== null && after.score !== null && Math.abs(after.score - old.score) >= SCORE_CHANGE - 1e-9) scoreChanges.push(change(old, after))
  }
  const missingCases = baseline.cases.filter((c) => !seen.has(caseKey(c))).map(({ dataset, caseId, provider, variant }) => ({ dataset, caseId, provider, ...(variant === undefined ? {} : { variant }) }))
  return {
    baselineFile,
    baselineRunId: baseline.runId,
    baselineCreatedAt: baseline.createdAt,
    baselineMode: baseline.mode,
    passRate: { before: baseline.passRate, after: roundTo(casePassRate(now), DECIMALS.score) },
    cases: { before: baseline.cases.filter((c) => c.status !== 'skipped').length, after: now.filter((c) => c.status !== 'skipped').length },
    newlyFailing,
    newlyPassing,
    scoreChanges,
    newCases,
    missingCases,
    ...withMajority(majorityChanges(now, baseline.cases)),
    passRateChanges: passRateChanges(now, baseline.cases),
    paired: pairedVerdicts(results.cases, baseline.cases),
    providers: compareProviders(baseline.providers, providerAggregates(results.cases).map(roundProviderNumbers)),
  }
}

function compareProviders(before: readonly (ProviderNumbers & { provider: string })[], after: readonly (ProviderNumbers & { provider: string })[]): ProviderComparison[] {
  const names = [...new Set([...before, ...after].map((p) => p.provider))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const numbers = (list: typeof before, provider: string): ProviderNumbers | null => {
    const found = list.find((p) => p.provider === provider)
    if (!found) return null
    const { cases, passRate, measured, replayed, e2eP95Ms, cost, costUnknown } = found
    return { cases, passRate, measured, replayed, e2eP95Ms, cost, costUnknown }
  }
  return names.map((provider) => ({ provider, before: numbers(before, provider), after: numbers(after, provider) }))
}

function withMajority(majority: BaselineComparison['majority']): Pick<BaselineComparison, 'majority'> {
  return majority === undefined ? {} : { majority }
}

function change(before: BaselineCase | null, after: CaseOutcome): CaseChange {
  return {
    dataset: after.dataset,
    caseId: after.caseId,
    provider: after.provider,
    ...(after.variant === undefined ? {} : { variant: after.variant }),
    before: before?.status ?? null,
    after: after.status,
    scoreBefore: before?.score ?? null,
    scoreAfter: after.score,
  }
}
