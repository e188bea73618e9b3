import type { CaseRecord } from '../record/schema.ts'
import { computeStats, type Stats } from './aggregate.ts'

/**
 * `computeStats` of a group of records, computed once for groups that are the
 * same records in the same order: the breakdowns of one run often repeat a
 * group (byModel is byProvider when each provider serves one model; with one
 * provider its group is the whole run, and byDatasetProvider is byDataset),
 * and at 100,000 records each group's pooled ITL percentiles and intervals
 * cost about a second. Groups are compared record by record (the same
 * objects), never by key; `reset` starts a new run's memo (records may be
 * changed between runs, never within one).
 */
export class StatsMemo {
  #byFirst = new Map<CaseRecord, Array<{ group: readonly CaseRecord[]; stats: Stats }>>()

  of(group: readonly CaseRecord[]): Stats {
    const first = group[0]
    if (first === undefined) return computeStats(group)
    const known = this.#byFirst.get(first)
    for (const entry of known ?? []) if (sameRecords(entry.group, group)) return entry.stats
    const stats = computeStats(group)
    if (known) known.push({ group, stats })
    else this.#byFirst.set(first, [{ group, stats }])
    return stats
  }

  reset(): void {
    this.#byFirst = new Map()
  }
}

function sameRecords(a: readonly CaseRecord[], b: readonly CaseRecord[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
