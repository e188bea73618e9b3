import { percentileOfSorted, type Distribution } from '../../metrics/percentile.ts'

/** A growable list of numbers in a Float64Array: 8 bytes a value, no object per value. */
export class NumberList {
  #data = new Float64Array(16)
  #length = 0

  get length(): number {
    return this.#length
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2)
      grown.set(this.#data)
      this.#data = grown
    }
    this.#data[this.#length++] = value
  }

  /** The values sorted ascending, in place (the list's order is not kept). */
  sorted(): Float64Array {
    return this.#data.subarray(0, this.#length).sort()
  }

  /**
   * The distribution of the finite values, the same numbers as `summarize` gives (numpy-linear
   * percentiles), sorted in place: no copy of the values (a measurement's pooled ITL gaps can be
   * millions). The list's order is not kept.
   */
  distribution(): Distribution {
    const all = this.sorted()
    // a sorted Float64Array has -Infinity first, +Infinity and NaN last
    let lo = 0
    let hi = all.length
    while (lo < hi && !Number.isFinite(all[lo] as number)) lo++
    while (hi > lo && !Number.isFinite(all[hi - 1] as number)) hi--
    const finite = all.subarray(lo, hi)
    const n = finite.length
    if (n === 0) return { count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
    let sum = 0
    for (let i = 0; i < n; i++) sum += finite[i] as number
    return {
      count: n,
      min: finite[0] as number,
      mean: sum / n,
      p50: percentileOfSorted(finite, 50),
      p90: percentileOfSorted(finite, 90),
      p95: percentileOfSorted(finite, 95),
      p99: percentileOfSorted(finite, 99),
      max: finite[n - 1] as number,
    }
  }
}
