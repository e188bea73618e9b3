import fs from 'node:fs'
import { decodeText } from './read-text.ts'

/** Lines shown before and after the problem's line. */
const CONTEXT_LINES = 2
/** Longer lines are cut (a minified JSON line could be megabytes). */
const MAX_LINE = 160

/**
 * The lines of `file` around line:column with a caret under the column, as
 * Vitest draws a code frame:
 *
 *     5|     assert:
 *     6|       - toMatchRegex: { pattern: '(unclosed' }
 *      |                                  ^
 *
 * Null when the file cannot be read or decoded, or has no such line.
 */
export function codeFrame(file: string, line: number, column: number): string | null {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(file)
  } catch {
    return null
  }
  const decoded = decodeText(bytes)
  if (!decoded.ok) return null
  const lines = decoded.text.replace(/\r?\n$/, '').split(/\r?\n/)
  if (line < 1 || line > lines.length) return null
  const first = Math.max(1, line - CONTEXT_LINES)
  const last = Math.min(lines.length, line + CONTEXT_LINES)
  const width = String(last).length
  const start = Math.max(0, column - 1 - Math.floor(MAX_LINE / 2))
  const shown: string[] = []
  for (let number = first; number <= last; number++) {
    const text = lines[number - 1] ?? ''
    const cut = line === number || text.length > MAX_LINE ? text.slice(start, start + MAX_LINE) : text
    shown.push(`${String(number).padStart(width)}| ${cut.replace(/\t/g, ' ')}`)
    if (number === line) shown.push(`${' '.repeat(width)}| ${' '.repeat(Math.max(0, column - 1 - start))}^`)
  }
  return shown.join('\n')
}
