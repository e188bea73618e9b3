import { mcnemarForCases } from '../report/stats/mcnemar.ts'
import type { PairedCase } from '../report/stats/paired.ts'
import type { GroupQuery, HistoryCaseOutcome, HistoryStore } from './store.ts'

/** How a run's cases changed from an earlier run's, on the cases both ran. */
export interface RunChange {
  /** Cases that ran (a sample not skipped) in both. */
  overlapping: number
  newlyFailing: number
  newlyPassing: number
  /** Two-sided mid-p McNemar p value (1 with no discordant case). */
  pValue: number
  /** `regressed` / `improved` when p < alpha, else null. */
  verdict: 'regressed' | 'improved' | null
}

/** Level below which a change is called significant. */
export const CHANGE_ALPHA = 0.05

function key(o: HistoryCaseOutcome): string {
  return `${o.dataset}\0${o.provider}\0${o.model}\0${o.variant ?? '\u0001'}\0${o.caseId}`
}

/** A run's case outcomes read once however many changes use them (a table compares each run twice). */
export type OutcomesOf = (runId: string, group: GroupQuery) => readonly HistoryCaseOutcome[]

/** An `OutcomesOf` that keeps what it read, per run and group. */
export function cachedOutcomes(store: HistoryStore): OutcomesOf {
  const cache = new Map<string, readonly HistoryCaseOutcome[]>()
  return (runId, group) => {
    const k = JSON.stringify([runId, group.dataset, group.provider, group.model, group.variant])
    let outcomes = cache.get(k)
    if (!outcomes) cache.set(k, (outcomes = store.caseOutcomes(runId, group)))
    return outcomes
  }
}

/**
 * The paired change from `before` to `after` (run ids): each case that ran in
 * both is paired with itself (a case passes in a run when it passed in a
 * strict majority of its samples), and the mid-p McNemar test on the
 * discordant pairs says whether the change is beyond chance.
 */
export function pairedChange(store: HistoryStore, before: string, after: string, group: GroupQuery = {}, alpha = CHANGE_ALPHA, outcomesOf: OutcomesOf = (id, g) => store.caseOutcomes(id, g)): RunChange {
  const earlier = new Map<string, HistoryCaseOutcome>()
  for (const o of outcomesOf(before, group)) if (o.trials > 0) earlier.set(key(o), o)
  const pairs: PairedCase[] = []
  for (const o of outcomesOf(after, group)) {
    const b = o.trials > 0 ? earlier.get(key(o)) : undefined
    if (b) pairs.push({ id: o.caseId, baseline: { passes: b.passes, trials: b.trials }, current: { passes: o.passes, trials: o.trials } })
  }
  const test = mcnemarForCases(pairs)
  const significant = test.pValue < alpha && test.newlyFailing !== test.newlyPassing
  return {
    overlapping: pairs.length,
    newlyFailing: test.newlyFailing,
    newlyPassing: test.newlyPassing,
    pValue: test.pValue,
    verdict: significant ? (test.newlyFailing > test.newlyPassing ? 'regressed' : 'improved') : null,
  }
}
