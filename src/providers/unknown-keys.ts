import { z } from 'zod'
import { closestName } from '../dataset/suggest.ts'

/**
 * Option objects (`llmBench()` options, provider specs and provider options)
 * are strict: an unknown key is an error. These helpers turn zod's
 * "Unrecognized key" into a line that names the field and the closest known
 * one (`timeout` → `timeoutMs`, `baseUrl` → `baseURL`).
 */

/** The field names the object schema at `path` has (through defaults, optionals, pipes, unions and arrays); [] when there is no object there. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const inner = unwrap(schema)
  if (inner instanceof z.ZodUnion) return [...new Set(inner.options.flatMap((option) => knownKeysAt(option as z.ZodType, path)))]
  const [head, ...rest] = path
  if (head === undefined) return inner instanceof z.ZodObject ? Object.keys(inner.shape) : []
  if (inner instanceof z.ZodArray && typeof head === 'number') return knownKeysAt(inner.element as z.ZodType, rest)
  if (inner instanceof z.ZodObject && typeof head === 'string') {
    const field = (inner.shape as Record<string, z.ZodType | undefined>)[head]
    return field === undefined ? [] : knownKeysAt(field, rest)
  }
  return []
}

function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema.unwrap() as z.ZodType)
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as z.ZodType)
  return schema
}

/** `unknown field "timeout", did you mean "timeoutMs"?` (or the known fields when none is close). */
export function unknownKeyText(key: string, known: readonly string[]): string {
  const suggestion = closestName(key, known)
  if (suggestion !== null) return `unknown field "${key}", did you mean "${suggestion}"?`
  return `unknown field "${key}"${known.length > 0 ? ` (known fields: ${known.join(', ')})` : ''}`
}

/** `gates.minPassRate`, `providers[1].baseURL`; `(root)` for the object itself. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out === '' ? '' : '.'}${String(part)}`
  return out === '' ? '(root)' : out
}

/**
 * Every issue of a failed parse as `<path>: <message>`, one line per unknown
 * key with a did-you-mean. `schema` is the schema that was parsed (for the
 * known field names).
 */
export function issueLines(schema: z.ZodType, error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, issue.path)
      return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: ${unknownKeyText(key, known)}`)
    }
    return [`${fieldPath(issue.path)}: ${issue.message}`]
  })
}
