import type { RunResults } from '../run-results.ts'
import { BASELINE_VERSION, type Baseline, type BaselineCase } from './baseline-schema.ts'
import { casePassRate, caseOutcomes, type CaseOutcome } from './case-outcomes.ts'
import { providerAggregates } from './provider-aggregates.ts'
import { DECIMALS, roundProviderNumbers, roundTo } from './rounding.ts'

/**
 * The baseline of a finished run: every case's outcome and each provider's
 * aggregates, rounded (see rounding.ts) so that rewriting the baseline after
 * an unchanged run changes no line but `createdAt`.
 */
export function createBaseline(results: RunResults, createdAt: Date = new Date()): Baseline {
  const outcomes = caseOutcomes(results.cases)
  return {
    version: BASELINE_VERSION,
    createdAt: createdAt.toISOString(),
    runId: results.runId,
    project: results.project,
    mode: results.mode,
    passRate: roundTo(casePassRate(outcomes), DECIMALS.score),
    providers: providerAggregates(results.cases).map(roundProviderNumbers),
    cases: outcomes.map(caseEntry),
  }
}

function caseEntry(o: CaseOutcome): BaselineCase {
  const scores: Record<string, number> = {}
  for (const [name, value] of Object.entries(o.scores)) scores[name] = roundTo(value, DECIMALS.score)
  return {
    dataset: o.dataset,
    caseId: o.caseId,
    provider: o.provider,
    ...(o.variant === undefined ? {} : { variant: o.variant }),
    model: o.model,
    status: o.status,
    samples: o.samples,
    trials: o.trials,
    passes: o.passes,
    score: roundTo(o.score, DECIMALS.score),
    scores,
    e2eMs: roundTo(o.e2eMs, DECIMALS.ms),
    cost: roundTo(o.cost, DECIMALS.usd),
    replayed: o.replayed,
  }
}
