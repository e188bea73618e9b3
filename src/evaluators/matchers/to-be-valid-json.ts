import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { describeFailure, describeFound, describeJson } from '../json/describe.ts'
import { findJson } from '../json/find.ts'
import { jsonMode, JsonOptionsSchema, type JsonOptions } from '../json/options.ts'

export type ValidJsonOptions = JsonOptions

export default defineEvaluator({
  name: 'toBeValidJson',
  description: 'The output is JSON, or (extract, default) contains a JSON object/array in prose or a ```json fence; score 1 or 0.',
  options: JsonOptionsSchema,
  argsFromCase(_testCase, options): [ValidJsonOptions] {
    return [options]
  },
  evaluate(received: string, options?: ValidJsonOptions) {
    const { extract, strict } = parseMatcherOptions('toBeValidJson', JsonOptionsSchema, options)
    const found = findJson(received, { extract, strict })
    const mode = jsonMode({ extract, strict })
    if (!found.ok) {
      const what = strict || !extract ? 'the output is not JSON' : 'no valid JSON found in the output'
      const reason = `${what} (${mode}): ${describeFailure(found)}`
      return { pass: false, score: 0, threshold: 1, reason, details: { mode, error: found.error, source: found.source } }
    }
    const reason = `${describeJson(found.value)} ${describeFound(found)}`
    const details = { mode, value: found.value, source: found.source, start: found.start, end: found.end }
    return { pass: true, score: 1, threshold: 1, reason, details }
  },
})
