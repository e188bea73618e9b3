import type { BaselineCase } from './baseline-schema.ts'
import type { CaseOutcome } from './case-outcomes.ts'

/** A case's trials (repeats or samples that ran) and how many passed. */
export interface Tally {
  passes: number
  trials: number
}

/** This run's tally of a case. */
export function outcomeTally(o: Pick<CaseOutcome, 'passes' | 'trials'>): Tally {
  return { passes: o.passes, trials: o.trials }
}

/**
 * A baseline case's tally: its `passes` of `trials` when the file has them; for a
 * baseline written before they existed, its status as one trial (passed 1 of 1, a
 * failure 0 of 1, skipped 0 of 0). `exact` says which.
 */
export function baselineTally(c: BaselineCase): Tally & { exact: boolean } {
  if (c.trials !== undefined && c.passes !== undefined) return { passes: c.passes, trials: c.trials, exact: true }
  if (c.status === 'skipped') return { passes: 0, trials: 0, exact: false }
  return { passes: c.status === 'passed' ? 1 : 0, trials: 1, exact: false }
}

/** Passed in a strict majority of its trials. */
export function passedMajority(t: Tally): boolean {
  return t.trials > 0 && t.passes * 2 > t.trials
}

/** Failed (failed, errored, timed out) in a strict majority of its trials. */
export function failedMajority(t: Tally): boolean {
  return t.trials > 0 && (t.trials - t.passes) * 2 > t.trials
}
