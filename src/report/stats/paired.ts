import { clamp, type Interval, type NormalInterval } from './interval.ts'
import { bootstrapIndices, type BootstrapOptions } from './bootstrap.ts'
import { meanWithClusteredError } from './clustered.ts'
import { assertTally, caseMean, type CaseTally } from './tally.ts'

/** One case seen in both runs: its tally in the baseline and in the current run. */
export interface PairedCase {
  id: string
  baseline: Omit<CaseTally, 'id'>
  current: Omit<CaseTally, 'id'>
}

/**
 * The change in pass rate (current − baseline) on the same cases, paired: the
 * mean over cases of d_c = m_c(current) − m_c(baseline), the case-level pass
 * fractions, with the small-sample clustered standard error
 * √(Σ_c (d_c − d̄)² / (C(C−1))) and Student's t with C − 1 degrees of freedom
 * (see clustered.ts), clamped to [−1, 1]. Pairing removes the case-to-case
 * spread in difficulty, so the interval is much narrower than comparing two
 * independent pass rates. With one repeat per case it is the paired t interval.
 * With one case the spread cannot be estimated: the interval is [−1, 1].
 */
export function pairedPassRateDifference(cases: readonly PairedCase[], confidence = 0.95): NormalInterval {
  const differences = cases.map((pair) => {
    assertTally({ id: pair.id, ...pair.baseline })
    assertTally({ id: pair.id, ...pair.current })
    return caseMean({ id: pair.id, ...pair.current }) - caseMean({ id: pair.id, ...pair.baseline })
  })
  const interval = meanWithClusteredError(differences, confidence)
  if (differences.length === 0) return interval
  return { ...interval, lower: clamp(interval.lower, -1, 1), upper: clamp(interval.upper, -1, 1) }
}

/**
 * A paired bootstrap interval for the change in mean score (current − baseline):
 * whole cases are resampled, so each resample keeps a case's two scores together.
 * `baseline[i]` and `current[i]` must be the same case.
 */
export function pairedBootstrapMeanDifference(baseline: readonly number[], current: readonly number[], options: BootstrapOptions = {}): Interval {
  if (baseline.length !== current.length) throw new RangeError(`paired scores must have one baseline and one current score per case: found ${baseline.length} baseline and ${current.length} current`)
  const differences = current.map((value, i) => value - (baseline[i] as number))
  let sum = 0
  for (const d of differences) sum += d
  return bootstrapIndices(
    differences.length,
    (indices) => {
      let total = 0
      for (const i of indices) total += differences[i] as number
      return total / indices.length
    },
    differences.length === 0 ? Number.NaN : sum / differences.length,
    options,
  )
}
