import { selectKth, summarizePooled, type Distribution } from './percentile.ts'

/**
 * `summarizePooled` of many groups of the same lists at once (a run's
 * breakdowns: every inter-token gap is in the summary, its dataset × provider,
 * provider, model, dataset and category), with the same numbers to the bit:
 * `lists[row]` is a row's values, a group is a list of rows and its
 * distribution is that of its rows' values pooled in the group's order.
 *
 * A group of fewer than SHARED_FROM values is summarised alone. The larger
 * ones share the work: one pass over every row (its count, min and max), then
 * one pass per group that sums its values in order (the mean, bit for bit as
 * summarizePooled sums them) and counts them per bucket, the buckets the same
 * for every group; then one pass over every row copies out the values in the
 * buckets some group's percentile falls in (with their row), and each group
 * selects among its own rows' values there. A bucket is a slice of the
 * values' IEEE 754 order (the top bits of the double, sign-folded): relative
 * width, so a long tail or values near zero do not crowd the others into one
 * bucket. Every value is read in place (a slimmed record's gaps are views of
 * shared Float64Array blocks), never copied whole.
 */
export function summarizePooledGroups(lists: ReadonlyArray<readonly number[]>, groups: ReadonlyArray<ArrayLike<number>>, sharedFrom = SHARED_FROM): Distribution[] {
  const out = new Array<Distribution>(groups.length)
  const large: number[] = []
  const used = new Uint8Array(lists.length)
  for (let g = 0; g < groups.length; g++) {
    const rows = groups[g] as ArrayLike<number>
    let total = 0
    for (let i = 0; i < rows.length; i++) total += (lists[rows[i] as number] as readonly number[]).length
    if (total < sharedFrom) {
      out[g] = summarizePooled(Array.from(rows, (row) => lists[row] as readonly number[]))
      continue
    }
    large.push(g)
    for (let i = 0; i < rows.length; i++) used[rows[i] as number] = 1
  }
  if (large.length === 0) return out
  const planned: Array<{ group: number; plan: GroupPlan }> = []
  const slots: Slot[] = []
  // one kind of row list read below (a breakdown's groups are arrays, the whole run a Uint32Array)
  const rowsOf = large.map((g) => {
    const rows = groups[g] as ArrayLike<number>
    return rows instanceof Uint32Array ? rows : Uint32Array.from(rows)
  })
  const counted = new CountedGroups(lists.length, rowsOf)
  // smallest first: a group made of groups counted before it (the whole run of its providers, a
  // dataset of its dataset × provider groups) adds up their counts and only sums its values
  const bySize = rowsOf.map((_, i) => i).sort((a, b) => (rowsOf[a] as Uint32Array).length - (rowsOf[b] as Uint32Array).length || a - b)
  const partsOf = rowsOf.map((): number[] | null => null)
  for (const i of bySize) {
    partsOf[i] = counted.partsOf(i)
    counted.keep(i)
  }
  // the groups whose rows are ascending (a breakdown's) are summed and counted in one pass over the rows,
  // each row's values read from memory once for all its groups (a group's rows lie all over memory: a
  // pass per group waits on memory per row); the others (or too many to count at once) a pass each
  const hists = rowsOf.map((_, i) => (partsOf[i] === null ? null : new Uint32Array(0)))
  const together = rowsOf.map(strictlyAscending)
  let direct = 0
  for (let i = 0; i < rowsOf.length; i++) if (together[i] === true && partsOf[i] === null) direct++
  if (direct > KEPT_COUNTS) together.fill(false)
  // the counts of the groups counted together stay in cache (a row's values go to several of them): fewer buckets
  let buckets = BUCKETS
  while (buckets > MIN_BUCKETS && direct * buckets > TOGETHER_COUNTS) buckets >>>= 1
  const gaps = new GapRows(lists, used, buckets)
  const slotOf = new Int32Array(buckets).fill(-1)
  for (let i = 0; i < rowsOf.length; i++) if (together[i] === true && partsOf[i] === null) hists[i] = new Uint32Array(buckets)
  const sums = gaps.sumTogether(rowsOf, together, hists)
  for (const i of bySize) {
    const group = large[i] as number
    const rows = rowsOf[i] as Uint32Array
    const parts = partsOf[i] ?? null
    let hist = hists[i]
    if (hist === null || hist === undefined || hist.length === 0) hist = new Uint32Array(buckets)
    if (parts !== null) for (const part of parts) counted.addCounts(part, hist)
    const plan = gaps.plan(rows, hist, together[i] === true ? (sums[i] as number) : null, parts !== null)
    counted.setCounts(i, hist)
    if (plan === null) {
      out[group] = { ...EMPTY }
      continue
    }
    for (const want of plan.wanted) {
      if (slotOf[want.bucket] !== -1) continue
      slotOf[want.bucket] = slots.length
      slots.push(new Slot())
    }
    planned.push({ group, plan })
  }
  if (planned.length > 0) gaps.gather(slotOf, slots)
  for (const { group, plan } of planned) out[group] = gaps.distribution(plan, slotOf, slots)
  return out
}

/** From this many values (all rows' list lengths) a group shares the passes; under it summarizePooled alone is quicker. */
export const SHARED_FROM = 1 << 15
/** Buckets over the span of the values' keys. */
const BUCKETS = 1 << 16
const MIN_BUCKETS = 1 << 10
/** The most bucket counts of the groups counted together (1 MB: they are all written to in one pass). */
const TOGETHER_COUNTS = 1 << 18
/** The index of a double's high 32-bit word in a Uint32Array over the same bytes. */
const HI = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1 ? 1 : 0
const EMPTY: Distribution = { count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
const QUANTILES = [50, 90, 95, 99] as const

const bits = new Float64Array(1)
const bitsHi = new Uint32Array(bits.buffer)

/** The order key of a finite double's high word: increasing with the value (negatives' bits flipped, positives' sign bit set). */
function keyOf(v: number): number {
  bits[0] = v
  const hi = bitsHi[HI] as number
  return hi < 0x80000000 ? hi + 0x80000000 : 0xffffffff - hi
}

interface GroupPlan {
  rows: Uint32Array
  count: number
  sum: number
  min: number
  max: number
  /** The sorted positions the percentiles read, each with its bucket, the group's count of values there and the position's rank among them. */
  wanted: Array<{ k: number; bucket: number; size: number; rank: number }>
}

/**
 * The bucket counts of groups counted so far that a larger group can be made
 * of: each row's owner is the first (smallest) group counted that holds it,
 * and only owners' counts are kept (at most KEPT_COUNTS of them).
 */
class CountedGroups {
  readonly #rowsOf: readonly Uint32Array[]
  readonly #owner: Int32Array
  readonly #counts: Array<Uint32Array | null>
  readonly #seen: Int32Array
  readonly #owns: boolean[]
  #kept = 0

  /** Whether a group's rows are ascending, none twice: only such groups are made of others or kept. */
  readonly #distinct: boolean[]

  constructor(rows: number, rowsOf: readonly Uint32Array[]) {
    this.#rowsOf = rowsOf
    this.#owner = new Int32Array(rows).fill(-1)
    this.#counts = rowsOf.map(() => null)
    this.#seen = new Int32Array(rowsOf.length).fill(-1)
    this.#distinct = rowsOf.map(strictlyAscending)
    this.#owns = rowsOf.map(() => false)
  }

  /** The kept groups this group is exactly made of (every row owned, the owners' sizes adding up to its own); null if none are. */
  partsOf(group: number): number[] | null {
    if (this.#kept === 0 || this.#distinct[group] !== true) return null
    const rows = this.#rowsOf[group] as Uint32Array
    const parts: number[] = []
    let size = 0
    for (let i = 0; i < rows.length; i++) {
      const owner = this.#owner[rows[i] as number] as number
      if (owner === -1) return null
      if (this.#seen[owner] === group) continue
      this.#seen[owner] = group
      parts.push(owner)
      size += (this.#rowsOf[owner] as Uint32Array).length
      // an owner with rows outside this group: not made of them
      if (size > rows.length) return null
    }
    // the owners hold every row of the group and no other (so they do not overlap)
    return size === rows.length ? parts : null
  }

  addCounts(part: number, hist: Uint32Array): void {
    const counts = this.#counts[part] as Uint32Array
    for (let b = 0; b < hist.length; b++) hist[b] = (hist[b] as number) + (counts[b] as number)
  }

  /** Makes the group the owner of its rows no group before it holds, if it has any (its counts are then kept: setCounts). */
  keep(group: number): void {
    if (this.#kept >= KEPT_COUNTS || this.#distinct[group] !== true) return
    const rows = this.#rowsOf[group] as Uint32Array
    let owns = false
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number
      if (this.#owner[row] !== -1) continue
      this.#owner[row] = group
      owns = true
    }
    if (!owns) return
    this.#owns[group] = true
    this.#kept++
  }

  setCounts(group: number, hist: Uint32Array): void {
    if (this.#owns[group] === true) this.#counts[group] = hist
  }
}

/** The most groups' bucket counts kept (256 KB each). */
const KEPT_COUNTS = 64

/**
 * The used rows in the order their typed lists lie in memory (by buffer, then
 * offset; plain lists after them, in row order): rows sorted by record lie
 * all over the blocks their gaps were kept in, in arrival order, and a pass
 * that jumps across memory row by row waits on it at each row. Row order when
 * the packed sort key would not fit a double's 53 bits.
 */
function memoryOrder(lists: ReadonlyArray<readonly number[]>, used: Uint8Array, buffers: readonly ArrayBufferLike[]): Uint32Array {
  const n = lists.length
  const blockOf = new Map(buffers.map((b, i) => [b, i]))
  const rows: number[] = []
  for (let row = 0; row < n; row++) if (used[row] === 1) rows.push(row)
  if (n >= 1 << 20 || buffers.length >= 1 << 12) return Uint32Array.from(rows)
  const keys = new Float64Array(rows.length)
  let plain = 0
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as number
    const list = lists[row] as readonly number[]
    // block (12 bits), offset in 16-value steps (21 bits), row (20 bits)
    const step = list instanceof Float64Array ? Math.floor(list.byteOffset / 128) : 0
    if (step >= 1 << 21) return Uint32Array.from(rows)
    const block = list instanceof Float64Array ? (blockOf.get(list.buffer) as number) : (1 << 12) - 1
    if (!(list instanceof Float64Array)) plain++
    keys[k] = (block * 2 ** 21 + step) * 2 ** 20 + row
  }
  keys.sort()
  const order = new Uint32Array(rows.length)
  for (let k = 0; k < keys.length; k++) order[k] = (keys[k] as number) % (1 << 20)
  return plain === rows.length ? Uint32Array.from(rows) : order
}

/** A wanted bucket's values (of every row), in row order, each with its row. */
class Slot {
  values = new Float64Array(64)
  rows = new Uint32Array(64)
  length = 0

  /** Puts the entries in row order (each row's values stay together: their order within a row does not matter to a selection). */
  sortByRow(): void {
    const n = this.length
    let sorted = true
    for (let i = 1; i < n && sorted; i++) if ((this.rows[i] as number) < (this.rows[i - 1] as number)) sorted = false
    if (sorted) return
    const order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    const rows = this.rows
    order.sort((a, b) => (rows[a] as number) - (rows[b] as number))
    const values = new Float64Array(this.values.length)
    const sortedRows = new Uint32Array(this.rows.length)
    for (let i = 0; i < n; i++) {
      values[i] = this.values[order[i] as number] as number
      sortedRows[i] = rows[order[i] as number] as number
    }
    this.values = values
    this.rows = sortedRows
  }

  push(value: number, row: number): void {
    if (this.length === this.values.length) {
      const values = new Float64Array(this.length * 2)
      values.set(this.values)
      this.values = values
      const rows = new Uint32Array(this.length * 2)
      rows.set(this.rows)
      this.rows = rows
    }
    this.values[this.length] = value
    this.rows[this.length] = row
    this.length++
  }
}

/** The rows' lists as read by the shared passes: each row's finite count, min and max, and for a typed list the high words of its doubles. */
class GapRows {
  readonly #lists: ReadonlyArray<readonly number[]>
  readonly #count: Uint32Array
  readonly #min: Float64Array
  readonly #max: Float64Array
  /** A typed row's high words (a view of its buffer, shared by the rows of one block) and the index of its first value's; null for a plain list. */
  readonly #hi: Array<Uint32Array | null>
  readonly #hiFrom: Int32Array
  readonly #minKey: number
  readonly #shift: number
  /** The used rows in the order their values lie in memory (block by block, up each block): the passes that need no row order read them so. */
  readonly #order: Uint32Array

  constructor(lists: ReadonlyArray<readonly number[]>, used: Uint8Array, buckets: number) {
    const n = lists.length
    this.#lists = lists
    this.#count = new Uint32Array(n)
    this.#min = new Float64Array(n)
    this.#max = new Float64Array(n)
    this.#hi = new Array<Uint32Array | null>(n).fill(null)
    this.#hiFrom = new Int32Array(n)
    const views = new Map<ArrayBufferLike, Uint32Array>()
    for (let row = 0; row < n; row++) {
      const list = lists[row] as readonly number[]
      if (used[row] === 0 || !(list instanceof Float64Array)) continue
      let view = views.get(list.buffer)
      if (view === undefined) views.set(list.buffer, (view = new Uint32Array(list.buffer, 0, list.buffer.byteLength >>> 2)))
      this.#hi[row] = view
      this.#hiFrom[row] = (list.byteOffset >>> 2) + HI
    }
    this.#order = memoryOrder(lists, used, [...views.keys()])
    const m = { count: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let k = 0; k < this.#order.length; k++) {
      const row = this.#order[k] as number
      const list = lists[row] as readonly number[]
      m.count = 0
      m.min = Number.POSITIVE_INFINITY
      m.max = Number.NEGATIVE_INFINITY
      if (list instanceof Float64Array) rangeOfTyped(list, m)
      else rangeOfArray(list, m)
      this.#count[row] = m.count
      this.#min[row] = m.min
      this.#max[row] = m.max
      if (m.count === 0) continue
      if (m.min < min) min = m.min
      if (m.max > max) max = m.max
    }
    // -0 and 0 are equal (either may be the min or max found) but their keys differ: the span covers both
    this.#minKey = min <= max ? keyOf(min === 0 ? -0 : min) : 0
    const span = min <= max ? keyOf(max === 0 ? 0 : max) - this.#minKey : 0
    let shift = 0
    while (span / 2 ** shift >= buckets) shift++
    this.#shift = shift
  }

  /**
   * The group's count, sum (in order), min, max, and the buckets of its percentiles' positions; null
   * with no finite value. Its values are counted per bucket into `hist` (all zeros) unless `counted`
   * (then `hist` holds their counts already and they are only summed), and summed unless `summed`
   * is their sum already (sumTogether, with `hist` counted there).
   */
  plan(rows: Uint32Array, hist: Uint32Array, summed: number | null, counted: boolean): GroupPlan | null {
    let count = 0
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    const counts = this.#count
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as number
      const c = counts[row] as number
      if (c === 0) continue
      count += c
      // as summarizePooled: the first of equal extremes in the pooled order
      if ((this.#min[row] as number) < min) min = this.#min[row] as number
      if ((this.#max[row] as number) > max) max = this.#max[row] as number
    }
    const sum = summed ?? (counted ? sumOnly(rows, counts, this.#lists) : sumAndCount(rows, counts, this.#lists, this.#hi, this.#hiFrom, hist, this.#minKey, this.#shift))
    if (count === 0) return null
    const ranks = QUANTILES.map((q) => (q / 100) * (count - 1))
    const needed = [...new Set(ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]))].sort((a, b) => a - b)
    const wanted: GroupPlan['wanted'] = []
    let below = 0
    let bucket = 0
    for (const k of needed) {
      while (below + (hist[bucket] as number) <= k) below += hist[bucket++] as number
      wanted.push({ k, bucket, size: hist[bucket] as number, rank: k - below })
    }
    return { rows, count, sum, min, max, wanted }
  }

  /**
   * The sums of the groups marked `together` (rows ascending, none twice), each in its rows' order, in
   * one pass over the rows; a group with a histogram (length > 0) has its values counted into it too.
   */
  sumTogether(rowsOf: readonly Uint32Array[], together: readonly boolean[], hists: ReadonlyArray<Uint32Array | null>): Float64Array {
    const n = this.#lists.length
    const sums = new Float64Array(rowsOf.length)
    // each row's groups
    const memberFrom = new Uint32Array(n + 1)
    rowsOf.forEach((rows, g) => {
      if (together[g] !== true) return
      for (let i = 0; i < rows.length; i++) {
        const at = (rows[i] as number) + 1
        memberFrom[at] = (memberFrom[at] as number) + 1
      }
    })
    for (let row = 0; row < n; row++) memberFrom[row + 1] = (memberFrom[row + 1] as number) + (memberFrom[row] as number)
    const member = new Uint32Array(memberFrom[n] as number)
    if (member.length === 0) return sums
    const next = memberFrom.slice(0, n)
    rowsOf.forEach((rows, g) => {
      if (together[g] !== true) return
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as number
        member[next[row] as number] = g
        next[row] = (next[row] as number) + 1
      }
    })
    const minKey = this.#minKey
    const shift = this.#shift
    let most = 0
    for (let row = 0; row < n; row++) most = Math.max(most, (memberFrom[row + 1] as number) - (memberFrom[row] as number))
    const summedOnly = new Uint32Array(most)
    for (let row = 0; row < n; row++) {
      const from = memberFrom[row] as number
      const to = memberFrom[row + 1] as number
      if (from === to || this.#count[row] === 0) continue
      const hi = this.#hi[row] as Uint32Array | null
      const list = this.#lists[row] as readonly number[]
      // the groups only summed here, four at a time over the values while they are in cache (four sums in one loop cost about one)
      let only = 0
      for (let j = from; j < to; j++) {
        const g = member[j] as number
        const hist = hists[g] as Uint32Array | null
        if (hist === null || hist.length === 0) {
          summedOnly[only++] = g
          continue
        }
        const sum = sums[g] as number
        sums[g] = hi === null ? sumAndCountArray(list, hist, minKey, shift, sum) : sumAndCountTyped(list as unknown as Float64Array, hi, this.#hiFrom[row] as number, hist, minKey, shift, sum)
      }
      let k = 0
      if (list instanceof Float64Array) for (; k + 4 <= only; k += 4) sumTyped4(list, sums, summedOnly[k] as number, summedOnly[k + 1] as number, summedOnly[k + 2] as number, summedOnly[k + 3] as number)
      for (; k < only; k++) {
        const g = summedOnly[k] as number
        sums[g] = list instanceof Float64Array ? sumTyped(list, sums[g] as number) : sumArray(list, sums[g] as number)
      }
    }
    return sums
  }

  /** Every used row's finite values in a wanted bucket (slotOf[bucket] ≥ 0), appended to that bucket's slot in row order. */
  gather(slotOf: Int32Array, slots: Slot[]): void {
    // read in memory order (order-free: the slots are put in row order after)
    for (let k = 0; k < this.#order.length; k++) {
      const row = this.#order[k] as number
      if (this.#count[row] === 0) continue
      const hi = this.#hi[row] as Uint32Array | null
      const list = this.#lists[row] as readonly number[]
      if (hi === null) gatherArray(list, row, slotOf, slots, this.#minKey, this.#shift)
      else gatherTyped(list as unknown as Float64Array, hi, this.#hiFrom[row] as number, row, slotOf, slots, this.#minKey, this.#shift)
    }
    for (const slot of slots) slot.sortByRow()
  }

  /** The group's distribution: its percentiles selected among its own rows' values in the wanted buckets' slots. */
  distribution(plan: GroupPlan, slotOf: Int32Array, slots: readonly Slot[]): Distribution {
    const rows = ascending(plan.rows)
    const at = new Map<number, number>()
    let w = 0
    while (w < plan.wanted.length) {
      const { bucket, size } = plan.wanted[w] as GroupPlan['wanted'][number]
      const values = ownValues(slots[slotOf[bucket] as number] as Slot, rows, this.#count, size)
      // the positions in this bucket, ascending: each selection from the last one's position up (as quickSelect)
      let from = 0
      for (; w < plan.wanted.length && (plan.wanted[w] as GroupPlan['wanted'][number]).bucket === bucket; w++) {
        const { k, rank } = plan.wanted[w] as GroupPlan['wanted'][number]
        at.set(k, selectKth(values, rank, from, values.length - 1))
        from = rank
      }
    }
    const percentile = (rank: number): number => {
      const a = at.get(Math.floor(rank)) as number
      const b = at.get(Math.ceil(rank)) as number
      return a + (b - a) * (rank - Math.floor(rank))
    }
    const [r50, r90, r95, r99] = QUANTILES.map((q) => (q / 100) * (plan.count - 1)) as [number, number, number, number]
    return { count: plan.count, min: plan.min, mean: plan.sum / plan.count, p50: percentile(r50), p90: percentile(r90), p95: percentile(r95), p99: percentile(r99), max: plan.max }
  }
}

/** Whether each row is greater than the one before (so none is there twice). */
function strictlyAscending(rows: Uint32Array): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i] as number) <= (rows[i - 1] as number)) return false
  return true
}

/** The rows in ascending order (as given when they are: a breakdown's groups are). */
function ascending(rows: Uint32Array): Uint32Array {
  for (let i = 1; i < rows.length; i++) if ((rows[i] as number) < (rows[i - 1] as number)) return rows.slice().sort()
  return rows
}

/** The slot's `size` values of these rows (ascending; a row given twice counts twice): each row's run found by galloping from the last one's. */
function ownValues(slot: Slot, rows: Uint32Array, counts: Uint32Array, size: number): Float64Array {
  const out = new Float64Array(size)
  let n = 0
  let from = 0
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number
    if (counts[row] === 0) continue
    from = lowerBound(slot.rows, slot.length, from, row)
    for (let j = from; j < slot.length && slot.rows[j] === row; j++) out[n++] = slot.values[j] as number
  }
  if (n !== size) throw new Error(`pooled percentiles: ${n} values gathered where the counts said ${size}`)
  return out
}

/** The first index from `from` on whose value is ≥ x (`length` if none), in ascending a: steps doubling, then halving. */
function lowerBound(a: Uint32Array, length: number, from: number, x: number): number {
  let lo = from
  let hi = from
  let step = 1
  while (hi < length && (a[hi] as number) < x) {
    lo = hi + 1
    hi += step
    step *= 2
  }
  if (hi > length) hi = length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((a[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

// one function per kind of list: each element read sees one kind (a mixed read site is several times slower)
function rangeOfTyped(list: Float64Array, m: { count: number; min: number; max: number }): void {
  let { count, min, max } = m
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    // v - v is 0 for a finite number, NaN for NaN and ±Infinity
    if (v - v !== 0) continue
    count++
    if (v < min) min = v
    if (v > max) max = v
  }
  m.count = count
  m.min = min
  m.max = max
}

function rangeOfArray(list: readonly number[], m: { count: number; min: number; max: number }): void {
  let { count, min, max } = m
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (!Number.isFinite(v)) continue
    count++
    if (v < min) min = v
    if (v > max) max = v
  }
  m.count = count
  m.min = min
  m.max = max
}

/** The rows' finite values summed in order, and counted per bucket into `hist`. */
function sumAndCount(rows: Uint32Array, counts: Uint32Array, lists: ReadonlyArray<readonly number[]>, his: ReadonlyArray<Uint32Array | null>, hiFrom: Int32Array, hist: Uint32Array, minKey: number, shift: number): number {
  let sum = 0
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number
    if (counts[row] === 0) continue
    const hi = his[row] as Uint32Array | null
    const list = lists[row] as readonly number[]
    sum = hi === null ? sumAndCountArray(list, hist, minKey, shift, sum) : sumAndCountTyped(list as unknown as Float64Array, hi, hiFrom[row] as number, hist, minKey, shift, sum)
  }
  return sum
}

/** The rows' finite values summed in order. */
function sumOnly(rows: Uint32Array, counts: Uint32Array, lists: ReadonlyArray<readonly number[]>): number {
  let sum = 0
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number
    if (counts[row] === 0) continue
    const list = lists[row] as readonly number[]
    sum = list instanceof Float64Array ? sumTyped(list, sum) : sumArray(list, sum)
  }
  return sum
}

function sumTyped(list: Float64Array, sum: number): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (v - v === 0) sum += v
  }
  return sum
}

/** Four groups' sums (in `sums`), each adding the list's finite values in order: four independent chains of additions in one loop. */
function sumTyped4(list: Float64Array, sums: Float64Array, g0: number, g1: number, g2: number, g3: number): void {
  let a = sums[g0] as number
  let b = sums[g1] as number
  let c = sums[g2] as number
  let d = sums[g3] as number
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (v - v !== 0) continue
    a += v
    b += v
    c += v
    d += v
  }
  sums[g0] = a
  sums[g1] = b
  sums[g2] = c
  sums[g3] = d
}

function sumArray(list: readonly number[], sum: number): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (Number.isFinite(v)) sum += v
  }
  return sum
}

/** Adds the list's finite values to `sum` in order (returned) and counts them per bucket: hi[from + 2i] is value i's high word. */
function sumAndCountTyped(list: Float64Array, hi: Uint32Array, from: number, hist: Uint32Array, minKey: number, shift: number, sum: number): number {
  for (let i = 0, h = from; i < list.length; i++, h += 2) {
    const v = list[i] as number
    if (v - v !== 0) continue
    sum += v
    const word = hi[h] as number
    const b = ((word < 0x80000000 ? word + 0x80000000 : 0xffffffff - word) - minKey) >>> shift
    hist[b] = (hist[b] as number) + 1
  }
  return sum
}

function sumAndCountArray(list: readonly number[], hist: Uint32Array, minKey: number, shift: number, sum: number): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (!Number.isFinite(v)) continue
    sum += v
    const b = (keyOf(v) - minKey) >>> shift
    hist[b] = (hist[b] as number) + 1
  }
  return sum
}

function gatherTyped(list: Float64Array, hi: Uint32Array, from: number, row: number, slotOf: Int32Array, slots: Slot[], minKey: number, shift: number): void {
  for (let i = 0, h = from; i < list.length; i++, h += 2) {
    const v = list[i] as number
    if (v - v !== 0) continue
    const word = hi[h] as number
    const slot = slotOf[((word < 0x80000000 ? word + 0x80000000 : 0xffffffff - word) - minKey) >>> shift] as number
    if (slot !== -1) (slots[slot] as Slot).push(v, row)
  }
}

function gatherArray(list: readonly number[], row: number, slotOf: Int32Array, slots: Slot[], minKey: number, shift: number): void {
  for (let i = 0; i < list.length; i++) {
    const v = list[i] as number
    if (!Number.isFinite(v)) continue
    const slot = slotOf[(keyOf(v) - minKey) >>> shift] as number
    if (slot !== -1) (slots[slot] as Slot).push(v, row)
  }
}
