import { clusteredPassRate } from '../report/stats/clustered.ts'
import { wilsonInterval } from '../report/stats/wilson.ts'
import type { Figures } from './figures.ts'
import type { ColumnBranch, ColumnGroup, IndexColumns } from './index-columns.ts'
import { percentilesInPlace } from './order-statistics.ts'
import type { HistoryGroup } from './store.ts'

/** Each case's outcome in a group, sorted by case id, a column each: its case id's number (IndexColumns.caseIds), passing samples, samples that ran (skipped left out), errored or timed-out samples. */
export interface OutcomeColumns {
  caseId: Uint32Array
  passes: Uint32Array
  trials: Uint32Array
  errors: Uint32Array
}

/** A group of a run with its figures; a group of scope 'all' with each case's outcome too. */
export interface GroupFigures extends HistoryGroup {
  figures: Figures
  outcomes: OutcomeColumns | null
}

const PASSED = 0
const FAILED = 1
const ERROR = 2
const TIMEOUT = 3
const SKIPPED = 4

/**
 * The figures of a run, of each of its groups (dataset × provider × model ×
 * variant) and of each category within a group, from its columns in a few
 * passes, with no object per record. The same records in another order give
 * the same figures, bit for bit: percentiles are order statistics, costs are
 * summed in ascending order, the clustered interval reads its cases in key order.
 */
export function runFigures(columns: IndexColumns): { run: Figures; groups: GroupFigures[]; caseIds: readonly string[] } {
  const scratch = new Scratch(columns)
  const [run] = levelFigures(null, 1, false, scratch)
  const groups: GroupFigures[] = []
  const all = levelFigures(columns.group, columns.groups.length, true, scratch)
  columns.groups.forEach((g, i) => {
    const { figures, outcomes } = all[i] as LevelResult
    groups.push({ scope: 'all', dataset: g.dataset, provider: g.provider, model: g.model, variant: g.variant, category: null, figures, outcomes })
  })
  const byCategory = levelFigures(columns.categoryGroup, columns.categoryGroups.length, false, scratch)
  columns.categoryGroups.forEach(({ group, category }, i) => {
    const g = columns.groups[group] as ColumnGroup
    groups.push({ scope: 'category', dataset: g.dataset, provider: g.provider, model: g.model, variant: g.variant, category, figures: (byCategory[i] as LevelResult).figures, outcomes: null })
  })
  return { run: (run as LevelResult).figures, groups, caseIds: columns.caseIds }
}

interface LevelResult {
  figures: Figures
  outcomes: OutcomeColumns | null
}

/** The columns with their cases numbered, and buffers shared by the levels: each case's tally in the group being read, the values of that group. */
class Scratch {
  readonly columns: IndexColumns
  /** Per record: its case (dataset × provider × variant × case id). */
  readonly caseOf: Uint32Array
  /** Per case: its branch (dataset × provider × variant) and case id number. */
  readonly caseBranch: Uint32Array
  readonly caseIdOf: Uint32Array
  readonly caseCount: number
  /** The group (a number unique across levels) that last counted the case. */
  readonly mark: Int32Array
  readonly passes: Int32Array
  readonly trials: Int32Array
  readonly errors: Int32Array
  /** The cases of the group being read, as first seen. */
  readonly members: Uint32Array
  /** The group's costs, latencies (room for one more: each record's value is written, then counted or not). */
  readonly e2e: Float64Array
  readonly ttft: Float64Array
  readonly cost: Float64Array
  /** The group's records by status (STATUSES order). */
  readonly counts = new Int32Array(5)
  stamp = 0
  #tupleRank: { rank: Uint32Array; caseAt: Uint32Array } | null = null
  #idRank: { rank: Uint32Array; caseAt: Uint32Array } | null = null

  constructor(columns: IndexColumns) {
    this.columns = columns
    // a case is a branch (dataset × provider × variant) × a case id: the records read branch by branch
    // (a counting sort), each branch numbering the case ids it has not seen yet; no table of every pair
    const { length, group, caseId, groups, caseIds } = columns
    const branchOf = Uint32Array.from(groups, (g) => g.branch)
    const branchCount = columns.branches.length
    const start = new Int32Array(branchCount + 1)
    for (let i = 0; i < length; i++) {
      const b = (branchOf[group[i] as number] as number) + 1
      start[b] = (start[b] as number) + 1
    }
    for (let b = 0; b < branchCount; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number)
    const byBranch = new Uint32Array(length)
    for (let i = 0; i < length; i++) {
      const b = branchOf[group[i] as number] as number
      byBranch[start[b] as number] = i
      start[b] = (start[b] as number) + 1
    }
    const seenIn = new Int32Array(caseIds.length)
    const caseNo = new Uint32Array(caseIds.length)
    const caseBranch = new Uint32Array(length)
    const caseIdOf = new Uint32Array(length)
    this.caseOf = new Uint32Array(length)
    let count = 0
    for (let k = 0; k < length; k++) {
      const i = byBranch[k] as number
      const b = (branchOf[group[i] as number] as number) + 1
      const id = caseId[i] as number
      if (seenIn[id] !== b) {
        seenIn[id] = b
        caseNo[id] = count
        caseBranch[count] = b - 1
        caseIdOf[count] = id
        count++
      }
      this.caseOf[i] = caseNo[id] as number
    }
    this.caseBranch = caseBranch.subarray(0, count)
    this.caseIdOf = caseIdOf.subarray(0, count)
    const cases = (this.caseCount = count)
    this.mark = new Int32Array(cases).fill(-1)
    this.passes = new Int32Array(cases)
    this.trials = new Int32Array(cases)
    this.errors = new Int32Array(cases)
    this.members = new Uint32Array(cases)
    this.e2e = new Float64Array(columns.length + 1)
    this.ttft = new Float64Array(columns.length + 1)
    this.cost = new Float64Array(columns.length + 1)
  }

  /** Each case's place when the cases are sorted by dataset, case id, provider, variant (field by field; a null variant as '', before it); `caseAt` the inverse. */
  tupleRanks(): { rank: Uint32Array; caseAt: Uint32Array } {
    if (!this.#tupleRank) {
      const { branches, caseIds } = this.columns
      const { caseBranch, caseIdOf, caseCount } = this
      const compareCases = (a: number, b: number): number => {
        const x = branches[caseBranch[a] as number] as ColumnBranch
        const y = branches[caseBranch[b] as number] as ColumnBranch
        return (
          compare(x.dataset, y.dataset) ||
          compare(caseIds[caseIdOf[a] as number] as string, caseIds[caseIdOf[b] as number] as string) ||
          compare(x.provider, y.provider) ||
          compare(x.variant ?? '', y.variant ?? '') ||
          (x.variant === y.variant ? 0 : x.variant === null ? -1 : 1)
        )
      }
      const caseAt = Uint32Array.from({ length: caseCount }, (_, c) => c).sort(compareCases)
      const rank = new Uint32Array(caseCount)
      caseAt.forEach((c, r) => (rank[c] = r))
      this.#tupleRank = { rank, caseAt }
    }
    return this.#tupleRank
  }

  /** Each case's place among the distinct case ids in code-unit order; `caseAt` is free for a group to fill (within a group a case id is one case). */
  idRanks(): { rank: Uint32Array; caseAt: Uint32Array } {
    if (!this.#idRank) {
      const { caseIds } = this.columns
      const { caseIdOf, caseCount } = this
      const byId = Array.from(caseIds.keys()).sort((a, b) => compare(caseIds[a] as string, caseIds[b] as string))
      const idRank = new Uint32Array(caseIds.length)
      byId.forEach((id, r) => (idRank[id] = r))
      const rank = new Uint32Array(caseCount)
      for (let c = 0; c < caseCount; c++) rank[c] = idRank[caseIdOf[c] as number] as number
      this.#idRank = { rank, caseAt: new Uint32Array(caseIds.length) }
    }
    return this.#idRank
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The figures of each group of one level: `assign` gives each record's group
 * (-1: in none), null puts every record in group 0. Records are read group by
 * group, each group's in record order (token sums come out as they always did).
 */
function levelFigures(assign: Uint32Array | Int32Array | null, count: number, withOutcomes: boolean, s: Scratch): LevelResult[] {
  const n = s.columns.length
  // records by group: a counting sort into one list of record numbers
  const start = new Int32Array(count + 1)
  let order: Uint32Array | null = null
  if (assign === null) start[1] = n
  else {
    for (let i = 0; i < n; i++) {
      const g = assign[i] as number
      if (g >= 0) start[g + 1] = (start[g + 1] as number) + 1
    }
    for (let g = 0; g < count; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number)
    const next = start.slice(0, count)
    order = new Uint32Array(start[count] as number)
    for (let i = 0; i < n; i++) {
      const g = assign[i] as number
      if (g >= 0) order[(next[g] as number)++] = i
    }
  }
  const out: LevelResult[] = []
  for (let g = 0; g < count; g++) {
    const figures = groupFigures(s, order, start[g] as number, start[g + 1] as number)
    out.push({ figures, outcomes: withOutcomes ? outcomesOf(s, figures.cases) : null })
  }
  return out
}

/**
 * The figures of the records order[from..to) (one group); leaves its cases in
 * s.members with their tallies. The loop does the same arithmetic for every
 * record whatever its status (counts indexed by status, 0 or 1 added): a
 * run's end runs this code once, before it is optimised, and a branch first
 * taken late would send the optimised loop back to the interpreter.
 */
function groupFigures(s: Scratch, order: Uint32Array | null, from: number, to: number): Figures {
  const { status, e2eMs, ttftMs, inputTokens: inTokens, outputTokens: outTokens, cost: costs } = s.columns
  const { caseOf, mark, passes, trials, errors, members, counts } = s
  const stamp = s.stamp++
  const samples = to - from
  counts.fill(0)
  let distinct = 0
  let inputTokens = 0
  let outputTokens = 0
  let costKnown = 0
  let e2eCount = 0
  let ttftCount = 0
  let maxTrials = 0
  for (let k = from; k < to; k++) {
    const i = order === null ? k : (order[k] as number)
    const c = caseOf[i] as number
    if (mark[c] !== stamp) {
      mark[c] = stamp
      passes[c] = 0
      trials[c] = 0
      errors[c] = 0
      members[distinct++] = c
    }
    const st = status[i] as number
    counts[st] = (counts[st] as number) + 1
    if (st === SKIPPED) continue
    passes[c] = (passes[c] as number) + (st === PASSED ? 1 : 0)
    errors[c] = (errors[c] as number) + (st === ERROR || st === TIMEOUT ? 1 : 0)
    const t = (trials[c] as number) + 1
    trials[c] = t
    maxTrials = t > maxTrials ? t : maxTrials
    inputTokens += inTokens[i] as number
    outputTokens += outTokens[i] as number
    // NaN is none; finite latencies only, as summarize() reads them
    const cost = costs[i] as number
    s.cost[costKnown] = cost
    costKnown += cost === cost ? 1 : 0
    const e2e = e2eMs[i] as number
    s.e2e[e2eCount] = e2e
    e2eCount += e2e - e2e === 0 ? 1 : 0
    const ttft = ttftMs[i] as number
    s.ttft[ttftCount] = ttft
    ttftCount += ttft - ttft === 0 ? 1 : 0
  }
  // nothing but a call after the loop: the loop's optimised code has no feedback for what follows it
  return figuresOfGroup(s, samples, distinct, maxTrials, inputTokens, outputTokens, costKnown, e2eCount, ttftCount)
}

/** The figures from a group's tallies (groupFigures' loop just made them). */
function figuresOfGroup(s: Scratch, samples: number, distinct: number, maxTrials: number, inputTokens: number, outputTokens: number, costKnown: number, e2eCount: number, ttftCount: number): Figures {
  const g = { samples, distinct, repeated: maxTrials > 1, inputTokens, outputTokens, costKnown, e2eCount, ttftCount }
  const { counts } = s
  const passed = counts[PASSED] as number
  const skipped = counts[SKIPPED] as number
  const ran = g.samples - skipped
  let interval: { lower: number; upper: number } | null = null
  if (ran > 0) interval = g.repeated ? clusteredInterval(s, g.distinct) : wilsonInterval(passed, ran)
  // a sum in ascending order: the same records in another order give the same bits
  const sortedCosts = s.cost.subarray(0, g.costKnown).sort()
  let cost = 0
  for (let k = 0; k < g.costKnown; k++) cost += sortedCosts[k] as number
  const [e2eP50 = null, e2eP95 = null] = percentilesInPlace(s.e2e.subarray(0, g.e2eCount), [50, 95])
  const [ttftP50 = null, ttftP95 = null] = percentilesInPlace(s.ttft.subarray(0, g.ttftCount), [50, 95])
  return {
    cases: g.distinct,
    samples: g.samples,
    passed,
    failed: counts[FAILED] as number,
    errored: counts[ERROR] as number,
    timedOut: counts[TIMEOUT] as number,
    skipped,
    passRate: ran === 0 ? null : passed / ran,
    passRateLower: interval?.lower ?? null,
    passRateUpper: interval?.upper ?? null,
    intervalMethod: interval === null ? null : g.repeated ? 'clustered' : 'wilson',
    e2eP50,
    e2eP95,
    ttftP50,
    ttftP95,
    inputTokens: g.inputTokens,
    outputTokens: g.outputTokens,
    cost,
    costKnown: g.costKnown,
    costUnknown: ran - g.costKnown,
  }
}

/** The clustered interval over the cases that ran of the group just read, in case key order (its sums come out the same bits whatever order the records came in). */
function clusteredInterval(s: Scratch, distinct: number): { lower: number; upper: number } {
  const { rank, caseAt } = s.tupleRanks()
  const ranks = new Uint32Array(distinct)
  let ran = 0
  for (let m = 0; m < distinct; m++) {
    const c = s.members[m] as number
    if ((s.trials[c] as number) > 0) ranks[ran++] = rank[c] as number
  }
  const { caseIds } = s.columns
  const { caseIdOf } = s
  const tallies = Array.from(ranks.subarray(0, ran).sort(), (r) => {
    const c = caseAt[r] as number
    return { id: caseIds[caseIdOf[c] as number] as string, passes: s.passes[c] as number, trials: s.trials[c] as number }
  })
  return clusteredPassRate(tallies)
}

/** The outcome of each case of the group just read (its cases in `members`), sorted by case id. */
function outcomesOf(s: Scratch, distinct: number): OutcomeColumns {
  const { rank, caseAt } = s.idRanks()
  const ranks = new Uint32Array(distinct)
  for (let m = 0; m < distinct; m++) {
    const c = s.members[m] as number
    const r = rank[c] as number
    ranks[m] = r
    caseAt[r] = c
  }
  ranks.sort()
  const out: OutcomeColumns = { caseId: new Uint32Array(distinct), passes: new Uint32Array(distinct), trials: new Uint32Array(distinct), errors: new Uint32Array(distinct) }
  for (let m = 0; m < distinct; m++) {
    const c = caseAt[ranks[m] as number] as number
    out.caseId[m] = s.caseIdOf[c] as number
    out.passes[m] = s.passes[c] as number
    out.trials[m] = s.trials[c] as number
    out.errors[m] = s.errors[c] as number
  }
  return out
}
