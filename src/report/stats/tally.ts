/** One case's repeated outcomes: how many of its `trials` repeats passed. */
export interface CaseTally {
  id: string
  passes: number
  trials: number
}

/** Throws unless the tally is whole numbers with 0 ≤ passes ≤ trials and trials ≥ 1, naming the case. */
export function assertTally(tally: CaseTally): void {
  const { id, passes, trials } = tally
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`case "${id}": trials must be a whole number ≥ 1, found ${trials}`)
  if (!Number.isInteger(passes) || passes < 0 || passes > trials) throw new RangeError(`case "${id}": passes must be a whole number in 0..${trials}, found ${passes}`)
}

/** The case's pass fraction over its repeats. */
export function caseMean(tally: CaseTally): number {
  return tally.passes / tally.trials
}
