import type { z } from 'zod'
import { describeValue, listWords, quote, typeWord } from './describe-value.ts'
import { expectedFound, type DatasetIssue } from './errors.ts'
import { knownFields } from './known-fields.ts'
import { issueAt, type FieldPath, type IssueText } from './locate.ts'
import type { ParsedSource } from './parse-source.ts'
import { DatasetSchema, type DatasetFile } from './schema.ts'
import { closestName } from './suggest.ts'

type ZodIssue = z.core.$ZodIssue
type Bound = z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig

/** Checks the parsed data against the dataset schema; every zod issue becomes a located DatasetIssue. */
export function validateSchema(source: ParsedSource): { data: DatasetFile | null; issues: DatasetIssue[] } {
  // (a JSON file is never empty here: JSON.parse rejected it)
  if (source.format === 'yaml' && source.document.contents === null) return { data: null, issues: [emptyDocument(source)] }
  const result = DatasetSchema.safeParse(withoutExtensions(source.data), { reportInput: true })
  if (result.success) return { data: result.data, issues: [] }
  return { data: null, issues: result.error.issues.flatMap((issue) => datasetIssues(source, issue, [])) }
}

/**
 * One zod issue as DatasetIssues (an issue naming several unknown keys gives one per key).
 * `root`: the schema of the whole file, for the known field names an unknown one is compared with
 * (the dataset's; the fleet manifest passes its own).
 */
export function datasetIssues(source: ParsedSource, issue: ZodIssue, base: FieldPath, root: z.core.$ZodType = DatasetSchema): DatasetIssue[] {
  const path = [...base, ...issue.path]
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownField(source, path, key, root))
  if (issue.code === 'invalid_union') return unionIssues(source, issue, path, root)
  // a map key its schema refuses (a `variants` name): the key's own problem, at the key
  if (issue.code === 'invalid_key') return issue.issues.slice(0, 1).map((inner) => issueAt(source, path, issueText({ ...inner, input: path.at(-1) } as ZodIssue, path), 'key'))
  return [issueAt(source, path, issueText(issue, path))]
}

/**
 * The data without its top-level `x-` keys: they are the file author's own
 * (YAML anchors to merge with `<<: *name`, as in Compose files) and never a
 * dataset field.
 */
export function withoutExtensions(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return data
  return Object.fromEntries(Object.entries(data).filter(([key]) => !isExtensionKey(key)))
}

/** `x-shared`, `x-defaults`: a top-level key the loader ignores. */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-')
}

function emptyDocument(source: ParsedSource): DatasetIssue {
  const expected = 'a map with at least name and test_cases'
  return issueAt(source, [], { expected, found: 'an empty file', message: expectedFound(expected, 'an empty file') })
}

function issueText(issue: ZodIssue, path: FieldPath): IssueText {
  const found = describeValue(issue.input)
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? missingField(issue, path) : mismatch(typeWord(issue.expected), found)
    case 'too_small':
    case 'too_big':
      return mismatch(boundWords(issue), found)
    case 'invalid_format':
      return mismatch(formatWords(issue), found)
    case 'invalid_value':
      return mismatch(`one of ${issue.values.join('|')}`, typeof issue.input === 'string' ? quote(issue.input) : found)
    default:
      return { expected: issue.message, found, message: `${issue.message}; found ${found}` }
  }
}

function mismatch(expected: string, found: string): IssueText {
  return { expected, found, message: expectedFound(expected, found) }
}

function missingField(issue: z.core.$ZodIssueInvalidType, path: FieldPath): IssueText {
  const name = String(path.at(-1))
  const expected = typeWord(issue.expected)
  return { expected, found: 'nothing', message: `missing required field "${name}" (expected ${expected})` }
}

function unknownField(source: ParsedSource, mapPath: FieldPath, key: string, root: z.core.$ZodType): DatasetIssue {
  const known = knownFields(mapPath, root)
  const suggestion = closestName(key, known)
  const hint = suggestion === null ? ` (known fields: ${known.join(', ')})` : `, did you mean "${suggestion}"?`
  const text = { expected: 'a known field', found: quote(key), message: `unknown field ${quote(key)}${hint}` }
  return issueAt(source, [...mapPath, key], text, 'key')
}

/**
 * A value no branch of a union accepts. When every branch just wants another
 * type, say so in one line (`expected string or number`); otherwise report the
 * branch that got furthest (its issues sit deepest).
 */
function unionIssues(source: ParsedSource, issue: z.core.$ZodIssueInvalidUnion, path: FieldPath, root: z.core.$ZodType): DatasetIssue[] {
  const branches = issue.errors.filter((branch) => branch.length > 0)
  const types = branches.map((branch) => (branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? branch[0].expected : null))
  if (branches.length === 0 || types.includes(null)) {
    const best = deepestBranch(branches)
    if (best) return best.flatMap((inner) => datasetIssues(source, inner, path, root))
    return [issueAt(source, path, { expected: null, found: null, message: issue.message })]
  }
  const expected = listWords([...new Set(types.map((type) => typeWord(type ?? '')))], 'or')
  return [issueAt(source, path, mismatch(expected, describeValue(issue.input)))]
}

function deepestBranch(branches: ZodIssue[][]): ZodIssue[] | undefined {
  const depth = (branch: ZodIssue[]): number => Math.max(...branch.map((inner) => inner.path.length))
  return [...branches].sort((a, b) => depth(b) - depth(a) || a.length - b.length)[0]
}

/** `number at most 2`, `number greater than 0`, `non-empty list`, `string of at least 3 characters` */
function boundWords(issue: Bound): string {
  const small = issue.code === 'too_small'
  const limit = Number(small ? issue.minimum : issue.maximum)
  const inclusive = issue.inclusive ?? true
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    const relation = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than'
    return `${typeWord(issue.origin)} ${relation} ${limit}`
  }
  const unit = issue.origin === 'string' ? 'character' : issue.origin === 'array' ? 'item' : 'element'
  const kind = typeWord(issue.origin)
  if (small && limit === 1) return `non-empty ${kind}`
  return `${kind} of ${small ? 'at least' : 'at most'} ${limit} ${unit}${limit === 1 ? '' : 's'}`
}

/** A custom message from the schema (`an id without spaces, ...`) reads better than zod's own. */
function formatWords(issue: z.core.$ZodIssueInvalidStringFormat): string {
  if (!issue.message.startsWith('Invalid')) return issue.message
  return issue.pattern === undefined ? `string in ${issue.format} format` : `string matching ${issue.pattern}`
}
