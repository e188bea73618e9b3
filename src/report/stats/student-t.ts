import { assertConfidence, normalQuantile } from './normal.ts'

/**
 * Student's t distribution: its CDF through the regularized incomplete beta
 * function (continued fraction, Numerical Recipes §6.4) and its quantile by a
 * safeguarded Newton solve of that CDF. Used with C − 1 degrees of freedom for
 * the clustered and paired intervals (C = cases): with few cases the normal z
 * is too small (t(0.975, 5) = 2.571 against z = 1.960). Degrees of freedom may
 * be fractional; 0 or less means the spread cannot be estimated (one case).
 */

const LANCZOS = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5]

/** ln Γ(x) for x > 0 (Lanczos, relative error below 2e-10). */
export function logGamma(x: number): number {
  let y = x
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5)
  let series = 1.000000000190015
  for (const c of LANCZOS) series += c / ++y
  return -tmp + Math.log((2.5066282746310005 * series) / x)
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const step = d * c
    h *= step
    if (Math.abs(step - 1) < 1e-15) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** P(T ≤ t) for T ~ Student's t with `df` degrees of freedom (df > 0). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: degrees of freedom must be above 0, found ${df}`)
  if (t === Number.POSITIVE_INFINITY) return 1
  if (t === Number.NEGATIVE_INFINITY) return 0
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5)
  return t > 0 ? 1 - tail : tail
}

function studentTDensity(t: number, df: number): number {
  return Math.exp(logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df))
}

/** The value t with P(T ≤ t) = p for T ~ Student's t with `df` degrees of freedom; +∞/−∞ when df ≤ 0. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile: p must be strictly between 0 and 1, found ${p}`)
  if (Number.isNaN(df)) throw new RangeError('studentTQuantile: degrees of freedom must be a number, found NaN')
  if (p === 0.5) return 0
  if (p < 0.5) return -studentTQuantile(1 - p, df)
  if (!(df > 0)) return Number.POSITIVE_INFINITY
  if (df === 1) return Math.tan(Math.PI * (p - 0.5))
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p))
  if (df > 1e7) return normalQuantile(p)
  // Bracket [low, high] with CDF(low) ≤ p ≤ CDF(high), then Newton steps kept inside it.
  let low = 0
  let high = Math.max(1, normalQuantile(p))
  while (studentTCdf(high, df) < p) {
    low = high
    high *= 2
  }
  let t = normalQuantile(p)
  if (!(t > low && t < high)) t = (low + high) / 2
  for (let i = 0; i < 200; i++) {
    const error = studentTCdf(t, df) - p
    if (error > 0) high = t
    else low = t
    let next = t - error / studentTDensity(t, df)
    if (!(next > low && next < high)) next = (low + high) / 2
    if (Math.abs(next - t) <= 1e-13 * Math.max(1, Math.abs(t))) return next
    t = next
  }
  return t
}

/** The two-sided critical value of Student's t for a confidence level: 2.5706 for 0.95 with 5 df; +∞ with df ≤ 0. */
export function tForConfidence(confidence: number, df: number): number {
  assertConfidence(confidence)
  return studentTQuantile(1 - (1 - confidence) / 2, df)
}

/**
 * The two-sided p-value of an estimate against 0 from its standard error with
 * `df` degrees of freedom, 2·P(T > |estimate| / SE): consistent with the interval
 * estimate ± t·SE (it leaves out 0 exactly when p < 1 − confidence). SE 0: 1 for
 * an estimate of 0, else 0; df ≤ 0 or an infinite SE: 1 (nothing can be shown).
 */
export function twoSidedTPValue(estimate: number, standardError: number, df: number): number {
  if (standardError === 0) return estimate === 0 ? 1 : 0
  if (!(df > 0) || !Number.isFinite(standardError)) return 1
  return 2 * studentTCdf(-Math.abs(estimate / standardError), df)
}
