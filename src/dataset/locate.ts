import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml'
import type { DatasetIssue } from './errors.ts'
import type { ParsedSource } from './parse-source.ts'

/** A field path as zod reports it: keys and list indices from the document root. */
export type FieldPath = readonly PropertyKey[]

export interface Position {
  line: number
  column: number
}

/** The words of an issue; `issueAt` adds where it is. */
export interface IssueText {
  expected: string | null
  found: string | null
  message: string
}

/**
 * Where a field is in the file. `target: 'value'` points at the field's value
 * (or at its key when the value is empty); `'key'` at the key itself (an unknown
 * field). A path that goes past the document (a missing field) stops at the
 * deepest node that exists: the map the field is missing from.
 */
export function locatePath(source: ParsedSource, path: FieldPath, target: 'value' | 'key' = 'value'): Position {
  let node: unknown = source.document.contents
  let found: Node | null = isNode(node) ? node : null
  for (const [index, segment] of path.entries()) {
    const pair = childPair(node, segment)
    const child = pair ? pair.value : childItem(node, segment)
    const last = index === path.length - 1
    if (pair && last && (target === 'key' || isEmpty(child))) return nodePosition(source, pair.key)
    if (!isNode(child)) break
    node = child
    found = child
  }
  return nodePosition(source, found)
}

/** A DatasetIssue for the field at `path` in this source. */
export function issueAt(source: ParsedSource, path: FieldPath, text: IssueText, target: 'value' | 'key' = 'value'): DatasetIssue {
  const { line, column } = locatePath(source, path, target)
  return { file: source.file, line, column, path: formatPath(path), ...text }
}

/** `["test_cases", 2, "config", "temperature"]` → `test_cases[2].config.temperature` */
export function formatPath(path: FieldPath): string {
  return path.map((segment, index) => formatSegment(segment, index === 0)).join('')
}

function formatSegment(segment: PropertyKey, first: boolean): string {
  if (typeof segment === 'number') return `[${segment}]`
  const name = String(segment)
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) return `[${JSON.stringify(name)}]`
  return first ? name : `.${name}`
}

function childPair(node: unknown, segment: PropertyKey): Pair<unknown, unknown> | undefined {
  if (!isMap(node)) return undefined
  return node.items.find((pair) => keyText(pair.key) === String(segment))
}

function childItem(node: unknown, segment: PropertyKey): unknown {
  return isSeq(node) && typeof segment === 'number' ? node.items[segment] : undefined
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value)
}

/** `key:` with nothing after it: a null scalar with an empty range. */
function isEmpty(node: unknown): boolean {
  return !isNode(node) || (node.range !== undefined && node.range !== null && node.range[0] === node.range[1])
}

function nodePosition(source: ParsedSource, node: unknown): Position {
  const offset = isNode(node) ? node.range?.[0] : undefined
  if (offset === undefined) return { line: 1, column: 1 }
  const { line, col } = source.lineCounter.linePos(offset)
  return { line, column: col }
}
