import type { CaseRecord } from '../record/schema.ts'
import type { IndexCase } from './figures.ts'

/** A record's status as a small number (STATUSES[n]). */
export const STATUSES = ['passed', 'failed', 'error', 'timeout', 'skipped'] as const satisfies ReadonlyArray<CaseRecord['status']>

/** The status's number; -1 for none of them (string comparisons: a parsed record's status is not an internalized string, a keyed lookup would internalize it each time). */
function statusCode(status: string): number {
  return status === 'passed' ? 0 : status === 'failed' ? 1 : status === 'error' ? 2 : status === 'timeout' ? 3 : status === 'skipped' ? 4 : -1
}

/** A group of a run in the index: dataset × provider × model × variant; `branch` numbers its dataset × provider × variant. */
export interface ColumnGroup {
  dataset: string
  provider: string
  model: string
  variant: string | null
  branch: number
}

/** A dataset × provider × variant: the part of a case's key besides its case id. */
export interface ColumnBranch {
  dataset: string
  provider: string
  variant: string | null
}

/** The parts of a record the index reads (whole and slimmed records alike: no text). */
export type IndexedRecord = Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'model' | 'category' | 'status' | 'cost'> & {
  variant?: string | null | undefined
  timings: { e2eMs: number; ttftMs: number | null } | null
  usage: { inputTokens: number | null; outputTokens: number | null }
}

/** A branch with its groups (by model). */
interface Branch extends ColumnBranch {
  number: number
  models: Map<string, number>
}

const INITIAL = 1024

/**
 * What the history index keeps of a run's records, a column each (no object
 * per record, none per case): the group, the category group, the case id and
 * the status as numbers, the latencies, tokens and cost as float64 (NaN for
 * none): 53 bytes a record. Names are kept once per group, case ids once each.
 * A record's case is its group's dataset × provider × variant and its case id,
 * compared field by field (names holding NUL or any other character never
 * merge two cases), numbered when the run is indexed (run-figures.ts).
 */
export class IndexColumns {
  length = 0
  /** The groups (dataset × provider × model × variant), numbered as first seen. */
  readonly groups: ColumnGroup[] = []
  /** The category groups: their group and category, numbered as first seen. */
  readonly categoryGroups: Array<{ group: number; category: string }> = []
  /** The dataset × provider × variant branches, numbered as first seen. */
  readonly branches: ColumnBranch[] = []
  /** The distinct case ids, numbered as first seen. */
  readonly caseIds: string[] = []
  /** Per record: its group, category group (-1 for none), case id number, status number. */
  group: Uint32Array
  categoryGroup: Int32Array
  caseId: Uint32Array
  status: Uint8Array
  /** Per record: NaN for none. */
  e2eMs: Float64Array
  ttftMs: Float64Array
  inputTokens: Float64Array
  outputTokens: Float64Array
  cost: Float64Array
  readonly #branches = new Map<string, Map<string, Map<string | null, Branch>>>()
  readonly #caseIdNumbers = new Map<string, number>()
  readonly #categories: Array<Map<string, number>> = []

  /** Room for `capacity` records before the columns grow. */
  constructor(capacity = INITIAL) {
    const size = Math.max(1, capacity)
    this.group = new Uint32Array(size)
    this.categoryGroup = new Int32Array(size)
    this.caseId = new Uint32Array(size)
    this.status = new Uint8Array(size)
    this.e2eMs = new Float64Array(size)
    this.ttftMs = new Float64Array(size)
    this.inputTokens = new Float64Array(size)
    this.outputTokens = new Float64Array(size)
    this.cost = new Float64Array(size)
  }

  /** The columns of records given as IndexCase objects. */
  static from(cases: Iterable<IndexCase>): IndexColumns {
    const columns = new IndexColumns(Array.isArray(cases) ? cases.length : INITIAL)
    for (const c of cases) columns.#push(c.dataset, c.caseId, c.provider, c.model, c.category, c.variant, c.status, c.e2eMs, c.ttftMs, c.inputTokens, c.outputTokens, c.cost)
    return columns
  }

  /** Appends a record. */
  add(r: IndexedRecord): void {
    this.#push(r.dataset, r.caseId, r.provider, r.model, r.category, r.variant ?? null, r.status, r.timings?.e2eMs ?? null, r.timings?.ttftMs ?? null, r.usage.inputTokens ?? 0, r.usage.outputTokens ?? 0, r.cost)
  }

  #push(dataset: string, caseId: string, provider: string, model: string, category: string | null, variant: string | null, status: string, e2eMs: number | null, ttftMs: number | null, inputTokens: number, outputTokens: number, cost: number | null): void {
    const code = statusCode(status)
    if (code < 0) throw new Error(`history index: a record of case "${caseId}" has status ${JSON.stringify(status)}, expected one of ${STATUSES.join(', ')}`)
    if (this.length === this.group.length) this.#grow()
    const at = this.length++
    const branch = this.#branch(dataset, provider, variant)
    let idNo = this.#caseIdNumbers.get(caseId)
    if (idNo === undefined) {
      idNo = this.caseIds.length
      this.#caseIdNumbers.set(caseId, idNo)
      this.caseIds.push(caseId)
    }
    let group = branch.models.get(model)
    if (group === undefined) {
      group = this.groups.length
      branch.models.set(model, group)
      this.groups.push({ dataset: branch.dataset, provider: branch.provider, model, variant: branch.variant, branch: branch.number })
      this.#categories.push(new Map())
    }
    let categoryGroup = -1
    if (category !== null) {
      const byCategory = this.#categories[group] as Map<string, number>
      let found = byCategory.get(category)
      if (found === undefined) {
        found = this.categoryGroups.length
        byCategory.set(category, found)
        this.categoryGroups.push({ group, category })
      }
      categoryGroup = found
    }
    this.group[at] = group
    this.categoryGroup[at] = categoryGroup
    this.caseId[at] = idNo
    this.status[at] = code
    this.e2eMs[at] = e2eMs ?? Number.NaN
    this.ttftMs[at] = ttftMs ?? Number.NaN
    this.inputTokens[at] = inputTokens
    this.outputTokens[at] = outputTokens
    this.cost[at] = cost ?? Number.NaN
  }

  #branch(dataset: string, provider: string, variant: string | null): Branch {
    let byProvider = this.#branches.get(dataset)
    if (!byProvider) this.#branches.set(dataset, (byProvider = new Map()))
    let byVariant = byProvider.get(provider)
    if (!byVariant) byProvider.set(provider, (byVariant = new Map()))
    let branch = byVariant.get(variant)
    if (!branch) {
      branch = { number: this.branches.length, models: new Map(), dataset, provider, variant }
      byVariant.set(variant, branch)
      this.branches.push(branch)
    }
    return branch
  }

  #grow(): void {
    // half again, not double: the columns live through the run's end, and a smaller step leaves less room unused
    const size = Math.ceil(this.group.length * 1.5)
    this.group = grownU32(this.group, size)
    this.caseId = grownU32(this.caseId, size)
    const categoryGroup = new Int32Array(size)
    categoryGroup.set(this.categoryGroup)
    this.categoryGroup = categoryGroup
    const status = new Uint8Array(size)
    status.set(this.status)
    this.status = status
    this.e2eMs = grownF64(this.e2eMs, size)
    this.ttftMs = grownF64(this.ttftMs, size)
    this.inputTokens = grownF64(this.inputTokens, size)
    this.outputTokens = grownF64(this.outputTokens, size)
    this.cost = grownF64(this.cost, size)
  }
}

function grownU32(from: Uint32Array, size: number): Uint32Array {
  const to = new Uint32Array(size)
  to.set(from)
  return to
}

function grownF64(from: Float64Array, size: number): Float64Array {
  const to = new Float64Array(size)
  to.set(from)
  return to
}
