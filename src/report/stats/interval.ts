/** An estimate with its confidence interval; every statistic in this folder returns one. */
export interface Interval {
  /** The point estimate (a rate in 0..1, a latency in ms, a difference, …). */
  estimate: number
  lower: number
  upper: number
  /** The confidence level of [lower, upper], e.g. 0.95. */
  confidence: number
}

/** An interval built from a normal approximation also carries its standard error. */
export interface NormalInterval extends Interval {
  standardError: number
  /** The degrees of freedom of the Student's t the bounds use (clustered: cases − 1); absent for a normal z. */
  degreesOfFreedom?: number
}

/** Clamps a value into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}
