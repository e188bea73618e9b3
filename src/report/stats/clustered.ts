import { clamp, type NormalInterval } from './interval.ts'
import { tForConfidence } from './student-t.ts'
import { assertTally, caseMean, type CaseTally } from './tally.ts'

/**
 * The mean of per-unit values with its cluster-robust standard error, the unit
 * being a case (Miller 2024, "Adding Error Bars to Evals", §2.2), corrected for
 * few cases as the cluster-robust literature does (CR1 with t critical values,
 * Cameron & Miller 2015 §VI). With C cases, case means m_c and their mean m̄:
 *
 *   SE = √( Σ_c (m_c − m̄)² · C/(C−1) ) / C = √( Σ_c (m_c − m̄)² / (C(C−1)) )
 *   interval = m̄ ± t_{1−α/2, C−1} · SE
 *
 * Without the small-sample factor C/(C−1) this is Miller's clustered SE,
 * √(Σ_c (Σ_i (s_ic − s̄))²) / n with n = C·K observations s_ic, once every case
 * has the same K repeats; with unequal repeats each case counts once. The factor
 * makes it the ordinary standard error of the mean of the case means, and Student's
 * t with C − 1 degrees of freedom replaces z: with 6 cases z = 1.96 and the
 * uncorrected SE gave an interval about 1.43× too narrow (t(0.975, 5) = 2.571,
 * √(6/5) = 1.095), which let an unchanged system look "significant". For many
 * cases both corrections vanish. Repeats never claim more certainty than the
 * number of distinct cases supports. With one case the spread cannot be estimated:
 * SE is +∞ and the interval unbounded (callers clamp it to the possible range).
 */
export function meanWithClusteredError(caseValues: readonly number[], confidence = 0.95): NormalInterval {
  const count = caseValues.length
  const degreesOfFreedom = count - 1
  const t = tForConfidence(confidence, degreesOfFreedom)
  if (count === 0) return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, confidence, standardError: Number.NaN, degreesOfFreedom: 0 }
  let sum = 0
  for (const value of caseValues) sum += value
  const mean = sum / count
  if (count === 1) return { estimate: mean, lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY, confidence, standardError: Number.POSITIVE_INFINITY, degreesOfFreedom }
  let squares = 0
  for (const value of caseValues) squares += (value - mean) ** 2
  const standardError = Math.sqrt(squares / (count * degreesOfFreedom))
  return { estimate: mean, lower: mean - t * standardError, upper: mean + t * standardError, confidence, standardError, degreesOfFreedom }
}

/**
 * A pass rate over cases with repeats: the mean of the case-level pass
 * fractions with a clustered-by-case t interval (formula above), clamped to
 * [0, 1]. Use `wilsonInterval` when every case ran once.
 */
export function clusteredPassRate(cases: readonly CaseTally[], confidence = 0.95): NormalInterval {
  for (const tally of cases) assertTally(tally)
  const interval = meanWithClusteredError(cases.map(caseMean), confidence)
  if (cases.length === 0) return { ...interval, lower: 0, upper: 1 }
  return { ...interval, lower: clamp(interval.lower, 0, 1), upper: clamp(interval.upper, 0, 1) }
}
