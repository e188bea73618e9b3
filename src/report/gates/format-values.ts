/** Numbers as gate messages and reports write them. */

/** `85.3%`; `-` for null. */
export function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`
}

/** A change of a rate in percentage points: `10.0 points`. */
export function points(value: number): string {
  return `${(value * 100).toFixed(1)} point${Math.abs(value * 100 - 1) < 0.05 ? '' : 's'}`
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
