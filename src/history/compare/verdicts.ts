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
  return asJson(verdict({ difference: pairedPassRateDifference(pairs), label }))
}

/** The verdict on a mean score over paired cases (paired bootstrap, seed 1: the same runs give the same verdict); null under MIN_VERDICT_CASES pairs. */
export function scoreVerdict(base: readonly number[], current: readonly number[], label: string): VerdictJson | null {
  if (base.length < MIN_VERDICT_CASES) return null
  return asJson(verdict({ difference: pairedBootstrapMeanDifference(base, current, { seed: 1 }), label }))
}

function asJson(v: Verdict): VerdictJson {
  const { estimate, lower, upper, confidence } = v.difference
  return { verdict: v.verdict, estimate, lower, upper, confidence, minimumDetectableChange: v.minimumDetectableChange, sentence: v.sentence }
}
