import { assertTally, type CaseTally } from './tally.ts'

export type FlakinessKind = 'always-passes' | 'always-fails' | 'flaky'

export interface CaseFlakiness {
  id: string
  kind: FlakinessKind
  /** Passes over repeats, 0..1. */
  passFraction: number
  passes: number
  trials: number
}

/** A case's class over its repeats: always passes, always fails, or flaky with its pass fraction. */
export function classifyCase(tally: CaseTally): CaseFlakiness {
  assertTally(tally)
  const kind: FlakinessKind = tally.passes === tally.trials ? 'always-passes' : tally.passes === 0 ? 'always-fails' : 'flaky'
  return { id: tally.id, kind, passFraction: tally.passes / tally.trials, passes: tally.passes, trials: tally.trials }
}

export interface GroupRepeats {
  cases: number
  /** The mean over cases of each case's pass fraction over its repeats (each case counts once). */
  meanPassRate: number
  alwaysPasses: number
  alwaysFails: number
  flaky: number
  /** flaky / cases. */
  flakyShare: number
  /** The flaky cases' ids, in input order. */
  flakyIds: string[]
}

/** Group figures over cases with repeats. An empty group has NaN rates. */
export function summarizeRepeats(tallies: readonly CaseTally[]): GroupRepeats {
  const classes = tallies.map(classifyCase)
  const count = (kind: FlakinessKind): number => classes.filter((entry) => entry.kind === kind).length
  const flakyIds = classes.filter((entry) => entry.kind === 'flaky').map((entry) => entry.id)
  const cases = classes.length
  let sum = 0
  for (const entry of classes) sum += entry.passFraction
  return {
    cases,
    meanPassRate: cases === 0 ? Number.NaN : sum / cases,
    alwaysPasses: count('always-passes'),
    alwaysFails: count('always-fails'),
    flaky: flakyIds.length,
    flakyShare: cases === 0 ? Number.NaN : flakyIds.length / cases,
    flakyIds,
  }
}
