/** Interns repeated strings (dataset, provider, model names) as indexes into one list. */
export class StringTable {
  readonly strings: string[] = []
  readonly #index = new Map<string, number>()

  /** The string's index, adding it on first sight. */
  ix(value: string): number {
    let i = this.#index.get(value)
    if (i === undefined) {
      i = this.strings.length
      this.strings.push(value)
      this.#index.set(value, i)
    }
    return i
  }
}
