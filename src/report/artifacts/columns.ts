import type { Distribution } from '../../metrics/percentile.ts'
import type { Cost } from '../results-schema.ts'
import { guardFormula } from './formula-guard.ts'

/** A cell before it is written: numbers as JavaScript prints them, null as an empty cell. */
export type Cell = string | number | boolean | null

/** One CSV column: its header and how a row gives its cell. */
export interface Column<T> {
  header: string
  value: (row: T) => Cell
}

/** The header line and one line per row, every cell a string. */
export function table<T>(columns: readonly Column<T>[], rows: readonly T[]): string[][] {
  return [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => cellText(c.value(row))))]
}

/**
 * `null` → empty; numbers in JavaScript's shortest round-trip form; booleans as
 * `true`/`false`; text guarded against spreadsheet formula injection (a `'`
 * before a leading `=`, `+`, `-`, `@`, tab or CR; see `guardFormula`).
 */
export function cellText(value: Cell): string {
  if (value === null) return ''
  return typeof value === 'string' ? guardFormula(value) : String(value)
}

/** `<name>_count`, `<name>_min_<unit>` ... `<name>_max_<unit>` for a distribution. */
export function distributionColumns<T>(name: string, unit: string, of: (row: T) => Distribution): Column<T>[] {
  const keys = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const
  return [{ header: `${name}_count`, value: (row) => of(row).count }, ...keys.map((k) => ({ header: `${name}_${k}_${unit}`, value: (row: T) => of(row)[k] }))]
}

/**
 * A summed cost as a cell and its note: empty (never 0) when no record in it
 * had a price; the known part, said to be partial, when some had none.
 */
export function costCells(cost: Cost): { usd: number | null; note: string } {
  if (cost.known === 0 && cost.unknown > 0) return { usd: null, note: `unknown: no price for ${cost.unknown} record${cost.unknown === 1 ? '' : 's'}` }
  if (cost.unknown > 0) return { usd: cost.total, note: `partial: ${cost.known} priced; ${cost.unknown} without a price` }
  return { usd: cost.total, note: '' }
}
