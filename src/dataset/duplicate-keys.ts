import { isMap, isScalar, isSeq } from 'yaml'
import type { DatasetIssue } from './errors.ts'
import { formatPath, type FieldPath, type Position } from './locate.ts'
import type { ParsedSource } from './parse-source.ts'

/** Every key that appears twice in one map, anywhere in the document (YAML or JSON). */
export function findDuplicateKeys(source: ParsedSource): DatasetIssue[] {
  return duplicatesIn(source, source.document.contents, [])
}

function duplicatesIn(source: ParsedSource, node: unknown, path: FieldPath): DatasetIssue[] {
  if (isSeq(node)) return node.items.flatMap((item, index) => duplicatesIn(source, item, [...path, index]))
  if (!isMap(node)) return []
  const issues: DatasetIssue[] = []
  const firstSeen = new Map<string, Position>()
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null
    if (key === null) continue
    const position = keyPosition(source, pair.key)
    const first = firstSeen.get(key)
    if (first === undefined) firstSeen.set(key, position)
    else issues.push(duplicateIssue(source, [...path, key], first, position))
    issues.push(...duplicatesIn(source, pair.value, [...path, key]))
  }
  return issues
}

function duplicateIssue(source: ParsedSource, path: FieldPath, first: Position, again: Position): DatasetIssue {
  const name = String(path.at(-1))
  const message = `duplicate key "${name}": first at line ${first.line}, again at line ${again.line}`
  const text = { expected: 'each key once in a map', found: `"${name}" twice`, message }
  return { file: source.file, ...again, path: formatPath(path), ...text }
}

function keyPosition(source: ParsedSource, key: unknown): Position {
  const offset = isScalar(key) ? key.range?.[0] : undefined
  const { line, col } = source.lineCounter.linePos(offset ?? 0)
  return { line, column: col }
}
