import type { RunResults } from '../results-schema.ts'
import { buildMatrix, columnLabel, type Matrix } from './build.ts'
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
    const matrix = oneColumn(results.cases) ?? buildMatrix(results.cases, variantOrder(results))
    entry = { matrix, comparison: matrix.columns.length > 1 ? compareColumns(matrix) : [] }
    made.set(results, entry)
  }
  return entry
}

/**
 * The variants' order for the columns: each dataset's reference variant
 * first (it is the one the others are compared with), then the variants in
 * the order the datasets declare them. Read structurally: results from before
 * variants have no `variants`.
 */
function variantOrder(results: RunResults): string[] {
  const sets = (results as { variants?: ReadonlyArray<{ names: readonly string[]; reference: string }> }).variants ?? []
  const order: string[] = []
  for (const set of sets) if (!order.includes(set.reference)) order.push(set.reference)
  for (const set of sets) for (const name of set.names) if (!order.includes(name)) order.push(name)
  return order
}

/**
 * The matrix of a run on one column (one provider, no variants): that column
 * and no rows. With one column nothing shows the rows or compares them (the
 * terminal, summary.md and report.html show a matrix from two columns), and
 * making them cost ~0.2 s and a map per case at 100,000 cases. Null when the
 * run has more than one column, or no case.
 */
function oneColumn(cases: RunResults['cases']): Matrix | null {
  const first = cases[0]
  if (first === undefined || first.variant !== undefined) return null
  for (const c of cases) if (c.provider !== first.provider || c.variant !== undefined) return null
  return { columns: [{ provider: first.provider, variant: null, label: columnLabel(first.provider, null) }], rows: [] }
}
