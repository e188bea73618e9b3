import { z } from 'zod'
import { DatasetSchema } from './schema.ts'
import type { FieldPath } from './locate.ts'

/** The field names the schema (the dataset's unless another is given) allows in the map at `path` (empty when it is not a fixed-shape map). */
export function knownFields(path: FieldPath, root: z.core.$ZodType = DatasetSchema): string[] {
  let schema: z.core.$ZodType | undefined = root
  for (const segment of path) schema = schema && childSchema(unwrap(schema), segment)
  const object = schema && unwrap(schema)
  return object instanceof z.ZodObject ? Object.keys(object.shape) : []
}

function childSchema(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  // a list-or-map field (`variants`): the option the segment fits (an index: the list; a key: the map)
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options) {
      const child = childSchema(unwrap(option), segment)
      if (child !== undefined) return child
    }
    return undefined
  }
  if (schema instanceof z.ZodObject && typeof segment === 'string') return schema.shape[segment]
  if (schema instanceof z.ZodArray && typeof segment === 'number') return schema.element
  if (schema instanceof z.ZodRecord && typeof segment === 'string') return schema.valueType
  return undefined
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) return unwrap(schema.unwrap())
  return schema
}
