import { summarize, summarizeOfSorted, summarizePooled, type Distribution } from '../../metrics/percentile.ts'
import { meanBootstrap, percentileBootstrapsOfSorted, sortedFinite } from '../intervals/bootstrap-capped.ts'
import { passRateInterval, type CaseCount } from '../intervals/pass-rate.ts'
import type { PercentileIntervals } from '../intervals/schema.ts'
import { addJudge, emptyJudgeStats } from '../judge-stats.ts'
import type { ScoreStats, Stats } from '../results-schema.ts'
import { FLAG, STATUS, type RecordColumns } from './record-columns.ts'

/**
 * The Stats of a group of records (`rows` of the columns, in the group's
 * order), in one walk over its rows: the same numbers as aggregate.ts's
 * `computeStats` of those records, summed in the same order (so the same
 * floating-point results, to the bit); see there for what each one means.
 * What it allocates is the group's latency lists and a few per-case counters,
 * never a copy of its records. `itlMs`, when given, is the group's pooled
 * inter-token gaps already summarised (summarizePooledGroups of `itlLists`,
 * the same numbers): the gaps are then not read here.
 */
export function statsOfRows(c: RecordColumns, rows: ArrayLike<number>, itlMs?: Distribution): Stats {
  const caseSeen = new Uint8Array(c.caseKeys)
  const caseSlot = new Int32Array(c.caseKeys).fill(-1)
  // per case that ran (in order of its first record): trials and passes, made CaseCounts at the end
  const caseTrials = new Uint32Array(c.caseKeys)
  const casePasses = new Uint32Array(c.caseKeys)
  let slots = 0
  let cases = 0
  const byStatus = new Uint32Array(5)
  let ran = 0
  // the group's latencies, at most one a row: typed arrays of that size, filled up to `timed` (no growing arrays)
  const e2e = new Float64Array(rows.length)
  const ttft = new Float64Array(rows.length)
  const tpot = new Float64Array(rows.length)
  const queue = new Float64Array(rows.length)
  let timed = 0
  const itl: Array<readonly number[]> = []
  let input = 0
  let output = 0
  let withUsage = 0
  let liveOutput = 0
  let liveWithUsage = 0
  let liveCompleted = 0
  const starts = new Float64Array(rows.length)
  const ends = new Float64Array(rows.length)
  let live = 0
  let costTotal = 0
  let costKnown = 0
  let costUnknown = 0
  const judge = emptyJudgeStats()
  const scores = new Map<number, { total: number; count: number; passed: number; scores: number[] }>()
  let attempts = 0
  let retries = 0
  let replayed = 0
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number
    const status = c.status[row] as number
    const flags = c.flags[row] as number
    const key = c.caseKey[row] as number
    if (caseSeen[key] === 0) {
      caseSeen[key] = 1
      cases++
    }
    byStatus[status] = (byStatus[status] as number) + 1
    attempts += c.attempts[row] as number
    retries += c.retries[row] as number
    if ((flags & FLAG.cached) !== 0) replayed++
    if (status === STATUS.skipped) continue
    ran++
    let slot = caseSlot[key] as number
    if (slot === -1) {
      slot = slots++
      caseSlot[key] = slot
    }
    caseTrials[slot] = (caseTrials[slot] as number) + 1
    if (status === STATUS.passed) casePasses[slot] = (casePasses[slot] as number) + 1
    const usage = (flags & FLAG.usage) !== 0
    if (usage) {
      withUsage++
      input += c.inputTokens[row] as number
      output += c.outputTokens[row] as number
    }
    const cost = c.cost[row] as number
    if (!Number.isNaN(cost)) {
      costTotal += cost
      costKnown++
    } else if ((flags & FLAG.costUnknown) !== 0) costUnknown++
    for (let e = c.evalFrom[row] as number, to = c.evalFrom[row + 1] as number; e < to; e++) {
      const name = c.evalName[e] as number
      let t = scores.get(name)
      if (t === undefined) scores.set(name, (t = { total: 0, count: 0, passed: 0, scores: [] }))
      const score = c.evalScore[e] as number
      t.total += score
      t.count++
      t.scores.push(score)
      if (c.evalPass[e] === 1) t.passed++
      if (c.judges.size > 0) {
        const details = c.judges.get(e)
        if (details !== undefined) addJudge(judge, details)
      }
    }
    if ((flags & FLAG.timed) === 0) continue
    const e2eMs = c.e2eMs[row] as number
    e2e[timed] = e2eMs
    ttft[timed] = c.ttftMs[row] as number
    tpot[timed] = c.tpotMs[row] as number
    queue[timed] = c.queueMs[row] as number
    timed++
    if (itlMs === undefined) itl.push(c.itlMs[row] as readonly number[])
    if ((flags & FLAG.cached) !== 0) continue
    // live: a call was made (not replayed)
    if (usage) {
      liveWithUsage++
      liveOutput += c.outputTokens[row] as number
    }
    if ((flags & FLAG.output) !== 0) liveCompleted++
    const sent = c.sentAt[row] as number
    if (Number.isFinite(sent) && e2eMs > 0) {
      starts[live] = sent
      ends[live] = sent + e2eMs
      live++
    }
  }
  const passed = byStatus[STATUS.passed] as number
  const wallMs = unionLength(starts.subarray(0, live), ends.subarray(0, live))
  // E2E and TTFT sorted once for their percentiles and their bootstrap intervals
  const e2eList = e2e.subarray(0, timed)
  const ttftList = ttft.subarray(0, timed)
  const e2eSorted = sortedFinite(e2eList)
  const ttftSorted = sortedFinite(ttftList)
  return {
    cases,
    samples: rows.length,
    passed,
    failed: byStatus[STATUS.failed] as number,
    errored: byStatus[STATUS.error] as number,
    timedOut: byStatus[STATUS.timeout] as number,
    skipped: byStatus[STATUS.skipped] as number,
    passRate: ran > 0 ? passed / ran : null,
    passRateInterval: passRateInterval(caseCountsOf(caseTrials, casePasses, slots)),
    scores: scoreStats(c, scores),
    e2eMs: summarizeOfSorted(e2eList, e2eSorted),
    ttftMs: summarizeOfSorted(ttftList, ttftSorted),
    e2eMsInterval: intervalsOfSorted(e2eSorted),
    ttftMsInterval: intervalsOfSorted(ttftSorted),
    tpotMs: summarize(tpot.subarray(0, timed) as unknown as number[]),
    itlMs: itlMs ?? summarizePooled(itl),
    queueMs: summarize(queue.subarray(0, timed) as unknown as number[]),
    tokens: { input, output, total: input + output, recordsWithoutUsage: ran - withUsage },
    cost: { total: costTotal, known: costKnown, unknown: costUnknown },
    judge,
    attempts,
    retries,
    replayed,
    wallMs,
    outputTokensPerSecond: wallMs !== null && liveWithUsage > 0 ? liveOutput / (wallMs / 1000) : null,
    requestsPerSecond: wallMs !== null ? liveCompleted / (wallMs / 1000) : null,
  }
}

/** record-intervals.ts's `percentileIntervals` (p50 and p95) of values already sorted, all finite. */
function intervalsOfSorted(sorted: Float64Array): PercentileIntervals {
  const [p50, p95] = percentileBootstrapsOfSorted(sorted, [50, 95])
  return { p50: p50 ?? null, p95: p95 ?? null }
}

/** A case that ran once and passed, or failed: shared by every such case (passRateInterval only reads them). */
const ONE_PASSED: CaseCount = Object.freeze({ passes: 1, trials: 1 })
const ONE_NOT_PASSED: CaseCount = Object.freeze({ passes: 0, trials: 1 })

/** The cases' counts in order: a case run once is one of two shared objects (a run of 100,000 cases makes no object per case per group). */
function caseCountsOf(trials: Uint32Array, passes: Uint32Array, count: number): CaseCount[] {
  const out = new Array<CaseCount>(count)
  for (let slot = 0; slot < count; slot++) {
    const t = trials[slot] as number
    const p = passes[slot] as number
    out[slot] = t === 1 ? (p === 1 ? ONE_PASSED : ONE_NOT_PASSED) : { passes: p, trials: t }
  }
  return out
}

/** Each row's inter-token gaps as a group's pooled ITL reads them: none for a skipped record or one without timings. */
export function itlLists(c: RecordColumns): Array<readonly number[]> {
  const lists = new Array<readonly number[]>(c.length)
  for (let row = 0; row < c.length; row++) {
    const counted = c.status[row] !== STATUS.skipped && ((c.flags[row] as number) & FLAG.timed) !== 0
    lists[row] = counted ? (c.itlMs[row] as readonly number[]) : NO_GAPS
  }
  return lists
}

const NO_GAPS: readonly number[] = []

/** Every row of the columns, in order. */
export function allRows(c: RecordColumns): Uint32Array {
  const rows = new Uint32Array(c.length)
  for (let i = 0; i < rows.length; i++) rows[i] = i
  return rows
}

function scoreStats(c: RecordColumns, totals: Map<number, { total: number; count: number; passed: number; scores: number[] }>): Record<string, ScoreStats> {
  const named = [...totals].map(([id, t]) => [c.evalNames[id] as string, t] as const)
  named.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const out: Record<string, ScoreStats> = {}
  for (const [name, t] of named) out[name] = { mean: t.total / t.count, count: t.count, passed: t.passed, meanInterval: meanBootstrap(t.scores) }
  return out
}

/**
 * The length of the union of the intervals [starts[i], ends[i]] (aggregate.ts's
 * `inFlightTime`): sorted by start, merged; null for none or a zero length.
 * With every end ≥ its start (as the callers make them), the merged runs are
 * found from the starts and the ends each sorted on their own (two native
 * sorts, no comparator): a run ends where as many intervals have ended as have
 * started (a start at the same time as an end first: touching intervals
 * merge), at the largest end so far; the same runs, the same sum, as merging
 * intervals sorted by start.
 */
export function unionLength(starts: ArrayLike<number>, ends: ArrayLike<number>): number | null {
  const n = starts.length
  if (n === 0) return null
  const s = Float64Array.from(starts)
  const e = Float64Array.from(ends)
  for (let i = 0; i < n; i++) if (!((e[i] as number) >= (s[i] as number))) return unionByStart(starts, ends)
  s.sort()
  e.sort()
  let total = 0
  let from = s[0] as number
  let open = 0
  let i = 0
  let j = 0
  while (j < n) {
    if (i < n && (s[i] as number) <= (e[j] as number)) {
      if (open === 0) from = s[i] as number
      open++
      i++
    } else {
      open--
      if (open === 0) total += (e[j] as number) - from
      j++
    }
  }
  return total > 0 ? total : null
}

/** The union's length from the intervals sorted by start and merged (any intervals, an end before its start or NaN included). */
function unionByStart(starts: ArrayLike<number>, ends: ArrayLike<number>): number | null {
  const n = starts.length
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  order.sort((a, b) => (starts[a] as number) - (starts[b] as number))
  let total = 0
  let from = starts[order[0] as number] as number
  let to = ends[order[0] as number] as number
  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const start = starts[i] as number
    const end = ends[i] as number
    if (start > to) {
      total += to - from
      from = start
      to = end
    } else if (end > to) to = end
  }
  total += to - from
  return total > 0 ? total : null
}
