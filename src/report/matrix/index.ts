// The matrix of cases × (variant × provider) and its comparison table (issue 13 §3).
export { buildMatrix, cellState, columnKey, columnLabel, MatrixBuilder, rowDiffers, type Matrix, type MatrixCell, type MatrixColumn, type MatrixRow } from './build.ts'
export { compareColumns, type ColumnComparison } from './compare.ts'
export { formatMatrixTerminal } from './terminal.ts'
export { formatMatrixMarkdown } from './markdown.ts'
export { markFront, ParetoBuilder, type ParetoPoint } from './pareto.ts'
export { matrixOfResults } from './of-results.ts'
