import type { Cost } from '../results-schema.ts'

/**
 * Number formats shared by the terminal table and `summary.md`: short and
 * human; the CSVs and `results.json` keep the exact numbers.
 */

/** `850ms`, `4.2ms`, `12.3s`; `-` for none. */
export function formatMs(v: number | null): string {
  return v === null ? '-' : v >= 10_000 ? `${(v / 1000).toFixed(1)}s` : `${v.toFixed(v < 10 ? 1 : 0)}ms`
}

/** A 0..1 fraction as `91.7%`; `-` for none. */
export function formatPct(v: number | null): string {
  return v === null ? '-' : `${(v * 100).toFixed(1)}%`
}

/** A cost: `$0.0123`; `?` when some records have no price and none has one; `+?` marks a partial sum; `-` for nothing. */
export function formatUsd(c: Cost): string {
  if (c.known === 0) return c.unknown > 0 ? '?' : '-'
  return `$${c.total < 1 ? c.total.toFixed(4) : c.total.toFixed(2)}${c.unknown > 0 ? '+?' : ''}`
}

/** `1234`, `56.7`; `-` for none. */
export function formatNum(v: number | null): string {
  return v === null ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(1)
}

/** `1` → `1 case`, `2` → `2 cases`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
