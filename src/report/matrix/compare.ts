import { clusteredPassRate } from '../stats/clustered.ts'
import type { Interval } from '../stats/interval.ts'
import { mcnemarForCases } from '../stats/mcnemar.ts'
import { pairedPassRateDifference, type PairedCase } from '../stats/paired.ts'
import { verdict, type Verdict } from '../stats/verdict.ts'
import { wilsonInterval } from '../stats/wilson.ts'
import type { Matrix, MatrixCell } from './build.ts'

/** A column's pass rate with its interval, and how it compares with the reference (first) column. */
export interface ColumnComparison {
  label: string
  provider: string
  variant: string | null
  /** Cases that ran on the column. */
  cases: number
  passes: number
  trials: number
  /** Wilson with one sample per case, clustered by case when a case has several. */
  passRate: Interval & { method: 'wilson' | 'clustered' }
  /** Against the reference column on the cases both ran; null for the reference itself. */
  versusReference: {
    pairedCases: number
    /** Paired cases whose pass fraction differs from the reference's: 0 means the interval has no width and nothing to say but that. */
    changedCases: number
    verdict: Verdict
    /** Cases that pass (in a majority of their repeats) on the reference and fail here, and the reverse. */
    newlyFailing: number
    newlyPassing: number
    /** Mid-p McNemar, two-sided. */
    pValue: number
  } | null
}

/** The comparison table: every column against the first (the reference), at `confidence`. */
export function compareColumns(matrix: Matrix, confidence = 0.95): ColumnComparison[] {
  return matrix.columns.map((column, c) => {
    const tallies = []
    let passes = 0
    let trials = 0
    for (const row of matrix.rows) {
      const cell = row.cells[c]
      if (!cell || cell.trials === 0) continue
      tallies.push({ id: `${row.dataset}\0${row.caseId}`, passes: cell.passes, trials: cell.trials })
      passes += cell.passes
      trials += cell.trials
    }
    const clustered = tallies.some((t) => t.trials > 1)
    const interval = clustered ? clusteredPassRate(tallies, confidence) : wilsonInterval(passes, trials, confidence)
    const passRate = { estimate: interval.estimate, lower: interval.lower, upper: interval.upper, confidence: interval.confidence, method: clustered ? 'clustered' as const : 'wilson' as const }
    return { label: column.label, provider: column.provider, variant: column.variant, cases: tallies.length, passes, trials, passRate, versusReference: c === 0 ? null : versus(matrix, c, confidence) }
  })
}

function versus(matrix: Matrix, c: number, confidence: number): ColumnComparison['versusReference'] {
  const pairs: PairedCase[] = []
  for (const row of matrix.rows) {
    const reference = ran(row.cells[0])
    const current = ran(row.cells[c])
    if (reference && current) pairs.push({ id: `${row.dataset}\0${row.caseId}`, baseline: { passes: reference.passes, trials: reference.trials }, current: { passes: current.passes, trials: current.trials } })
  }
  if (pairs.length === 0) return null
  const difference = pairedPassRateDifference(pairs, confidence)
  const mcnemar = mcnemarForCases(pairs)
  const changedCases = pairs.filter((p) => p.baseline.passes * p.current.trials !== p.current.passes * p.baseline.trials).length
  return { pairedCases: pairs.length, changedCases, verdict: verdict({ difference }), newlyFailing: mcnemar.newlyFailing, newlyPassing: mcnemar.newlyPassing, pValue: mcnemar.pValue }
}

const ran = (cell: MatrixCell | null | undefined): MatrixCell | null => (cell && cell.trials > 0 ? cell : null)
