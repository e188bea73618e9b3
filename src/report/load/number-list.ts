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

  /** The values sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.#data.slice(0, this.#length).sort()
  }

  /** The distribution of the finite values, the same numbers as `summarize` gives (numpy-linear percentiles), without a JS array copy. */
  distribution(): Distribution {
    const finite = this.sorted().filter((v) => Number.isFinite(v))
    const n = finite.length
    if (n === 0) return { count: 0, min: null, mean: null, p50: null, p90: null, p95: null, p99: null, max: null }
    let sum = 0
    for (const v of finite) sum += v
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
