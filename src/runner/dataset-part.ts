import { basename } from 'node:path'
import { describe } from 'vitest'
import { emptyPartTitle, partCases, type DatasetPart } from './dataset-split.ts'

/**
 * The worker's side of a split dataset (see dataset-split.ts): part k of n
 * loads the whole file (every part checks it, recordings are pruned against
 * all its cases) and registers the tests of its slice of cases only.
 */

/**
 * The dataset, loaded for a part. A file that does not load fails its first
 * part (or the whole file) with the loader's message; the other parts register
 * nothing, so the message is reported once.
 */
export function loadForPart<T>(load: () => T, file: string, part: DatasetPart | null): T | null {
  try {
    return load()
  } catch (error) {
    if (!part || part.index === 1) throw error
    registerEmptyPart(basename(file), part, `the file does not load: see part 1 of ${part.count}`)
    return null
  }
}

/**
 * Which case indexes the part registers (all of them for a whole file), or
 * null when its slice is empty (more parts than cases).
 */
export function partSlice(name: string, cases: number, part: DatasetPart | null): ((index: number) => boolean) | null {
  const slice = partCases(cases, part)
  if (!slice && part) registerEmptyPart(name, part, 'no cases')
  return slice
}

/** A test module must hold a suite or Vitest fails it ("No test suite found"): a skipped, empty one. */
function registerEmptyPart(name: string, part: DatasetPart, reason: string): void {
  describe.skip(emptyPartTitle(name, part, reason), () => {})
}
