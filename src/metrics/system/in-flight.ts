import type { CaseRecord } from '../../record/schema.ts'

/** A closed time interval [start, end], epoch ms. */
export interface Interval {
  start: number
  end: number
}

/**
 * When a record's provider was working on it: from the end of its queue wait (startedAt + queueMs)
 * to endedAt. Null for records that made no call: skipped, answered from the response cache or
 * replayed from a recording; and for unreadable times.
 */
export function inFlightInterval(record: CaseRecord): Interval | null {
  if (record.status === 'skipped' || record.cached || record.replayed === true) return null
  const start = Date.parse(record.startedAt) + (record.timings?.queueMs ?? 0)
  const end = Date.parse(record.endedAt)
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return null
  return { start, end }
}

/** The same instants as sorted, disjoint intervals (overlapping or touching ones joined). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end)
  const merged: Interval[] = []
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && start <= last.end) last.end = Math.max(last.end, end)
    else merged.push({ start, end })
  }
  return merged
}

/** Whether `t` lies in one of the merged intervals (ends included); binary search. */
export function covers(merged: readonly Interval[], t: number): boolean {
  let lo = 0
  let hi = merged.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const interval = merged[mid] as Interval
    if (t < interval.start) hi = mid - 1
    else if (t > interval.end) lo = mid + 1
    else return true
  }
  return false
}
