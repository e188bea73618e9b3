import type { RateInterval } from './schema.ts'

/**
 * The interval's half-width in percentage points, one decimal, as `±3.1`. An
 * interval that is not symmetric about the rate (Wilson near 0% or 100%, a
 * clamped clustered one) shows its larger side, so the ± never understates
 * the uncertainty. Empty without an interval.
 */
export function plusMinusPoints(rate: number | null, interval: RateInterval | null | undefined): string {
  if (rate === null || !interval) return ''
  const half = Math.max(rate - interval.lower, interval.upper - rate)
  return `±${(half * 100).toFixed(1)}`
}

/** `[79.9–86.6]`: the interval's bounds in percent, one decimal; empty without one. */
export function boundsPercent(interval: RateInterval | null | undefined): string {
  if (!interval) return ''
  return `[${(interval.lower * 100).toFixed(1)}–${(interval.upper * 100).toFixed(1)}]`
}

/** `83.4% ±3.1`, or with `bounds` `83.4% ±3.1 [79.9–86.6]`; `-` when nothing ran; the bare rate without an interval (older results). */
export function rateWithInterval(rate: number | null, interval: RateInterval | null | undefined, bounds = false): string {
  if (rate === null) return '-'
  const text = `${(rate * 100).toFixed(1)}%`
  if (!interval) return text
  return [text, plusMinusPoints(rate, interval), ...(bounds ? [boundsPercent(interval)] : [])].join(' ')
}
