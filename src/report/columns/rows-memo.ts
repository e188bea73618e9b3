import type { Distribution } from '../../metrics/percentile.ts'
import { summarizePooledGroups } from '../../metrics/pooled-groups.ts'
import type { Stats } from '../results-schema.ts'
import { itlLists, statsOfRows } from './column-stats.ts'
import type { RecordColumns } from './record-columns.ts'

/** A distinct group: its rows, its pooled ITL when summarised with the others, its stats once asked for. */
interface Entry {
  rows: ArrayLike<number>
  itl: Distribution | undefined
  stats: Stats | null
}

/**
 * `statsOfRows` of one run's groups, computed once for groups that are the
 * same rows in the same order: the breakdowns of a run often repeat a group
 * (byModel is byProvider when each provider serves one model; with one
 * provider its group is the whole run, and byDatasetProvider is byDataset),
 * and each group's pooled ITL percentiles and intervals cost tens of
 * milliseconds or more at 100,000 records. Groups are compared row by row.
 *
 * The groups given up front (every breakdown's) have their pooled ITL
 * summarised together (summarizePooledGroups: every gap is in about six
 * groups, and they share the passes over the gaps); a group asked for later
 * is summarised alone, with the same numbers.
 */
export class RowsStatsMemo {
  readonly #columns: RecordColumns
  readonly #known = new Map<string, Array<Entry>>()

  constructor(columns: RecordColumns, groups: ReadonlyArray<ArrayLike<number>> = []) {
    this.#columns = columns
    const distinct: Array<Entry> = []
    for (const rows of groups) {
      if (this.#find(rows) !== undefined) continue
      const entry: Entry = { rows, itl: undefined, stats: null }
      this.#remember(entry)
      distinct.push(entry)
    }
    if (distinct.length === 0) return
    const itl = summarizePooledGroups(itlLists(columns), distinct.map((entry) => entry.rows))
    distinct.forEach((entry, i) => (entry.itl = itl[i]))
  }

  of(rows: ArrayLike<number>): Stats {
    const known = this.#find(rows)
    if (known?.stats) return known.stats
    const stats = statsOfRows(this.#columns, rows, known?.itl)
    if (known) known.stats = stats
    else this.#remember({ rows, itl: undefined, stats })
    return stats
  }

  #find(rows: ArrayLike<number>): Entry | undefined {
    for (const entry of this.#known.get(keyOf(rows)) ?? []) if (sameRows(entry.rows, rows)) return entry
    return undefined
  }

  #remember(entry: Entry): void {
    const key = keyOf(entry.rows)
    const known = this.#known.get(key)
    if (known) known.push(entry)
    else this.#known.set(key, [entry])
  }
}

function keyOf(rows: ArrayLike<number>): string {
  return `${rows.length}:${rows[0] ?? -1}:${rows[rows.length - 1] ?? -1}`
}

function sameRows(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
