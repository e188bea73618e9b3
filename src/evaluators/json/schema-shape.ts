import { z } from 'zod'

/**
 * The shape of a JSON Schema's keywords, checked before zod converts the schema:
 * `type: strnig`, `required: name` or `minLength: -1` get an issue at their
 * own path (`schema.properties.age.type`) instead of one conversion error
 * without a place, or no error at all (the converter ignores keyword values it
 * does not understand). Keywords not listed here are left alone.
 */

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const

/** `type: string` or `type: [string, "null"]`; one issue naming the types, not a union's "Invalid input". */
const TypeKeyword = z.unknown().superRefine((value, ctx) => {
  const listed = Array.isArray(value) ? value : [value]
  const known = listed.length > 0 && listed.every((type) => (TYPES as readonly unknown[]).includes(type))
  if (!known) ctx.addIssue({ code: 'invalid_value', values: [...TYPES], input: value, message: `Invalid type: expected one of ${TYPES.join('|')} (or a list of them)` })
})
const Count = z.int().nonnegative()

/** A regular expression keyword (`pattern`, keys of `patternProperties`) must compile (as `u`, as JSON Schema reads it). */
const Pattern = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern, 'u')
  } catch (error) {
    ctx.addIssue({ code: 'custom', input: pattern, message: `a regular expression that compiles (${error instanceof Error ? error.message : String(error)})` })
  }
})

export type JsonSchemaShape = boolean | { [keyword: string]: unknown }

export const JsonSchemaShapeSchema: z.ZodType<JsonSchemaShape> = z.lazy(() =>
  z.union([z.boolean(), SchemaObject], { error: 'Invalid schema: expected a JSON Schema (a map, or true/false)' }),
)

const SchemaList = z.lazy(() => z.array(JsonSchemaShapeSchema).min(1))
const SchemaMap = z.lazy(() => z.record(z.string(), JsonSchemaShapeSchema))

const SchemaObject = z.looseObject({
  type: TypeKeyword.optional(),
  properties: SchemaMap.optional(),
  patternProperties: z.record(z.string(), JsonSchemaShapeSchema).optional(),
  additionalProperties: JsonSchemaShapeSchema.optional(),
  items: z.union([JsonSchemaShapeSchema, z.array(JsonSchemaShapeSchema)]).optional(),
  prefixItems: z.array(JsonSchemaShapeSchema).optional(),
  contains: JsonSchemaShapeSchema.optional(),
  required: z.array(z.string()).optional(),
  enum: z.array(z.unknown()).min(1).optional(),
  minLength: Count.optional(),
  maxLength: Count.optional(),
  minItems: Count.optional(),
  maxItems: Count.optional(),
  minProperties: Count.optional(),
  maxProperties: Count.optional(),
  uniqueItems: z.boolean().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  // draft 4 has them as booleans beside minimum/maximum
  exclusiveMinimum: z.union([z.number(), z.boolean()]).optional(),
  exclusiveMaximum: z.union([z.number(), z.boolean()]).optional(),
  multipleOf: z.number().positive().optional(),
  pattern: Pattern.optional(),
  format: z.string().optional(),
  allOf: SchemaList.optional(),
  anyOf: SchemaList.optional(),
  oneOf: SchemaList.optional(),
  not: JsonSchemaShapeSchema.optional(),
  if: JsonSchemaShapeSchema.optional(),
  then: JsonSchemaShapeSchema.optional(),
  else: JsonSchemaShapeSchema.optional(),
  $defs: SchemaMap.optional(),
  definitions: SchemaMap.optional(),
  $ref: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
})

type ZodIssue = z.core.$ZodIssue

/**
 * The shape's issues for a JSON Schema, each at its keyword: where a schema
 * could be a boolean or a map and is neither, the map's issues are kept (a
 * union's "Invalid input" says nothing). Empty when the shape is fine.
 */
export function jsonSchemaShapeIssues(schema: unknown): ZodIssue[] {
  const result = JsonSchemaShapeSchema.safeParse(schema, { reportInput: true })
  return result.success ? [] : result.error.issues.flatMap((issue) => resolveUnion(issue, []))
}

function resolveUnion(issue: ZodIssue, base: readonly PropertyKey[]): ZodIssue[] {
  const path = [...base, ...issue.path]
  if (issue.code !== 'invalid_union') return [{ ...issue, path }]
  const deepest = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]
  // every branch failed at the value itself (a number where a schema goes): the union's own issue says it best
  if (deepest === undefined || depth(deepest) === 0) return [{ ...issue, path }]
  return deepest.flatMap((inner) => resolveUnion(inner, path))
}

function depth(issues: readonly ZodIssue[]): number {
  return Math.max(0, ...issues.map((issue) => (issue.code === 'invalid_union' ? issue.path.length + 1 : issue.path.length)))
}
