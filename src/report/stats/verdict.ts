import type { Interval } from './interval.ts'
import { normalQuantile, zForConfidence } from './normal.ts'

export type VerdictKind = 'regressed' | 'improved' | 'no detectable change'

export interface VerdictInput {
  /** The change current − baseline with its interval (e.g. from pairedPassRateDifference). */
  difference: Interval & { standardError?: number }
  /** What changed, for the sentence: "pass rate", "mean score", "p95 latency". Default "pass rate". */
  label?: string
  /** true when a rise is good (pass rate, score), false when it is bad (latency, cost). Default true. */
  higherIsBetter?: boolean
  /** Power for the minimum detectable change. Default 0.8. */
  power?: number
  /** Writes a change for the sentence. Default: a rate in percentage points ("3.1 points"). */
  format?: (change: number) => string
}

export interface Verdict {
  verdict: VerdictKind
  /** The change current − baseline (point estimate) and its interval. */
  difference: Interval
  /**
   * The smallest true change this sample detects with `power` at the interval's
   * confidence, two-sided: (z_{1−α/2} + z_{power}) · SE. With the standard error
   * from the interval when it has none: SE ≈ (upper − lower) / (2 · z_{1−α/2}).
   */
  minimumDetectableChange: number
  power: number
  /** The verdict in plain words. */
  sentence: string
}

/** A rate change in percentage points, one decimal: 0.031 → "3.1 points". */
export function formatPoints(change: number): string {
  return `${(Math.abs(change) * 100).toFixed(1)} points`
}

/**
 * The verdict on a change: `regressed` when the interval lies wholly on the bad
 * side of zero, `improved` when wholly on the good side, otherwise `no
 * detectable change`, said with the minimum change this sample could have
 * detected (80% power at the interval's confidence unless told).
 */
export function verdict(input: VerdictInput): Verdict {
  const { difference } = input
  const label = input.label ?? 'pass rate'
  const higherIsBetter = input.higherIsBetter ?? true
  const power = input.power ?? 0.8
  const format = input.format ?? formatPoints
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be strictly between 0 and 1 (e.g. 0.8), found ${power}`)
  const z = zForConfidence(difference.confidence)
  const standardError = difference.standardError ?? (difference.upper - difference.lower) / (2 * z)
  const minimumDetectableChange = (z + normalQuantile(power)) * standardError
  const rose = difference.lower > 0
  const fell = difference.upper < 0
  const kind: VerdictKind = rose || fell ? ((rose === higherIsBetter) ? 'improved' : 'regressed') : 'no detectable change'
  const level = `${Math.round(difference.confidence * 100)}%`
  const direction = difference.estimate < 0 ? 'fell' : 'rose'
  const range = `${level} interval ${signed(difference.lower, format)} to ${signed(difference.upper, format)}`
  const sentence =
    kind === 'no detectable change'
      ? `No detectable change: the ${label} ${direction} by ${format(difference.estimate)} (${range}), which chance alone explains; this sample could detect a change of about ${format(minimumDetectableChange)} (${Math.round(power * 100)}% power at ${level} confidence).`
      : `${kind === 'regressed' ? 'Regressed' : 'Improved'}: the ${label} ${direction} by ${format(difference.estimate)} (${range}), more than chance explains at ${level} confidence.`
  return { verdict: kind, difference: { estimate: difference.estimate, lower: difference.lower, upper: difference.upper, confidence: difference.confidence }, minimumDetectableChange, power, sentence }
}

function signed(change: number, format: (change: number) => string): string {
  return `${change < 0 ? '−' : '+'}${format(change)}`
}
