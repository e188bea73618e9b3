import { select } from '../dataset/sources/sample.ts'

/**
 * The `num_examples` sample of a scenario: `count` items of `items`, chosen
 * with a seeded generator and kept in their order (the dataset sources'
 * reservoir sampler). Pure: the same items, count and seed give the same
 * sample on every machine. No count, or a count of at least the items: all.
 */
export function sampleCases<T>(items: readonly T[], count: number | undefined, seed: number): T[] {
  if (count === undefined || count >= items.length) return [...items]
  return select(items, { sample: count, seed })
}
