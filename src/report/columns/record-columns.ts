import type { CaseRecord } from '../../record/schema.ts'
import { caseIdentity } from '../intervals/record-intervals.ts'

/** A record's status as a small number (the `status` column). */
export const STATUS = { passed: 0, failed: 1, error: 2, timeout: 3, skipped: 4 } as const

/** The `flags` column's bits. */
export const FLAG = {
  cached: 1,
  timed: 2,
  /** Input or output tokens known. */
  usage: 4,
  /** `output !== null`. */
  output: 8,
  /** No price, but output or a model call that did not fail (a cost counted as unknown). */
  costUnknown: 16,
} as const

/**
 * What the aggregation reads of a set of case records, a column per number:
 * typed arrays indexed by the record's position (row), the case identity and
 * evaluation names as interned ids, every evaluation's score in one flat
 * array. A group of records (one provider, dataset, …) is a list of rows, and
 * its stats are read from the columns (column-stats.ts) with no per-group copy
 * of the records, no filtered arrays and no string keys built per record.
 * Built once per run from the records in results.json's order; ~100 bytes a
 * record plus its evaluations (the inter-token gaps are the records' own
 * arrays, referenced, not copied).
 */
export interface RecordColumns {
  readonly length: number
  readonly status: Uint8Array
  readonly flags: Uint8Array
  /** Timings (NaN without timings; a null TTFT or TPOT is NaN too). */
  readonly e2eMs: Float64Array
  readonly ttftMs: Float64Array
  readonly tpotMs: Float64Array
  readonly queueMs: Float64Array
  /** When the call was sent (startedAt + queue wait, ms since the epoch); NaN without timings. */
  readonly sentAt: Float64Array
  readonly itlMs: ReadonlyArray<readonly number[]>
  /** `usage.inputTokens ?? 0` and `usage.outputTokens ?? 0`. */
  readonly inputTokens: Float64Array
  readonly outputTokens: Float64Array
  /** NaN for a null cost. */
  readonly cost: Float64Array
  readonly attempts: Float64Array
  readonly retries: Float64Array
  /** The case identity's id (dataset, case id, provider, variant): `caseKeys` of them. */
  readonly caseKey: Uint32Array
  readonly caseKeys: number
  /** Row r's evaluations are at evalFrom[r] .. evalFrom[r + 1] of the evaluation columns. */
  readonly evalFrom: Uint32Array
  readonly evalName: Uint32Array
  readonly evalScore: Float64Array
  readonly evalPass: Uint8Array
  /** The evaluation names, by id. */
  readonly evalNames: readonly string[]
  /** Evaluations with a `details.judge`: their position in the evaluation columns → the details. */
  readonly judges: ReadonlyMap<number, unknown>
}

/** The columns of these records, rows in this order. */
export function recordColumns(records: readonly CaseRecord[]): RecordColumns {
  const n = records.length
  let evaluations = 0
  for (const r of records) evaluations += r.evaluations.length
  const c = {
    length: n,
    status: new Uint8Array(n),
    flags: new Uint8Array(n),
    e2eMs: new Float64Array(n),
    ttftMs: new Float64Array(n),
    tpotMs: new Float64Array(n),
    queueMs: new Float64Array(n),
    sentAt: new Float64Array(n),
    itlMs: new Array<readonly number[]>(n),
    inputTokens: new Float64Array(n),
    outputTokens: new Float64Array(n),
    cost: new Float64Array(n),
    attempts: new Float64Array(n),
    retries: new Float64Array(n),
    caseKey: new Uint32Array(n),
    caseKeys: 0,
    evalFrom: new Uint32Array(n + 1),
    evalName: new Uint32Array(evaluations),
    evalScore: new Float64Array(evaluations),
    evalPass: new Uint8Array(evaluations),
    evalNames: [] as string[],
    judges: new Map<number, unknown>(),
  }
  const nameIds = new Map<string, number>()
  let e = 0
  for (let row = 0; row < n; row++) {
    const r = records[row] as CaseRecord
    c.status[row] = STATUS[r.status]
    const t = r.timings
    let flags = 0
    if (r.cached) flags |= FLAG.cached
    if (t !== null) flags |= FLAG.timed
    if (r.usage.outputTokens !== null || r.usage.inputTokens !== null) flags |= FLAG.usage
    if (r.output !== null) flags |= FLAG.output
    if (r.cost === null && (r.output !== null || (r.calls?.some((call) => call.error === undefined) ?? false))) flags |= FLAG.costUnknown
    c.flags[row] = flags
    c.e2eMs[row] = t?.e2eMs ?? Number.NaN
    c.ttftMs[row] = t?.ttftMs ?? Number.NaN
    c.tpotMs[row] = t?.tpotMs ?? Number.NaN
    c.queueMs[row] = t?.queueMs ?? Number.NaN
    c.sentAt[row] = t === null ? Number.NaN : Date.parse(r.startedAt) + t.queueMs
    c.itlMs[row] = t?.itlMs ?? []
    c.inputTokens[row] = r.usage.inputTokens ?? 0
    c.outputTokens[row] = r.usage.outputTokens ?? 0
    c.cost[row] = r.cost ?? Number.NaN
    c.attempts[row] = r.attempts
    c.retries[row] = r.retries
    c.evalFrom[row] = e
    for (const ev of r.evaluations) {
      let name = nameIds.get(ev.name)
      if (name === undefined) {
        name = c.evalNames.length
        nameIds.set(ev.name, name)
        c.evalNames.push(ev.name)
      }
      c.evalName[e] = name
      c.evalScore[e] = ev.score
      c.evalPass[e] = ev.pass ? 1 : 0
      const judge = ev.details?.['judge']
      if (judge !== undefined) c.judges.set(e, judge)
      e++
    }
  }
  c.evalFrom[n] = e
  c.caseKeys = caseKeysOf(records, c.caseKey)
  return c
}

/**
 * Each record's case identity as an id (dataset, case id, provider, variant),
 * in `keys`; returns how many. Records in results.json's order (sorted by
 * those fields first) have a case's records side by side: an id per run of
 * equal fields, compared as they are, no key string built. Records in any
 * other order are keyed through their identity strings.
 */
function caseKeysOf(records: readonly CaseRecord[], keys: Uint32Array): number {
  let ids = 0
  let last: CaseRecord | undefined
  for (let row = 0; row < records.length; row++) {
    const r = records[row] as CaseRecord
    if (last === undefined || !sameCase(last, r)) {
      // a case after a greater one might have been seen before it: key them all by string
      if (last !== undefined && compareCase(last, r) > 0) return caseKeysByString(records, keys)
      ids++
      last = r
    }
    keys[row] = ids - 1
  }
  return ids
}

function caseKeysByString(records: readonly CaseRecord[], keys: Uint32Array): number {
  const caseIds = new Map<string, number>()
  for (let row = 0; row < records.length; row++) keys[row] = idOf(caseIds, caseIdentity(records[row] as CaseRecord))
  return caseIds.size
}

function sameCase(a: CaseRecord, b: CaseRecord): boolean {
  return a.dataset === b.dataset && a.caseId === b.caseId && a.provider === b.provider && a.variant === b.variant
}

/** The order of case identities: dataset, case id, provider, variant (none before any). */
function compareCase(a: CaseRecord, b: CaseRecord): number {
  return (
    compareText(a.dataset, b.dataset) ||
    compareText(a.caseId, b.caseId) ||
    compareText(a.provider, b.provider) ||
    (a.variant === b.variant ? 0 : a.variant === undefined ? -1 : b.variant === undefined ? 1 : compareText(a.variant, b.variant))
  )
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function idOf(ids: Map<string, number>, key: string): number {
  const known = ids.get(key)
  if (known !== undefined) return known
  ids.set(key, ids.size)
  return ids.size - 1
}
