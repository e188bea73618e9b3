import type { Stats } from '../results-schema.ts'
import { statsOfRows } from './column-stats.ts'
import type { RecordColumns } from './record-columns.ts'

/**
 * `statsOfRows` of one run's groups, computed once for groups that are the
 * same rows in the same order: the breakdowns of a run often repeat a group
 * (byModel is byProvider when each provider serves one model; with one
 * provider its group is the whole run, and byDatasetProvider is byDataset),
 * and each group's pooled ITL percentiles and intervals cost tens of
 * milliseconds or more at 100,000 records. Groups are compared row by row.
 */
export class RowsStatsMemo {
  readonly #columns: RecordColumns
  readonly #known = new Map<string, Array<{ rows: ArrayLike<number>; stats: Stats }>>()

  constructor(columns: RecordColumns) {
    this.#columns = columns
  }

  of(rows: ArrayLike<number>): Stats {
    const key = `${rows.length}:${rows[0] ?? -1}:${rows[rows.length - 1] ?? -1}`
    const known = this.#known.get(key)
    for (const entry of known ?? []) if (sameRows(entry.rows, rows)) return entry.stats
    const stats = statsOfRows(this.#columns, rows)
    if (known) known.push({ rows, stats })
    else this.#known.set(key, [{ rows, stats }])
    return stats
  }
}

function sameRows(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
