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
export function summarizePooledGroups(lists: ReadonlyArray<readonly number[]>, groups: ReadonlyArray<ArrayLike<number>>): Distribution[] {
  const out = new Array<Distribution>(groups.length)
  const large: number[] = []
  const used = new Uint8Array(lists.length)
  for (let g = 0; g < groups.length; g++) {
    const rows = groups[g] as ArrayLike<number>
    let total = 0
    for (let i = 0; i < rows.length; i++) total += (lists[rows[i] as number] as readonly number[]).length
    if (total < SHARED_FROM) {
      out[g] = summarizePooled(Array.from(rows, (row) => lists[row] as readonly number[]))
      continue
    }
    large.push(g)
    for (let i = 0; i < rows.length; i++) used[rows[i] as number] = 1
  }
  if (large.length === 0) return out
  const gaps = new GapRows(lists, used)
  const planned: Array<{ group: number; plan: GroupPlan }> = []
  const slotOf = new Int32Array(BUCKETS).fill(-1)
  const slots: Slot[] = []
  const hist = new Uint32Array(BUCKETS)
  for (const group of large) {
    // one kind of row list read below (a breakdown's groups are arrays, the whole run a Uint32Array)
    const rows = groups[group] as ArrayLike<number>
    const plan = gaps.plan(rows instanceof Uint32Array ? rows : Uint32Array.from(rows), hist)
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

/** A wanted bucket's values (of every row), in row order, each with its row. */
class Slot {
  values = new Float64Array(64)
  rows = new Uint32Array(64)
  length = 0

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
  readonly #used: Uint8Array
  readonly #count: Uint32Array
  readonly #min: Float64Array
  readonly #max: Float64Array
  /** A typed row's high words (a view of its buffer, shared by the rows of one block) and the index of its first value's; null for a plain list. */
  readonly #hi: Array<Uint32Array | null>
  readonly #hiFrom: Int32Array
  readonly #minKey: number
  readonly #shift: number

  constructor(lists: ReadonlyArray<readonly number[]>, used: Uint8Array) {
    const n = lists.length
    this.#lists = lists
    this.#used = used
    this.#count = new Uint32Array(n)
    this.#min = new Float64Array(n)
    this.#max = new Float64Array(n)
    this.#hi = new Array<Uint32Array | null>(n).fill(null)
    this.#hiFrom = new Int32Array(n)
    const views = new Map<ArrayBufferLike, Uint32Array>()
    const m = { count: 0, min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let row = 0; row < n; row++) {
      if (used[row] === 0) continue
      const list = lists[row] as readonly number[]
      m.count = 0
      m.min = Number.POSITIVE_INFINITY
      m.max = Number.NEGATIVE_INFINITY
      if (list instanceof Float64Array) {
        rangeOfTyped(list, m)
        let view = views.get(list.buffer)
        if (view === undefined) views.set(list.buffer, (view = new Uint32Array(list.buffer, 0, list.buffer.byteLength >>> 2)))
        this.#hi[row] = view
        this.#hiFrom[row] = (list.byteOffset >>> 2) + HI
      } else rangeOfArray(list, m)
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
    while (span / 2 ** shift >= BUCKETS) shift++
    this.#shift = shift
  }

  /** The group's count, sum (in order), min, max, and the buckets of its percentiles' positions; null with no finite value. */
  plan(rows: Uint32Array, hist: Uint32Array): GroupPlan | null {
    hist.fill(0)
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
    const sum = sumAndCount(rows, counts, this.#lists, this.#hi, this.#hiFrom, hist, this.#minKey, this.#shift)
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

  /** Every used row's finite values in a wanted bucket (slotOf[bucket] ≥ 0), appended to that bucket's slot in row order. */
  gather(slotOf: Int32Array, slots: Slot[]): void {
    for (let row = 0; row < this.#lists.length; row++) {
      if (this.#used[row] === 0 || this.#count[row] === 0) continue
      const hi = this.#hi[row] as Uint32Array | null
      const list = this.#lists[row] as readonly number[]
      if (hi === null) gatherArray(list, row, slotOf, slots, this.#minKey, this.#shift)
      else gatherTyped(list as unknown as Float64Array, hi, this.#hiFrom[row] as number, row, slotOf, slots, this.#minKey, this.#shift)
    }
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
