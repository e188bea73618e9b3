import { clamp } from '../stats/interval.ts'
import { zForConfidence } from '../stats/normal.ts'
import { tForConfidence } from '../stats/student-t.ts'
import { wilsonInterval } from '../stats/wilson.ts'
import type { RateInterval } from './schema.ts'

/** One case's records that ran in a group: how many, and how many passed. */
export interface CaseCount {
  passes: number
  trials: number
}

/**
 * The 95% interval of a group's pass rate, Σ passes / Σ trials (the pass rate
 * Stats prints), from its per-case counts alone (so it can be kept as two
 * numbers per case while records stream past):
 *
 * - every case ran once: the Wilson interval of passes out of cases;
 * - a case ran several times (repeats, bench samples, a retried test): the
 *   clustered-by-case interval (Miller 2024), with p̂ = P/N and
 *   SE = √(C/(C−1) · Σ_c (passes_c − p̂·trials_c)²) / N over C cases, and
 *   Student's t with C − 1 degrees of freedom, clamped to [0, 1]. With equal
 *   trials per case this is stats/clustered.ts's `clusteredPassRate`.
 *   When the cases do not spread (p̂ = 0 or 1, a single case, every case
 *   the same fraction) that SE is 0, a point that says more than the data
 *   do: then Wilson's formula at p̂ over the number of cases (each case
 *   counted once) is given.
 *
 * Null when nothing ran.
 */
export function passRateInterval(cases: Iterable<CaseCount>, confidence = 0.95): RateInterval | null {
  let passes = 0
  let trials = 0
  let count = 0
  let repeated = false
  const list: CaseCount[] = []
  for (const c of cases) {
    if (c.trials === 0) continue
    list.push(c)
    passes += c.passes
    trials += c.trials
    count++
    if (c.trials > 1) repeated = true
  }
  if (trials === 0) return null
  if (!repeated) return wilson(passes, trials, confidence)
  const p = passes / trials
  let squares = 0
  for (const c of list) squares += (c.passes - p * c.trials) ** 2
  // no spread between cases (0% or 100%, one case, every case the same fraction): a point would claim certainty
  if (squares === 0) return wilsonOverCases(p, count, confidence)
  // few cases: Student's t with cases − 1 degrees of freedom and the C/(C − 1) factor (CR1), as stats/clustered.ts
  const half = (tForConfidence(confidence, count - 1) * Math.sqrt((squares * count) / (count - 1))) / trials
  return { lower: clamp(p - half, 0, 1), upper: clamp(p + half, 0, 1), method: 'clustered', confidence }
}

function wilson(passes: number, n: number, confidence: number): RateInterval {
  const { lower, upper } = wilsonInterval(passes, n, confidence)
  return { lower, upper, method: 'wilson', confidence }
}

/** Wilson's formula (stats/wilson.ts) at the rate p over n cases, each case counted once; p need not be a whole count over n. */
function wilsonOverCases(p: number, n: number, confidence: number): RateInterval {
  const z = zForConfidence(confidence)
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return { lower: p === 0 ? 0 : clamp(centre - half, 0, 1), upper: p === 1 ? 1 : clamp(centre + half, 0, 1), method: 'wilson', confidence }
}
