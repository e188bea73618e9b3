import { mcnemarMidP } from '../report/stats/mcnemar.ts'
import type { GroupQuery, HistoryStore } from './store.ts'

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

/**
 * The paired change from `before` to `after` (run ids): each case that ran in
 * both is paired with itself (a case passes in a run when it passed in a
 * strict majority of its samples, as `mcnemarForCases` counts), and the mid-p
 * McNemar test on the discordant pairs says whether the change is beyond chance.
 */
export function pairedChange(store: HistoryStore, before: string, after: string, group: GroupQuery = {}, alpha = CHANGE_ALPHA): RunChange {
  const paired = store.pairOutcomes(before, after, group)
  const test = mcnemarMidP(paired.newlyFailing, paired.newlyPassing)
  const significant = test.pValue < alpha && test.newlyFailing !== test.newlyPassing
  return {
    overlapping: paired.overlapping,
    newlyFailing: test.newlyFailing,
    newlyPassing: test.newlyPassing,
    pValue: test.pValue,
    verdict: significant ? (test.newlyFailing > test.newlyPassing ? 'regressed' : 'improved') : null,
  }
}
