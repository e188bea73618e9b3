import type { Matrix } from './build.ts'
import { rowDiffers } from './build.ts'
import type { ColumnComparison } from './compare.ts'
import { cellGlyph, columnLetter, rateWithInterval, versusText } from './format-cell.ts'

/** Rows the terminal matrix shows at most; the rest are counted. */
export const TERMINAL_MATRIX_ROWS = 20
const MAX_CASE_CHARS = 48

/**
 * The terminal's matrix (with more than one column): a legend naming the
 * columns A, B, …; the cases where the columns disagree, a glyph per column,
 * at most `limit` of them and "…and M more"; then the comparison table, each
 * column's pass rate with its interval and its paired verdict against A.
 */
export function formatMatrixTerminal(matrix: Matrix, comparison: readonly ColumnComparison[], limit = TERMINAL_MATRIX_ROWS): string[] {
  if (matrix.columns.length < 2) return []
  const letters = matrix.columns.map((_, i) => columnLetter(i))
  const differing = matrix.rows.filter(rowDiffers)
  const lines = ['', `matrix: ${matrix.rows.length} cases × ${matrix.columns.length} columns; ${differing.length} where they differ (✓ pass, ✗ fail, ! error, · skipped, - not run, k/N of repeats)`]
  matrix.columns.forEach((c, i) => lines.push(`  ${letters[i]} = ${clean(c.label)}`))
  if (differing.length > 0) {
    const labels = differing.slice(0, limit).map((r) => clip(`${clean(r.dataset)} › ${clean(r.caseId)}`))
    const glyphs = differing.slice(0, limit).map((r) => r.cells.map(cellGlyph))
    const widths = letters.map((l, i) => Math.max(l.length, ...glyphs.map((g) => (g[i] ?? '').length)))
    const caseWidth = Math.max(4, ...labels.map(width))
    lines.push(`  ${pad('case', caseWidth)}  ${letters.map((l, i) => pad(l, widths[i] ?? 1)).join('  ')}`)
    labels.forEach((label, k) => lines.push(`  ${pad(label, caseWidth)}  ${(glyphs[k] ?? []).map((g, i) => pad(g, widths[i] ?? 1)).join('  ')}`))
    if (differing.length > limit) lines.push(`  …and ${differing.length - limit} more`)
  }
  lines.push(`comparison (95% intervals; each column paired with A on the cases both ran):`)
  comparison.forEach((c, i) => lines.push(`  ${letters[i]}  ${rateWithInterval(c)}  ${versusText(c)}`))
  return lines
}

/** Control characters (an ANSI escape in a case id) shown as `?`: a terminal line cannot be rewritten by a case's name. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?')
}

function clip(text: string): string {
  const chars = [...text]
  return chars.length <= MAX_CASE_CHARS ? text : `${chars.slice(0, MAX_CASE_CHARS - 1).join('')}…`
}

const width = (s: string): number => [...s].length
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)))
