import { z } from 'zod'
import { assertionName, parseAssertion } from './assertions.ts'
import { quote } from './describe-value.ts'
import type { DatasetIssue } from './errors.ts'
import { issueAt, type FieldPath } from './locate.ts'
import type { IndexedAssertion } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import { datasetIssues } from './schema-issues.ts'
import { closestName } from './suggest.ts'

type ZodIssue = z.core.$ZodIssue

/**
 * Checks each `assert` entry's options against its matcher's schema, so that a
 * regex that does not compile or a JSON Schema with a misspelt type is refused
 * when the dataset loads, before any provider is called. Issues point into the
 * entry: `test_cases[0].assert[1].toMatchRegex.pattern`.
 */
export function checkMatcherOptions(
  source: ParsedSource,
  listPath: FieldPath,
  entries: readonly IndexedAssertion[],
  schemas: ReadonlyMap<string, z.ZodType>,
): DatasetIssue[] {
  return entries.flatMap(({ index, entry }) => {
    const name = assertionName(entry)
    const schema = schemas.get(name)
    if (schema === undefined) return []
    const result = schema.safeParse(parseAssertion(entry).options, { reportInput: true })
    if (result.success) return []
    // `- toMatchRegex` (no options) is the list item; `toMatchRegex: ...` its value
    const base: FieldPath = typeof entry === 'string' ? [...listPath, index] : [...listPath, index, name]
    const shorthand = typeof entry !== 'string' && isShorthand(entry[name])
    return result.error.issues.flatMap((issue) => optionIssues(source, shorthand ? withoutValue(issue) : issue, base, schema))
  })
}

/** `toMatchRegex: "^Once"`: the options are `{ value: "^Once" }`, and the value is the entry's own. */
function isShorthand(value: unknown): boolean {
  return value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))
}

function withoutValue(issue: ZodIssue): ZodIssue {
  return issue.path[0] === 'value' ? { ...issue, path: issue.path.slice(1) } : issue
}

function optionIssues(source: ParsedSource, issue: ZodIssue, base: FieldPath, schema: z.ZodType): DatasetIssue[] {
  if (issue.code !== 'unrecognized_keys' || issue.path.length > 0) return datasetIssues(source, issue, base)
  const known = optionNames(schema)
  return issue.keys.map((key) => {
    const suggestion = closestName(key, known)
    const hint = suggestion !== null ? `, did you mean "${suggestion}"?` : known.length > 0 ? ` (known options: ${known.join(', ')})` : ''
    const text = { expected: 'a known option', found: quote(key), message: `unknown option ${quote(key)}${hint}` }
    return issueAt(source, [...base, key], text, 'key')
  })
}

/** The option names an object schema takes (through optional, default, pipe and intersection wrappers). */
export function optionNames(schema: z.core.$ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape)
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return optionNames(schema.unwrap())
  if (schema instanceof z.ZodPipe) return optionNames(schema.in)
  if (schema instanceof z.ZodIntersection) return [...optionNames(schema.def.left), ...optionNames(schema.def.right)]
  return []
}
