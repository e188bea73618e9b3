import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { matchAst } from '../typescript/ast-match.ts'
import { AstOptionsSchema, AstQuerySchema, type AstOptions, type AstQuery } from '../typescript/ast-query.ts'

export type { AstOptions, AstQuery }

/** Dataset options: the query's fields plus `min` and `language`, in one object. */
const DatasetOptionsSchema = AstQuerySchema.extend(AstOptionsSchema.shape)

/**
 * Structural checks over a real syntax tree (the TypeScript parser; a Vue SFC's scripts via
 * @vue/compiler-sfc): score = fraction of the query's checks met, pass when score >= min.
 */
export default defineEvaluator({
  name: 'toMatchAst',
  description: 'The code (or its code block) declares, imports and calls what the query lists, read from its syntax tree: score = fraction of checks met.',
  options: DatasetOptionsSchema,
  argsFromCase(_testCase, options): [AstQuery, AstOptions] {
    const { min, language, ...query } = options
    return [query, language === undefined ? { min } : { min, language }]
  },
  evaluate(received: string, query: AstQuery, options?: AstOptions) {
    const parsedQuery = parseMatcherOptions('toMatchAst', AstQuerySchema, query)
    const { min, language } = parseMatcherOptions('toMatchAst', AstOptionsSchema, options)
    return matchAst(received, parsedQuery, min, language)
  },
})
