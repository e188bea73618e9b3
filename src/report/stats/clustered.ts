import { clamp, type NormalInterval } from './interval.ts'
import { zForConfidence } from './normal.ts'
import { assertTally, caseMean, type CaseTally } from './tally.ts'

/**
 * The mean of per-unit values with its cluster-robust standard error, the unit
 * being a case (Miller 2024, "Adding Error Bars to Evals", §2.2). With C cases,
 * case means m_c and their mean m̄:
 *
 *   SE = √( Σ_c (m_c − m̄)² ) / C
 *
 * This is Miller's clustered SE, √(Σ_c (Σ_i (s_ic − s̄))²) / n with n = C·K
 * observations s_ic, once every case has the same K repeats (then the sums over
 * a case's repeats collapse to K·(m_c − s̄)); with unequal repeats each case
 * counts once. With one repeat it is the plain √(p̂(1−p̂)/n), so repeats never
 * claim more certainty than the number of distinct cases supports.
 */
export function meanWithClusteredError(caseValues: readonly number[], confidence = 0.95): NormalInterval {
  const z = zForConfidence(confidence)
  const count = caseValues.length
  if (count === 0) return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, confidence, standardError: Number.NaN }
  let sum = 0
  for (const value of caseValues) sum += value
  const mean = sum / count
  let squares = 0
  for (const value of caseValues) squares += (value - mean) ** 2
  const standardError = Math.sqrt(squares) / count
  return { estimate: mean, lower: mean - z * standardError, upper: mean + z * standardError, confidence, standardError }
}

/**
 * A pass rate over cases with repeats: the mean of the case-level pass
 * fractions with a clustered-by-case normal interval (formula above), clamped to
 * [0, 1]. Use `wilsonInterval` when every case ran once.
 */
export function clusteredPassRate(cases: readonly CaseTally[], confidence = 0.95): NormalInterval {
  for (const tally of cases) assertTally(tally)
  const interval = meanWithClusteredError(cases.map(caseMean), confidence)
  if (cases.length === 0) return { ...interval, lower: 0, upper: 1 }
  return { ...interval, lower: clamp(interval.lower, 0, 1), upper: clamp(interval.upper, 0, 1) }
}
