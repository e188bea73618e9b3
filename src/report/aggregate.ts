import type { CaseRecord } from '../record/schema.ts'
import type { JudgeStats, Stats } from './results-schema.ts'
import { allRows, statsOfRows, unionLength } from './columns/column-stats.ts'
import { recordColumns } from './columns/record-columns.ts'
import { addJudge, emptyJudgeStats } from './judge-stats.ts'

export type { Stats } from './results-schema.ts'

/**
 * The numbers of a set of case records (one run, or one provider, model,
 * dataset or category of it). Bench mode's samples are records like any other.
 *
 * - Latency distributions take every record with timings, replayed ones
 *   included (their timings are the recorded ones); ITL gaps are pooled.
 * - Wall time and the throughputs take only timed records that made a call:
 *   a replayed or cached record took no time, so it would inflate tokens/s.
 *   Wall time is the time calls were in flight (the union of the calls'
 *   send → last-token intervals): a resume's pause or judge calls are not in it.
 * - Cost sums the known costs; records with output but no price are counted
 *   as `unknown`, never as 0. A judge's usage (an evaluation's
 *   `details.judge`) is counted apart from the model under test.
 * - Intervals (src/report/intervals/): the pass rate's from per-case counts
 *   (Wilson, or clustered by case); E2E/TTFT p50/p95 and mean scores by a
 *   seeded bootstrap whose work is capped, whatever the group's size.
 *
 * Computed from the records' columns (columns/record-columns.ts) in one walk
 * (columns/column-stats.ts); a run's end builds the columns once and reads
 * every breakdown's group from them.
 */
export function computeStats(records: readonly CaseRecord[]): Stats {
  const columns = recordColumns(records)
  return statsOfRows(columns, allRows(columns))
}

/** Records grouped by a key, groups in sorted key order (code-unit order: the same on every machine). */
export function groupBy<K extends string>(records: readonly CaseRecord[], keyOf: (r: CaseRecord) => K): Map<K, CaseRecord[]> {
  const groups = new Map<K, CaseRecord[]>()
  for (const r of records) {
    const key = keyOf(r)
    const list = groups.get(key)
    if (list) list.push(r)
    else groups.set(key, [r])
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compareText(a, b)))
}

/** Compares strings by UTF-16 code units, independent of the locale (for a deterministic order). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The sum of some numbers (0 for none). */
export function sum(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total
}

/** The judges' calls, tokens and cost over every evaluation that used one (its `details.judge`). */
export function judgeStats(records: readonly CaseRecord[]): JudgeStats {
  const stats = emptyJudgeStats()
  for (const r of records) {
    for (const e of r.evaluations) {
      const details = e.details?.['judge']
      // most evaluations have no judge: a failed parse would build an error for each
      if (details !== undefined) addJudge(stats, details)
    }
  }
  return stats
}

/**
 * The time calls were in flight: the length of the union of the records'
 * intervals [sent, sent + E2E], where sent = startedAt + queue wait. A pause
 * between batches (a resumed run), judge calls and evaluation after the last
 * token are not in it. Null for no records or no time.
 */
export function inFlightTime(records: readonly CaseRecord[]): number | null {
  const starts: number[] = []
  const ends: number[] = []
  for (const r of records) {
    if (r.timings === null) continue
    const sent = Date.parse(r.startedAt) + r.timings.queueMs
    if (Number.isFinite(sent) && r.timings.e2eMs > 0) {
      starts.push(sent)
      ends.push(sent + r.timings.e2eMs)
    }
  }
  return unionLength(starts, ends)
}
