import type { PairedCase } from './paired.ts'

export interface McNemarResult {
  /** Cases that passed in the baseline and fail now. */
  newlyFailing: number
  /** Cases that failed in the baseline and pass now. */
  newlyPassing: number
  /** Two-sided mid-p value. */
  pValue: number
}

/**
 * The mid-p McNemar test for paired pass/fail outcomes (Fagerland, Lydersen and
 * Laake 2013): only discordant cases count. With b newly failing, c newly
 * passing, n = b + c and X ~ Binomial(n, ½) under "no change",
 *
 *   mid-p = 2 · ( P(X ≤ min(b, c)) − ½ · P(X = min(b, c)) ),  capped at 1
 *
 * the exact binomial two-sided p minus the probability of the observed table,
 * which keeps the exact test's validity without its over-caution. n = 0 gives 1.
 */
export function mcnemarMidP(newlyFailing: number, newlyPassing: number): McNemarResult {
  for (const [name, value] of [['newlyFailing', newlyFailing], ['newlyPassing', newlyPassing]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`mcnemarMidP: ${name} must be a whole number ≥ 0, found ${value}`)
  }
  const n = newlyFailing + newlyPassing
  const m = Math.min(newlyFailing, newlyPassing)
  if (n === 0) return { newlyFailing, newlyPassing, pValue: 1 }
  // P(X = k) = C(n, k) / 2ⁿ, summed in log space so n in the thousands neither overflows nor underflows
  let logChoose = 0
  let cumulative = 0
  let pointMass = 0
  for (let k = 0; k <= m; k++) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k)
    pointMass = Math.exp(logChoose - n * Math.LN2)
    cumulative += pointMass
  }
  return { newlyFailing, newlyPassing, pValue: Math.min(1, 2 * (cumulative - pointMass / 2)) }
}

/**
 * McNemar on paired cases: a case counts as passing in a run when it passed in a
 * strict majority of its repeats there (with one repeat: when it passed).
 */
export function mcnemarForCases(cases: readonly PairedCase[]): McNemarResult {
  let newlyFailing = 0
  let newlyPassing = 0
  for (const pair of cases) {
    const before = pair.baseline.passes * 2 > pair.baseline.trials
    const after = pair.current.passes * 2 > pair.current.trials
    if (before && !after) newlyFailing++
    if (!before && after) newlyPassing++
  }
  return mcnemarMidP(newlyFailing, newlyPassing)
}
