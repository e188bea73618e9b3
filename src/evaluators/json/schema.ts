import { fromJSONSchema, type z } from 'zod'
import type { JSONSchema } from 'zod/v4/core'

/** A JSON Schema (draft 2020-12, 7 or 4) as a dataset or a JSON file gives it; zod checks it when converting. */
export type JsonSchema = { readonly [keyword: string]: unknown } | boolean

/** What `toMatchSchema` validates with: anything with zod's `safeParse` (zod 4, or 3). */
export interface ZodLike {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly SchemaIssueLike[] } }
}

interface SchemaIssueLike {
  path: readonly PropertyKey[]
  message: string
}

export interface SchemaIssue {
  /** `name`, `tags[1]`, `address.city`, or `(root)`. */
  path: string
  message: string
}

const converted = new WeakMap<object, z.ZodType>()

export function isZodLike(schema: unknown): schema is ZodLike {
  return typeof schema === 'object' && schema !== null && typeof (schema as { safeParse?: unknown }).safeParse === 'function'
}

/** A JSON Schema as a zod schema, by zod's own `fromJSONSchema` (cached per schema object); an unsupported schema throws. */
export function fromJsonSchema(schema: JsonSchema): ZodLike {
  if (typeof schema === 'object') {
    const cached = converted.get(schema)
    if (cached !== undefined) return cached
  }
  let zod: z.ZodType
  try {
    zod = fromJSONSchema(schema as JSONSchema.JSONSchema | boolean)
  } catch (error) {
    throw new Error(`toMatchSchema: cannot use the JSON Schema: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (typeof schema === 'object') converted.set(schema, zod)
  return zod
}

/** Every issue of `value` against `schema`, with readable paths; empty when valid. */
export function schemaIssues(schema: ZodLike, value: unknown): SchemaIssue[] {
  const result = schema.safeParse(value)
  if (result.success) return []
  return result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }))
}

export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)'
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`
      const name = String(key)
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return `[${JSON.stringify(name)}]`
      return index === 0 ? name : `.${name}`
    })
    .join('')
}
