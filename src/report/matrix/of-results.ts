import type { RunResults } from '../results-schema.ts'
import { buildMatrix, type Matrix } from './build.ts'
import { compareColumns, type ColumnComparison } from './compare.ts'

const made = new WeakMap<RunResults, { matrix: Matrix; comparison: ColumnComparison[] }>()

/**
 * A run's matrix and comparison table, from its records' statuses (the slim
 * records of `results.cases` do): made once per results, for the terminal,
 * summary.md and report.html.
 */
export function matrixOfResults(results: RunResults): { matrix: Matrix; comparison: ColumnComparison[] } {
  let entry = made.get(results)
  if (!entry) {
    const matrix = buildMatrix(results.cases)
    entry = { matrix, comparison: matrix.columns.length > 1 ? compareColumns(matrix) : [] }
    made.set(results, entry)
  }
  return entry
}
