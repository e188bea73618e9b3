/** Numbers as gate messages and reports write them. */

/** `85.3%`; `-` for null. */
export function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`
}

/** A change of a rate in percentage points: `10.0 points`. */
export function points(value: number): string {
  const text = (value * 100).toFixed(1)
  // a change that rounds to 0 has no sign: never `-0.0`
  return `${text === '-0.0' ? '0.0' : text} point${Math.abs(value * 100 - 1) < 0.05 ? '' : 's'}`
}

/** A relative change: `+25.3%`, `-4.0%`. */
export function relative(value: number | null): string {
  if (value === null) return '-'
  const text = `${(value * 100).toFixed(1)}%`
  return value >= 0 ? `+${text}` : text
}

/** `812 ms`, `1.84 s`; `-` for null. */
export function millis(value: number | null): string {
  if (value === null) return '-'
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`
}

/** `$4.20`, `$0.0123`, `$0.000042`; `-` for null. */
export function usd(value: number | null): string {
  if (value === null) return '-'
  if (value === 0) return '$0'
  return `$${value.toFixed(value >= 1 ? 2 : value >= 0.01 ? 4 : 6)}`
}

/** `1 case`, `3 cases` */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** A confidence level: `95%`, `99.4%`. */
export function confidenceLevel(confidence: number): string {
  return `${Number((confidence * 100).toFixed(1))}%`
}

/** Two bounds of a rate change in points, one decimal, no unit: `3.1–12.9`, `−1.2 to 7.2` (a real minus sign). */
export function pointsRange(lower: number, upper: number): string {
  const low = signedPoints(lower)
  const high = signedPoints(upper)
  return low.startsWith('−') || high.startsWith('−') ? `${low} to ${high}` : `${low}–${high}`
}

function signedPoints(value: number): string {
  const text = (Math.abs(value) * 100).toFixed(1)
  return value < 0 && text !== '0.0' ? `−${text}` : text
}

/**
 * What the baseline line's pass rate counts: with repeats a case passes there only when every
 * repeat passed (the plain gates' rule), which is not the mean over repeats the significance
 * gates and tables print, so it is named.
 */
export function passRateLabel(c: { majority?: unknown }): string {
  return c.majority === undefined ? 'pass rate' : 'cases passing every repeat'
}
