import { z } from 'zod'

/**
 * The shape of a JSON Schema's keywords, checked before zod converts the schema:
 * `type: strnig`, `required: name` or `minLength: -1` get an issue at their
 * own path (`schema.properties.age.type`) instead of one conversion error
 * without a place, or no error at all (the converter ignores keyword values it
 * does not understand). Keywords not listed here are left alone.
 */

const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] as const

const Type = z.enum(TYPES)
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

export const JsonSchemaShapeSchema: z.ZodType<JsonSchemaShape> = z.lazy(() => z.union([z.boolean(), SchemaObject]))

const SchemaList = z.lazy(() => z.array(JsonSchemaShapeSchema).min(1))
const SchemaMap = z.lazy(() => z.record(z.string(), JsonSchemaShapeSchema))

const SchemaObject = z.looseObject({
  type: z.union([Type, z.array(Type).min(1)]).optional(),
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
