import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { describeFailure, describeFound, describeJson } from '../json/describe.ts'
import { findJson } from '../json/find.ts'
import { jsonMode, JsonOptionsSchema, type JsonOptions } from '../json/options.ts'
import { jsonSchemaShapeIssues } from '../json/schema-shape.ts'
import { fromJsonSchema, isZodLike, schemaIssues, type JsonSchema, type ZodLike } from '../json/schema.ts'

export type MatchSchemaOptions = JsonOptions

/** Dataset options: `{ schema: <JSON Schema>, extract, strict }`. */
const DatasetOptionsSchema = JsonOptionsSchema.extend({
  schema: z.union([z.record(z.string(), z.unknown()), z.boolean()]),
}).superRefine((options, ctx) => {
  // keyword values checked where they are (`schema.properties.age.type`), then the schema converted as a whole
  const shape = jsonSchemaShapeIssues(options.schema)
  for (const issue of shape) ctx.addIssue({ ...issue, path: ['schema', ...issue.path] })
  if (shape.length > 0) return
  try {
    fromJsonSchema(options.schema)
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['schema'], input: options.schema, message: (error as Error).message })
  }
})

export default defineEvaluator({
  name: 'toMatchSchema',
  description: 'The JSON in the output (found as toBeValidJson finds it) matches a zod schema or a JSON Schema; score 1 or 0.',
  options: DatasetOptionsSchema,
  argsFromCase(_testCase, options): [JsonSchema, MatchSchemaOptions] {
    const { schema, ...jsonOptions } = options
    return [schema, jsonOptions]
  },
  evaluate(received: string, schema: ZodLike | JsonSchema, options?: MatchSchemaOptions) {
    const { extract, strict } = parseMatcherOptions('toMatchSchema', JsonOptionsSchema, options)
    const validator = toValidator(schema)
    const mode = jsonMode({ extract, strict })
    const found = findJson(received, { extract, strict })
    if (!found.ok) {
      const reason = `no JSON to validate (${mode}): ${describeFailure(found)}`
      return { pass: false, score: 0, threshold: 1, reason, details: { mode, error: found.error, source: found.source, issues: [] } }
    }
    const issues = schemaIssues(validator, found.value)
    const pass = issues.length === 0
    const what = `${describeJson(found.value)} ${describeFound(found)}`
    const listed = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
    const reason = pass ? `${what} matches the schema` : `${what} has ${issues.length} schema issue${issues.length === 1 ? '' : 's'}: ${listed}`
    const details = { mode, value: found.value, source: found.source, issues }
    return { pass, score: pass ? 1 : 0, threshold: 1, reason, details }
  },
})

function toValidator(schema: ZodLike | JsonSchema): ZodLike {
  if (isZodLike(schema)) return schema
  if (typeof schema === 'boolean' || (typeof schema === 'object' && schema !== null && !Array.isArray(schema))) return fromJsonSchema(schema)
  throw new Error(`toMatchSchema: the schema must be a zod schema or a JSON Schema object, got ${Array.isArray(schema) ? 'an array' : typeof schema}`)
}
