import type { Interval } from './interval.ts'

export type DropGateOutcome = 'fail' | 'pass' | 'inconclusive'

/**
 * A significance-aware pass-rate drop gate on the paired change current −
 * baseline (its interval at the gate's confidence):
 * - `fail` when the drop is significant (the whole interval below 0) and larger
 *   than `maxDrop` (its point estimate);
 * - `pass` when the interval rules out a drop larger than `maxDrop` (lower ≥ −maxDrop);
 * - `inconclusive` otherwise: a drop beyond `maxDrop` is possible but not shown
 *   (more cases or repeats would tell). The caller decides: warn or fail.
 */
export function passRateDropGate(difference: Interval, maxDrop: number): DropGateOutcome {
  if (!(maxDrop >= 0 && maxDrop <= 1)) throw new RangeError(`maxDrop must be a rate in 0..1 (e.g. 0.05), found ${maxDrop}`)
  if (difference.upper < 0 && -difference.estimate > maxDrop) return 'fail'
  if (difference.lower >= -maxDrop) return 'pass'
  return 'inconclusive'
}
