import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { extractAnswer, type ExtractedAnswer } from '../numbers/extract.ts'
import { preview } from '../text.ts'

const MatcherOptionsSchema = z.strictObject({
  /** Absolute tolerance: |extracted − expected| <= tolerance passes. */
  tolerance: z.number().min(0).default(1e-6),
  /** Relative tolerance (0.01 = 1%) of the larger magnitude, as Python's math.isclose; either tolerance passes. */
  relative: z.number().min(0).optional(),
})

export type CloseToNumberOptions = z.input<typeof MatcherOptionsSchema>

/** Dataset options: the matcher's, plus `value` (`- toBeCloseToNumber: 42`) instead of the case's `expected`. */
const DatasetOptionsSchema = MatcherOptionsSchema.extend({ value: z.union([z.number(), z.string()]).optional() })

/** The expected number: a number, or the answer number of a text (`"... #### 72"` -> 72, `"$1,234.50"` -> 1234.5). */
export function expectedNumber(expected: number | string, where = 'expected'): number {
  if (typeof expected === 'number') {
    if (!Number.isFinite(expected)) throw new Error(`toBeCloseToNumber: ${where} must be a finite number, got ${expected}`)
    return expected
  }
  if (typeof expected !== 'string') throw new Error(`toBeCloseToNumber: ${where} must be a number or a string, got ${typeof expected}`)
  const found = extractAnswer(expected)
  if (found === null) throw new Error(`toBeCloseToNumber: ${where} ${preview(expected, 80)} contains no number`)
  return found.value
}

export default defineEvaluator({
  name: 'toBeCloseToNumber',
  description: 'The answer number in the output (final-answer marker, else the last number) is within tolerance of the expected number.',
  options: DatasetOptionsSchema,
  argsFromCase(testCase, options): [number, CloseToNumberOptions] {
    const { value, ...matcherOptions } = options
    if (value !== undefined) return [expectedNumber(value, `the assertion's value in case "${testCase.id}"`), matcherOptions]
    if (testCase.expected === null) {
      throw new Error(
        `toBeCloseToNumber: case "${testCase.id}" has no \`expected\` value; add \`expected:\` (e.g. a GSM8K answer ending in "#### 72") or give \`- toBeCloseToNumber: 72\``,
      )
    }
    return [expectedNumber(testCase.expected, `the expected value of case "${testCase.id}"`), matcherOptions]
  },
  evaluate(received: string, expected: number | string, options?: CloseToNumberOptions) {
    const { tolerance, relative } = parseMatcherOptions('toBeCloseToNumber', MatcherOptionsSchema, options)
    const wanted = expectedNumber(expected)
    const found = extractAnswer(received)
    const allowed = `tolerance ${tolerance}${relative === undefined ? '' : `, relative ${relative}`}`
    if (found === null) {
      const details = { expected: wanted, extracted: null, text: null, source: null, difference: null, tolerance, relative: relative ?? null }
      return { pass: false, score: 0, threshold: 1, reason: `no number found in the output; expected ${wanted}`, details }
    }
    const { value, difference } = closest(found, wanted)
    const pass = isClose(value, wanted, tolerance, relative)
    const verdict = pass ? `within ${allowed}` : `off by ${formatDifference(difference)} (${allowed})`
    const reason = `extracted ${formatNumber(value)} from ${preview(found.text, 60)} (${found.source}); expected ${formatNumber(wanted)}: ${verdict}`
    const details = { expected: wanted, extracted: value, text: found.text, source: found.source, difference, tolerance, relative: relative ?? null }
    return { pass, score: pass ? 1 : 0, threshold: 1, reason, details }
  },
})

/** A percentage matches as written (50% ~ 50) or as a fraction (50% ~ 0.5): the closer one counts. */
function closest(found: ExtractedAnswer, wanted: number): { value: number; difference: number } {
  const values = found.percent ? [found.value, found.value / 100] : [found.value]
  const scored = values.map((value) => ({ value, difference: Math.abs(value - wanted) }))
  return scored.reduce((best, next) => (next.difference < best.difference ? next : best))
}

/** math.isclose: |a − b| <= max(relative × max(|a|, |b|), tolerance). */
export function isClose(actual: number, expected: number, tolerance: number, relative?: number): boolean {
  const difference = Math.abs(actual - expected)
  const relativeAllowance = relative === undefined ? 0 : relative * Math.max(Math.abs(actual), Math.abs(expected))
  return difference <= Math.max(tolerance, relativeAllowance)
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)))
}

function formatDifference(value: number): string {
  return String(Number(value.toPrecision(6)))
}
