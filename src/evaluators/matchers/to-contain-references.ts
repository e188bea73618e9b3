import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { foldCase, formatScore, normalizeSpacing, preview } from '../text.ts'

const OptionsSchema = z.strictObject({
  /** The fraction of references (0..1) that must appear for a pass. */
  min: z.number().min(0).max(1).default(1),
  /** Compare case-sensitively (default: case-insensitive). */
  caseSensitive: z.boolean().default(false),
})

export type ContainReferencesOptions = z.input<typeof OptionsSchema>

/**
 * Score = the fraction of `references` found in the output as substrings, after
 * NFKC, whitespace collapsing and (by default) case folding on both sides.
 */
export default defineEvaluator({
  name: 'toContainReferences',
  description: 'The output mentions the case references: score = fraction found, pass when score >= min.',
  options: OptionsSchema,
  argsFromCase(testCase, options): [string[], ContainReferencesOptions] {
    if (testCase.references.length === 0) {
      throw new Error(
        `toContainReferences: case "${testCase.id}" has no references; add a \`references:\` list to the case or drop the assertion`,
      )
    }
    return [testCase.references, options]
  },
  evaluate(received: string, references: readonly string[], options?: ContainReferencesOptions) {
    const { min, caseSensitive } = parseMatcherOptions('toContainReferences', OptionsSchema, options)
    const normalize = (text: string): string => (caseSensitive ? normalizeSpacing(text) : foldCase(normalizeSpacing(text)))
    checkReferences(references, normalize)
    const output = normalize(received)
    const found = references.filter((reference) => output.includes(normalize(reference)))
    const missing = references.filter((reference) => !output.includes(normalize(reference)))
    const score = found.length / references.length
    const pass = score >= min
    const counted = `${found.length} of ${references.length} references found (score ${formatScore(score)}, needs ${formatScore(min)})`
    const reason = missing.length === 0 ? counted : `${counted}; missing: ${missing.map((m) => preview(m, 60)).join(', ')}`
    return { pass, score, threshold: min, reason, details: { found, missing, caseSensitive } }
  },
})

function checkReferences(references: readonly string[], normalize: (text: string) => string): void {
  if (!Array.isArray(references) || references.length === 0) {
    throw new Error('toContainReferences: no references given; pass a non-empty list of strings to look for')
  }
  references.forEach((reference, index) => {
    if (typeof reference !== 'string' || normalize(reference) === '') {
      throw new Error(`toContainReferences: reference ${index} is ${preview(String(reference))}; every reference must be non-blank text`)
    }
  })
}
