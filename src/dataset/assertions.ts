import type { DatasetIssue } from './errors.ts'
import { formatPath, issueAt, type FieldPath } from './locate.ts'
import type { IndexedAssertion } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import type { Assertion } from './schema.ts'
import { closestName } from './suggest.ts'
import type { ResolvedAssertion } from './types.ts'

/** The matcher an `assert` entry names: the string, or the map's one key. */
export function assertionName(entry: Assertion): string {
  return typeof entry === 'string' ? entry : (Object.keys(entry)[0] ?? '')
}

/**
 * `toEqualExpected` → options `{}`; `{ toContainReferences: { min: 0.5 } }` → those
 * options; `{ name: null }` → `{}`; `{ toMatchRegex: "^Once" }` → `{ value: "^Once" }`.
 */
export function parseAssertion(entry: Assertion): ResolvedAssertion {
  const name = assertionName(entry)
  if (typeof entry === 'string') return { name, options: {} }
  return { name, options: assertionOptions(entry[name]) }
}

function assertionOptions(value: unknown): Record<string, unknown> {
  if (value === null || value === undefined) return {}
  if (typeof value === 'object' && !Array.isArray(value)) return { ...value }
  return { value }
}

/** An issue for every `assert` entry (in the list at `listPath`) whose matcher is not known. */
export function checkMatcherNames(
  source: ParsedSource,
  listPath: FieldPath,
  entries: readonly IndexedAssertion[],
  knownMatchers: ReadonlySet<string>,
): DatasetIssue[] {
  return entries
    .filter(({ entry }) => !knownMatchers.has(assertionName(entry)))
    .map(({ index, entry }) => unknownMatcher(source, [...listPath, index], entry, knownMatchers))
}

function unknownMatcher(source: ParsedSource, path: FieldPath, entry: Assertion, known: ReadonlySet<string>): DatasetIssue {
  const name = assertionName(entry)
  const suggestion = closestName(name, known)
  const hint = suggestion === null ? ` (known matchers: ${[...known].sort().join(', ')})` : `, did you mean "${suggestion}"?`
  const text = { expected: 'a known matcher', found: `"${name}"`, message: `unknown matcher "${name}"${hint}` }
  const issue = typeof entry === 'string' ? issueAt(source, path, text) : issueAt(source, [...path, name], text, 'key')
  return { ...issue, path: formatPath(path) }
}
