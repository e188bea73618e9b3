/** `limit` keeps the first N items; `sample` then keeps a seeded random N of those, in their original order. */
export interface Selection {
  limit?: number | undefined
  sample?: number | undefined
  seed?: number | undefined
}

/**
 * Takes items from `items` (a generator that parses as it goes): stops after
 * `limit`; with `sample`, reservoir-samples N items with a seeded generator
 * (the same seed and file give the same cases), returned in file order.
 */
export function select<T>(items: Iterable<T>, { limit, sample, seed = 1 }: Selection): T[] {
  const taken: T[] = []
  const reservoir: Array<{ index: number; item: T }> = []
  const random = mulberry32(seed)
  let index = 0
  for (const item of items) {
    if (limit !== undefined && index >= limit) break
    if (sample === undefined) taken.push(item)
    else if (reservoir.length < sample) reservoir.push({ index, item })
    else {
      const slot = Math.floor(random() * (index + 1))
      if (slot < sample) reservoir[slot] = { index, item }
    }
    index++
  }
  if (sample === undefined) return taken
  return reservoir.sort((a, b) => a.index - b.index).map((entry) => entry.item)
}

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
