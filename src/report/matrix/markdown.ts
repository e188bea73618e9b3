import { escapeMarkdown as esc, markdownTable, truncate } from '../artifacts/markdown-text.ts'
import type { Matrix } from './build.ts'
import { rowDiffers } from './build.ts'
import type { ColumnComparison } from './compare.ts'
import { cellGlyph, rateWithInterval, versusText } from './format-cell.ts'

/** Rows summary.md's matrix lists at most; the rest are counted. */
export const MARKDOWN_MATRIX_ROWS = 50

/**
 * summary.md's matrix section (with more than one column): the comparison
 * table (pass rate with its interval, the paired verdict against the first
 * column), then the cases where the columns disagree as a table of glyphs.
 */
export function formatMatrixMarkdown(matrix: Matrix, comparison: readonly ColumnComparison[], limit = MARKDOWN_MATRIX_ROWS): string[] {
  if (matrix.columns.length < 2) return []
  const header = matrix.columns.map((c) => esc(truncate(c.label, 40)))
  const table = markdownTable(
    ['Column', 'Cases', 'Pass rate (95% interval)', `Against ${header[0] ?? ''}`],
    comparison.map((c, i) => [header[i] ?? '', String(c.cases), rateWithInterval(c), esc(versusText(c))]),
    [1],
  )
  const sections = [`### Side by side\n\nEach column against the first on the same cases (paired; pass rates ${comparison.some((c) => c.passRate.method === 'clustered') ? 'clustered by case over repeats' : 'with Wilson intervals'}).\n\n${table}`]
  const differing = matrix.rows.filter(rowDiffers)
  if (differing.length === 0) {
    sections.push(`Every case has the same outcome in every column (${matrix.rows.length} cases).`)
    return sections
  }
  const rows = differing.slice(0, limit).map((r) => [esc(truncate(`${r.dataset} › ${r.caseId}`, 80)), ...r.cells.map(cellGlyph)])
  const more = differing.length > limit ? `\n\n…and ${differing.length - limit} more.` : ''
  sections.push(`#### Cases where they differ (${differing.length} of ${matrix.rows.length})\n\n✓ pass, ✗ fail, ! error, · skipped, - not run, k/N of repeats.\n\n${markdownTable(['Case', ...header], rows)}${more}`)
  return sections
}
