import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { preview } from '../text.ts'

const MatcherOptionsSchema = z.strictObject({
  /** RegExp flags (`i`, `m`, `s`, `u`...); for a RegExp pattern they replace its own flags. */
  flags: z.string().optional(),
})

export type MatchRegexOptions = z.input<typeof MatcherOptionsSchema>

/** Dataset options: `{ pattern, flags }`, or the shorthand `{ value: pattern }`. */
const DatasetOptionsSchema = MatcherOptionsSchema.extend({
  pattern: z.string().optional(),
  value: z.string().optional(),
}).superRefine((options, ctx) => {
  const pattern = options.pattern ?? options.value
  if (options.pattern !== undefined && options.value !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'give either `pattern` or `value`, not both' })
  } else if (pattern === undefined) {
    ctx.addIssue({ code: 'custom', message: 'a `pattern` is required, e.g. { toMatchRegex: { pattern: "^Once", flags: "i" } }' })
  } else {
    try {
      compileRegex(pattern, options.flags)
    } catch (error) {
      // at the field the pattern came from (`value` is the `toMatchRegex: "^Once"` shorthand)
      const field = options.pattern === undefined ? 'value' : 'pattern'
      ctx.addIssue({ code: 'custom', path: [field], input: pattern, message: (error as Error).message })
    }
  }
})

/** A fresh RegExp (no shared `lastIndex`); an invalid pattern or flags throws an Error naming it. */
export function compileRegex(pattern: string | RegExp, flags?: string): RegExp {
  const source = typeof pattern === 'string' ? pattern : pattern.source
  const effectiveFlags = flags ?? (typeof pattern === 'string' ? '' : pattern.flags)
  try {
    return new RegExp(source, effectiveFlags)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw new Error(`toMatchRegex: invalid regular expression ${preview(source)} with flags "${effectiveFlags}": ${detail}`)
  }
}

export default defineEvaluator({
  name: 'toMatchRegex',
  description: 'The output matches a regular expression (searched anywhere unless anchored): score 1 or 0.',
  options: DatasetOptionsSchema,
  argsFromCase(_testCase, options): [string, MatchRegexOptions] {
    const pattern = options.pattern ?? options.value
    if (pattern === undefined) throw new Error('toMatchRegex: a `pattern` is required')
    return [pattern, options.flags === undefined ? {} : { flags: options.flags }]
  },
  evaluate(received: string, pattern: string | RegExp, options?: MatchRegexOptions) {
    const { flags } = parseMatcherOptions('toMatchRegex', MatcherOptionsSchema, options)
    if (typeof pattern !== 'string' && !(pattern instanceof RegExp)) {
      throw new Error(`toMatchRegex: the pattern must be a string or a RegExp, got ${preview(String(pattern))}`)
    }
    const regex = compileRegex(pattern, flags)
    const match = regex.exec(received)
    const shown = `/${regex.source}/${regex.flags}`
    const reason = match
      ? `${shown} matched ${preview(match[0], 80)} at index ${match.index}`
      : `${shown} found no match in the output`
    const details = { pattern: regex.source, flags: regex.flags, match: match ? match[0] : null, index: match ? match.index : null }
    return { pass: match !== null, score: match ? 1 : 0, threshold: 1, reason, details }
  },
})
