import type { FoundJson } from './find.ts'

/** "a JSON object (3 keys)", "a JSON array (4 items)", "a JSON string". */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) return `a JSON array (${value.length} item${value.length === 1 ? '' : 's'})`
  if (value === null) return 'JSON null'
  if (typeof value === 'object') {
    const keys = Object.keys(value).length
    return `a JSON object (${keys} key${keys === 1 ? '' : 's'})`
  }
  return `a JSON ${typeof value}`
}

/** Where the JSON was found: "as the whole output", "in a ```json fence at 3:1", "embedded in text at 1:18". */
export function describeFound(found: Extract<FoundJson, { ok: true }>): string {
  if (found.source === 'the whole output') return `as ${found.source}`
  const at = `at ${found.line}:${found.column}`
  return found.source === 'embedded in text' ? `${found.source} ${at}` : `in ${found.source} ${at}`
}

/** The parse failure for a message: "Expected ',' or '}' after property value at 3:5 (embedded in text)". */
export function describeFailure(found: Extract<FoundJson, { ok: false }>): string {
  return `${found.error.message} at ${found.error.line}:${found.error.column} (${found.source})`
}
