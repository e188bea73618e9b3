import type { Interval } from './interval.ts'
import { studentTQuantile, tForConfidence } from './student-t.ts'

export type VerdictKind = 'regressed' | 'improved' | 'no detectable change'

export interface VerdictInput {
  /** The change current − baseline with its interval (e.g. from pairedPassRateDifference). */
  difference: Interval & { standardError?: number; degreesOfFreedom?: number }
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
   * confidence, two-sided: (t_{1−α/2} + t_{power}) · SE, Student's t with the
   * interval's degrees of freedom (clustered: cases − 1), the normal z when it
   * has none. With the standard error from the interval when it has none (or an
   * infinite one, from a single case): SE ≈ (upper − lower) / (2 · t_{1−α/2}),
   * and half the interval's width when that critical value is infinite.
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
  const df = difference.degreesOfFreedom ?? Number.POSITIVE_INFINITY
  const t = tForConfidence(difference.confidence, df)
  const width = (difference.upper - difference.lower) / 2
  const minimumDetectableChange =
    difference.standardError !== undefined && Number.isFinite(difference.standardError)
      ? (t + studentTQuantile(power, df)) * difference.standardError
      : Number.isFinite(t)
        ? ((t + studentTQuantile(power, df)) * width) / t
        : width
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
