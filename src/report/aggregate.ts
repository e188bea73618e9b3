import { z } from 'zod'
import { summarize, summarizePooled } from '../metrics/percentile.ts'
import type { CaseRecord } from '../record/schema.ts'
import type { Cost, JudgeStats, ScoreStats, Stats } from './results-schema.ts'
import { meanBootstrap } from './intervals/bootstrap-capped.ts'
import { passRateInterval } from './intervals/pass-rate.ts'
import { caseCounts, percentileIntervals } from './intervals/record-intervals.ts'

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
 */
export function computeStats(records: readonly CaseRecord[]): Stats {
  const ran = records.filter((r) => r.status !== 'skipped')
  const count = (status: CaseRecord['status']): number => records.filter((r) => r.status === status).length
  const passed = count('passed')
  const timed = ran.filter((r) => r.timings !== null)
  const withUsage = ran.filter(hasUsage)
  const input = sum(withUsage.map((r) => r.usage.inputTokens ?? 0))
  const output = sum(withUsage.map((r) => r.usage.outputTokens ?? 0))
  const live = timed.filter((r) => !r.cached)
  const wallMs = inFlightTime(live)
  const liveOutput = sum(live.filter(hasUsage).map((r) => r.usage.outputTokens ?? 0))
  const liveCompleted = live.filter((r) => r.output !== null).length
  const e2e = timed.map((r) => r.timings?.e2eMs ?? Number.NaN)
  const ttft = timed.map((r) => r.timings?.ttftMs ?? Number.NaN)
  return {
    // a case under each prompt variant (`variants:`) is a case of its own; its repeats and bench samples are not
    cases: new Set(records.map((r) => (r.variant === undefined ? `${r.dataset}\0${r.caseId}\0${r.provider}` : `${r.dataset}\0${r.caseId}\0${r.provider}\0${r.variant}`))).size,
    samples: records.length,
    passed,
    failed: count('failed'),
    errored: count('error'),
    timedOut: count('timeout'),
    skipped: count('skipped'),
    passRate: ran.length > 0 ? passed / ran.length : null,
    passRateInterval: passRateInterval(caseCounts(ran)),
    scores: meanScores(ran),
    e2eMs: summarize(e2e),
    ttftMs: summarize(ttft),
    e2eMsInterval: percentileIntervals(e2e),
    ttftMsInterval: percentileIntervals(ttft),
    tpotMs: summarize(timed.map((r) => r.timings?.tpotMs ?? Number.NaN)),
    itlMs: summarizePooled(timed.map((r) => r.timings?.itlMs ?? [])),
    queueMs: summarize(timed.map((r) => r.timings?.queueMs ?? Number.NaN)),
    tokens: { input, output, total: input + output, recordsWithoutUsage: ran.length - withUsage.length },
    cost: costOf(ran),
    judge: judgeStats(ran),
    attempts: sum(records.map((r) => r.attempts)),
    retries: sum(records.map((r) => r.retries)),
    replayed: records.filter((r) => r.cached).length,
    wallMs,
    outputTokensPerSecond: wallMs !== null && live.some(hasUsage) ? liveOutput / (wallMs / 1000) : null,
    requestsPerSecond: wallMs !== null ? liveCompleted / (wallMs / 1000) : null,
  }
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

function hasUsage(r: CaseRecord): boolean {
  return r.usage.outputTokens !== null || r.usage.inputTokens !== null
}

function meanScores(records: readonly CaseRecord[]): Record<string, ScoreStats> {
  const totals = new Map<string, { total: number; count: number; passed: number; scores: number[] }>()
  for (const e of records.flatMap((r) => r.evaluations)) {
    const t = totals.get(e.name) ?? { total: 0, count: 0, passed: 0, scores: [] }
    t.total += e.score
    t.count++
    t.scores.push(e.score)
    if (e.pass) t.passed++
    totals.set(e.name, t)
  }
  const out: Record<string, ScoreStats> = {}
  for (const [name, t] of [...totals].sort(([a], [b]) => compareText(a, b))) out[name] = { mean: t.total / t.count, count: t.count, passed: t.passed, meanInterval: meanBootstrap(t.scores) }
  return out
}

/** Costs of the records that made a call or replayed one; a record with output but no price is counted apart. */
function costOf(records: readonly CaseRecord[]): Cost {
  const priced = records.filter((r) => r.cost !== null)
  // a hand-written test has no output of its own: its model calls (`calls`) are what was priced
  const unknown = records.filter((r) => r.cost === null && (r.output !== null || (r.calls?.some((c) => c.error === undefined) ?? false))).length
  return { total: sum(priced.map((r) => r.cost ?? 0)), known: priced.length, unknown }
}

/** What a judge matcher (toSatisfyRubric) leaves in `details.judge`; only what is counted here. */
const JudgeDetailsSchema = z.object({
  calls: z.number().min(0),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  cost: z.number().nullable(),
})

/** The judges' calls, tokens and cost over every evaluation that used one (its `details.judge`). */
export function judgeStats(records: readonly CaseRecord[]): JudgeStats {
  const stats: JudgeStats = { evaluations: 0, calls: 0, inputTokens: 0, outputTokens: 0, cost: { total: 0, known: 0, unknown: 0 } }
  for (const e of records.flatMap((r) => r.evaluations)) {
    const details = e.details?.['judge']
    // most evaluations have no judge: a failed parse would build an error for each
    if (details === undefined) continue
    const parsed = JudgeDetailsSchema.safeParse(details)
    if (!parsed.success) continue
    const judge = parsed.data
    stats.evaluations++
    stats.calls += judge.calls
    stats.inputTokens += judge.inputTokens ?? 0
    stats.outputTokens += judge.outputTokens ?? 0
    if (judge.cost !== null) {
      stats.cost.total += judge.cost
      stats.cost.known++
    } else if (judge.calls > 0) stats.cost.unknown++
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
  const intervals: Array<[number, number]> = []
  for (const r of records) {
    if (r.timings === null) continue
    const sent = Date.parse(r.startedAt) + r.timings.queueMs
    if (Number.isFinite(sent) && r.timings.e2eMs > 0) intervals.push([sent, sent + r.timings.e2eMs])
  }
  if (intervals.length === 0) return null
  intervals.sort((a, b) => a[0] - b[0])
  let total = 0
  let [from, to] = intervals[0] ?? [0, 0]
  for (const [start, end] of intervals) {
    if (start > to) {
      total += to - from
      from = start
      to = end
    } else if (end > to) to = end
  }
  total += to - from
  return total > 0 ? total : null
}
