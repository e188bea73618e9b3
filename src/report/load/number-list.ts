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

  /** The values as a plain array (for `summarize`), in the order pushed. */
  toArray(): number[] {
    return Array.from(this.#data.subarray(0, this.#length))
  }

  /** The values sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.#data.slice(0, this.#length).sort()
  }
}
