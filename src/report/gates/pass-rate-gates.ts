import { EPSILON, skippedGate, withoutBaseline, type MissingBaseline } from './gate-result.ts'
import { count, percent, points } from './format-values.ts'
import type { BaselineComparison, GateResult } from './types.ts'

/** The cases of this run that ran, and how many passed. */
export interface PassCounts {
  passed: number
  ran: number
}

/** minPassRate: the pass rate of this run (per case) is at least the limit. Needs no baseline. */
export function minPassRateGate(counts: PassCounts, limit: number): GateResult {
  if (counts.ran === 0) return skippedGate('minPassRate', limit, 'no case ran')
  const actual = counts.passed / counts.ran
  const passed = actual >= limit - EPSILON
  const detail = `${counts.passed} of ${count(counts.ran, 'case')} passed`
  const message = passed
    ? `pass rate ${percent(actual)} (${detail}) meets the minimum ${percent(limit)}`
    : `pass rate ${percent(actual)} (${detail}) is below the minimum ${percent(limit)}: fix the failing cases or lower gates.minPassRate`
  return { gate: 'minPassRate', passed, limit, actual, message }
}

/** maxPassRateDrop: the pass rate fell by at most `limit` points (0..1) against the baseline. */
export function maxPassRateDropGate(comparison: BaselineComparison | null, limit: number, missing: MissingBaseline): GateResult {
  if (!comparison) return withoutBaseline('maxPassRateDrop', limit, missing)
  const { before, after } = comparison.passRate
  if (before === null) return skippedGate('maxPassRateDrop', limit, `no case ran on the baseline (${comparison.baselineFile})`)
  if (after === null) return skippedGate('maxPassRateDrop', limit, 'no case ran in this run')
  const actual = before - after
  const passed = actual <= limit + EPSILON
  const values = { before, after }
  const change = `${percent(before)} on the baseline → ${percent(after)} now`
  const message = passed
    ? actual > 0
      ? `pass rate dropped ${points(actual)} (${change}), within the ${points(limit)} allowed`
      : `pass rate did not drop (${change})`
    : `pass rate dropped ${points(actual)} (${change}), more than the ${points(limit)} allowed: see the newly failing cases${newCasesHint(comparison)}`
  return { gate: 'maxPassRateDrop', passed, limit, actual, values, message }
}

function newCasesHint(comparison: BaselineComparison): string {
  const n = comparison.newCases.length
  return n === 0 ? '' : ` and the ${count(n, 'new case')} (not in the baseline)`
}
