import { clamp, type Interval } from './interval.ts'
import { zForConfidence } from './normal.ts'

/**
 * The Wilson score interval for a pass rate from `passes` successes in `n`
 * independent trials (one sample per case):
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √(p̂(1−p̂)/n + z²/4n²)
 *
 * Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and keeps its coverage at
 * 0/n, n/n and small n. `n = 0` gives the uninformative [0, 1] with estimate NaN.
 */
export function wilsonInterval(passes: number, n: number, confidence = 0.95): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`wilsonInterval: n must be a whole number ≥ 0, found ${n}`)
  if (!Number.isInteger(passes) || passes < 0 || passes > n) throw new RangeError(`wilsonInterval: passes must be a whole number in 0..${n}, found ${passes}`)
  const z = zForConfidence(confidence)
  if (n === 0) return { estimate: Number.NaN, lower: 0, upper: 1, confidence }
  const p = passes / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  // at 0/n and n/n the bound that should be exactly 0 or 1 lands within rounding of it
  const lower = passes === 0 ? 0 : clamp(centre - half, 0, 1)
  const upper = passes === n ? 1 : clamp(centre + half, 0, 1)
  return { estimate: p, lower, upper, confidence }
}
