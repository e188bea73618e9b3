import { meanWithClusteredError } from '../../report/stats/clustered.ts'
import { pairedBootstrapMeanDifference, pairedPassRateDifference, type PairedCase } from '../../report/stats/paired.ts'
import { verdict, type Verdict } from '../../report/stats/verdict.ts'
import type { VerdictJson } from './schema.ts'

/**
 * Fewest paired cases for a verdict: below it an interval from a handful of
 * cases (a bootstrap of one case has zero width) would call a one-case change
 * "regressed". The changed cases are still listed.
 */
export const MIN_VERDICT_CASES = 5

/** The verdict on the pass rate of paired cases (current − base, clustered by case); null under MIN_VERDICT_CASES pairs. */
export function passRateVerdict(pairs: readonly PairedCase[], label = 'pass rate'): VerdictJson | null {
  if (pairs.length < MIN_VERDICT_CASES) return null
  const same = pairs.every((p) => p.baseline.passes * p.current.trials === p.current.passes * p.baseline.trials)
  return asJson(verdict({ difference: pairedPassRateDifference(pairs), label }), same ? `No change: each of the ${pairs.length} paired cases has the same pass fraction in both runs.` : null)
}

/**
 * Paired cases up to which a score's interval is a bootstrap; above, the normal
 * interval of the per-case differences (O(n), where 2,000 resamples of 10,000
 * cases took 2 s; at that size the two agree).
 */
export const BOOTSTRAP_MAX_CASES = 2000

/**
 * The verdict on a mean score over paired cases: a paired bootstrap (seed 1: the
 * same runs give the same verdict) up to BOOTSTRAP_MAX_CASES, the normal
 * interval of the differences above; null under MIN_VERDICT_CASES pairs.
 */
export function scoreVerdict(base: readonly number[], current: readonly number[], label: string): VerdictJson | null {
  if (base.length < MIN_VERDICT_CASES) return null
  const same = base.every((value, i) => value === current[i])
  const difference = base.length <= BOOTSTRAP_MAX_CASES ? pairedBootstrapMeanDifference(base, current, { seed: 1 }) : meanWithClusteredError(current.map((value, i) => value - (base[i] as number)))
  return asJson(verdict({ difference, label }), same ? `No change: each of the ${base.length} paired cases has the same ${label} in both runs.` : null)
}

/** `unchanged`: the sentence when no case moved (the interval has no width, and "could detect 0.0 points" would mislead). */
function asJson(v: Verdict, unchanged: string | null): VerdictJson {
  const { estimate, lower, upper, confidence } = v.difference
  return { verdict: v.verdict, estimate, lower, upper, confidence, minimumDetectableChange: v.minimumDetectableChange, sentence: unchanged ?? v.sentence }
}
