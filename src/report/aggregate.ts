import { summarize, type Distribution } from '../metrics/percentile.ts'
import type { CaseRecord } from '../record/schema.ts'

/** Quality, latency and token numbers of a set of case records. */
export interface Stats {
  /** Distinct cases (dataset, case id, provider). */
  cases: number
  /** Records: one per case, or one per sample in bench mode. */
  samples: number
  passed: number
  failed: number
  errored: number
  timedOut: number
  skipped: number
  /** passed / (passed + failed + errored + timed out); null when nothing ran. */
  passRate: number | null
  /** Mean score per matcher name. */
  scores: Record<string, { mean: number; count: number }>
  e2eMs: Distribution
  /** Streamed requests only. */
  ttftMs: Distribution
  tpotMs: Distribution
  /** Every inter-token gap of every streamed request, pooled. */
  itlMs: Distribution
  queueMs: Distribution
  tokens: { input: number; output: number; total: number; recordsWithoutUsage: number }
  /** USD: the sum over records with a known cost; `unknown` records have no price (never counted as 0). */
  cost: { total: number; known: number; unknown: number }
  /** Retries over all records (attempts beyond the first). */
  retries: number
  /** Records answered from recordings (no call made). */
  replayed: number
  /** First send to last end, over the records of this set. */
  wallMs: number | null
  /** Output tokens / wall time (vLLM's output throughput). */
  outputTokensPerSecond: number | null
  /** Completed requests / wall time. */
  requestsPerSecond: number | null
}

export function computeStats(records: readonly CaseRecord[]): Stats {
  const ran = records.filter((r) => r.status !== 'skipped')
  const count = (status: CaseRecord['status']): number => records.filter((r) => r.status === status).length
  const passed = count('passed')
  const timed = ran.filter((r) => r.timings !== null)
  const withUsage = ran.filter((r) => r.usage.outputTokens !== null || r.usage.inputTokens !== null)
  const input = sum(withUsage.map((r) => r.usage.inputTokens ?? 0))
  const output = sum(withUsage.map((r) => r.usage.outputTokens ?? 0))
  const wallMs = wallTime(timed)
  const completed = ran.filter((r) => r.output !== null).length
  return {
    cases: new Set(records.map((r) => `${r.dataset}\0${r.caseId}\0${r.provider}`)).size,
    samples: records.length,
    passed,
    failed: count('failed'),
    errored: count('error'),
    timedOut: count('timeout'),
    skipped: count('skipped'),
    passRate: ran.length > 0 ? passed / ran.length : null,
    scores: meanScores(ran),
    e2eMs: summarize(timed.map((r) => r.timings?.e2eMs ?? Number.NaN)),
    ttftMs: summarize(timed.map((r) => r.timings?.ttftMs ?? Number.NaN)),
    tpotMs: summarize(timed.map((r) => r.timings?.tpotMs ?? Number.NaN)),
    itlMs: summarize(timed.flatMap((r) => r.timings?.itlMs ?? [])),
    queueMs: summarize(timed.map((r) => r.timings?.queueMs ?? Number.NaN)),
    tokens: { input, output, total: input + output, recordsWithoutUsage: ran.length - withUsage.length },
    cost: costOf(ran),
    retries: sum(records.map((r) => r.retries)),
    replayed: records.filter((r) => r.cached).length,
    wallMs,
    outputTokensPerSecond: wallMs && withUsage.length > 0 ? output / (wallMs / 1000) : null,
    requestsPerSecond: wallMs ? completed / (wallMs / 1000) : null,
  }
}

/** Records grouped by a key, groups in sorted key order. */
export function groupBy<K extends string>(records: readonly CaseRecord[], keyOf: (r: CaseRecord) => K): Map<K, CaseRecord[]> {
  const groups = new Map<K, CaseRecord[]>()
  for (const r of records) {
    const key = keyOf(r)
    const list = groups.get(key)
    if (list) list.push(r)
    else groups.set(key, [r])
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

function meanScores(records: readonly CaseRecord[]): Record<string, { mean: number; count: number }> {
  const totals = new Map<string, { total: number; count: number }>()
  for (const e of records.flatMap((r) => r.evaluations)) {
    const t = totals.get(e.name) ?? { total: 0, count: 0 }
    t.total += e.score
    t.count++
    totals.set(e.name, t)
  }
  const out: Record<string, { mean: number; count: number }> = {}
  for (const [name, t] of [...totals].sort(([a], [b]) => a.localeCompare(b))) out[name] = { mean: t.total / t.count, count: t.count }
  return out
}

/** Costs of the records that made a call or replayed one; a record with no price is counted apart. */
function costOf(records: readonly CaseRecord[]): Stats['cost'] {
  const priced = records.filter((r) => r.cost !== null)
  const unknown = records.filter((r) => r.cost === null && r.output !== null).length
  return { total: sum(priced.map((r) => r.cost ?? 0)), known: priced.length, unknown }
}

/** First send (start + queue wait) to last end. */
function wallTime(records: readonly CaseRecord[]): number | null {
  if (records.length === 0) return null
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const r of records) {
    first = Math.min(first, Date.parse(r.startedAt) + (r.timings?.queueMs ?? 0))
    last = Math.max(last, Date.parse(r.endedAt))
  }
  return last > first ? last - first : null
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const v of values) total += v
  return total
}
