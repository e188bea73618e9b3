import { z } from 'zod'
import { summarize, summarizePooled } from '../../../src/metrics/percentile.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { meanBootstrap } from '../../../src/report/intervals/bootstrap-capped.ts'
import { passRateInterval } from '../../../src/report/intervals/pass-rate.ts'
import { caseCounts, percentileIntervals } from '../../../src/report/intervals/record-intervals.ts'
import type { Cost, JudgeStats, ScoreStats, Stats } from '../../../src/report/results-schema.ts'

/*
 * computeStats as it was before the columns (commit d36a8e1, record by record
 * with filtered arrays): the oracle the columnar stats must equal to the bit.
 */

export function referenceStats(records: readonly CaseRecord[]): Stats {
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

function sum(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
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
function judgeStats(records: readonly CaseRecord[]): JudgeStats {
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
function inFlightTime(records: readonly CaseRecord[]): number | null {
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
