import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { foldCase, formatScore, normalizeSpacing, preview } from '../text.ts'

const OptionsSchema = z.strictObject({
  /** The similarity ratio (0..1) needed for a pass. */
  min: z.number().min(0).max(1).default(0.8),
})

export type FuzzyMatchOptions = z.input<typeof OptionsSchema>

const EDGE_PUNCTUATION = /^[\p{P}\s]+|[\p{P}\s]+$/gu

/** NFKC, zero-width characters removed, whitespace collapsed, case folded, punctuation at both ends stripped. */
export function normalizeForFuzzy(text: string): string {
  return foldCase(normalizeSpacing(text)).replace(EDGE_PUNCTUATION, '')
}

/**
 * Levenshtein distance (insertions, deletions, substitutions; cost 1 each) between two
 * code-point sequences. O(n·m) time, O(min(n, m)) memory: one row of the table at a time,
 * after the common prefix and suffix are dropped.
 */
export function levenshtein(a: readonly string[], b: readonly string[]): number {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1
    endB -= 1
  }
  const [long, short] = endA - start >= endB - start ? [a.slice(start, endA), b.slice(start, endB)] : [b.slice(start, endB), a.slice(start, endA)]
  if (short.length === 0) return long.length
  const row = new Uint32Array(short.length + 1)
  for (let j = 0; j <= short.length; j += 1) row[j] = j
  for (let i = 1; i <= long.length; i += 1) {
    let diagonal = row[0] ?? 0
    row[0] = i
    const char = long[i - 1]
    for (let j = 1; j <= short.length; j += 1) {
      const above = row[j] ?? 0
      const substitution = diagonal + (short[j - 1] === char ? 0 : 1)
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, substitution)
      diagonal = above
    }
  }
  return row[short.length] ?? 0
}

/** 1 − distance / max(length) over code points; two empty strings are identical (1). */
export function similarity(a: string, b: string): { ratio: number; distance: number; length: number } {
  const left = Array.from(a)
  const right = Array.from(b)
  const length = Math.max(left.length, right.length)
  if (length === 0) return { ratio: 1, distance: 0, length }
  const distance = levenshtein(left, right)
  return { ratio: 1 - distance / length, distance, length }
}

/**
 * Score = the Levenshtein similarity ratio 1 − distance / max(length) (in Unicode code points)
 * of the normalised output and expected text.
 */
export default defineEvaluator({
  name: 'toFuzzyMatch',
  description: 'The output is similar to the case `expected`: score = 1 − Levenshtein distance / longer length after normalisation; pass when >= min.',
  options: OptionsSchema,
  argsFromCase(testCase, options): [string, FuzzyMatchOptions] {
    if (testCase.expected === null) {
      throw new Error(`toFuzzyMatch: case "${testCase.id}" has no \`expected\` value; add \`expected:\` to the case or drop the assertion`)
    }
    return [testCase.expected, options]
  },
  evaluate(received: string, expected: string, options?: FuzzyMatchOptions) {
    const { min } = parseMatcherOptions('toFuzzyMatch', OptionsSchema, options)
    if (typeof expected !== 'string') throw new Error(`toFuzzyMatch: expected must be a string, got ${typeof expected}`)
    const output = normalizeForFuzzy(received)
    const wanted = normalizeForFuzzy(expected)
    const { ratio, distance, length } = similarity(output, wanted)
    const pass = ratio >= min
    const edits = `${distance} edit${distance === 1 ? '' : 's'} over ${length} characters`
    const reason = `similarity ${formatScore(ratio)} (${edits}), needs ${formatScore(min)}; normalised expected ${preview(wanted, 80)}, output ${preview(output, 80)}`
    return { pass, score: ratio, threshold: min, reason, details: { ratio, distance, length, expected: wanted } }
  },
})
