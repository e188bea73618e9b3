import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { foldCase, normalizeSpacing, preview } from '../text.ts'

const OptionsSchema = z.strictObject({
  /** Normalise both sides before comparing (default); `false` compares the raw strings. */
  normalize: z.boolean().default(true),
})

export type EqualExpectedOptions = z.input<typeof OptionsSchema>

const QUOTES = `"'\`“”‘’„‚«»‹›「」『』`
const TRAILING_PUNCTUATION = /[.,;:!?…。、．]+$/u

/**
 * The answer-comparison form of a text: NFKC, whitespace collapsed, case folded,
 * surrounding quotes and trailing punctuation removed (repeatedly: `"Paris".` -> `paris`).
 */
export function normalizeAnswer(text: string): string {
  let current = foldCase(normalizeSpacing(text))
  for (;;) {
    const next = stripSurroundingQuotes(current.replace(TRAILING_PUNCTUATION, '').trim()).trim()
    if (next === current) return current
    current = next
  }
}

function stripSurroundingQuotes(text: string): string {
  const chars = [...text]
  const first = chars[0]
  const last = chars[chars.length - 1]
  if (chars.length < 2 || first === undefined || last === undefined) return text
  return QUOTES.includes(first) && QUOTES.includes(last) ? chars.slice(1, -1).join('') : text
}

export default defineEvaluator({
  name: 'toEqualExpected',
  description: 'The output equals the case `expected` after normalisation (case, whitespace, quotes, trailing punctuation, NFKC).',
  options: OptionsSchema,
  argsFromCase(testCase, options): [string, EqualExpectedOptions] {
    if (testCase.expected === null) {
      throw new Error(
        `toEqualExpected: case "${testCase.id}" has no \`expected\` value; add \`expected:\` to the case or drop the assertion`,
      )
    }
    return [testCase.expected, options]
  },
  evaluate(received: string, expected: string, options?: EqualExpectedOptions) {
    const { normalize } = parseMatcherOptions('toEqualExpected', OptionsSchema, options)
    if (typeof expected !== 'string') {
      throw new Error(`toEqualExpected: expected must be a string, got ${typeof expected}`)
    }
    const output = normalize ? normalizeAnswer(received) : received
    const wanted = normalize ? normalizeAnswer(expected) : expected
    const pass = output === wanted
    const form = normalize ? 'normalised ' : ''
    const reason = `${form}output ${preview(output)} ${pass ? 'equals' : 'differs from'} ${form}expected ${preview(wanted)}`
    return { pass, score: pass ? 1 : 0, threshold: 1, reason, details: { expected: wanted, received: output, normalize } }
  },
})
