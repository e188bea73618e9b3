import { caseLabel } from './case-outcomes.ts'
import { count } from './format-values.ts'
import { withoutBaseline, type MissingBaseline } from './gate-result.ts'
import type { BaselineComparison, GateResult } from './types.ts'

/** Cases a one-line message names before "and N more" (the `cases` field lists them all). */
const NAMED = 3

/** noNewFailures: no case that passed on the baseline fails (fails, errors, times out) now. */
export function noNewFailuresGate(comparison: BaselineComparison | null, missing: MissingBaseline): GateResult {
  if (!comparison) return withoutBaseline('noNewFailures', true, missing)
  const cases = comparison.newlyFailing.map(caseLabel)
  if (cases.length === 0) {
    return { gate: 'noNewFailures', passed: true, limit: true, actual: 0, message: 'no case that passed on the baseline fails now' }
  }
  const named = cases.slice(0, NAMED).join(', ') + (cases.length > NAMED ? ` and ${cases.length - NAMED} more` : '')
  const message = `${count(cases.length, 'case')} passed on the baseline and fail${cases.length === 1 ? 's' : ''} now: ${named}; fix ${cases.length === 1 ? 'it' : 'them'}, or accept the new results with \`llm-test-bench baseline update\``
  return { gate: 'noNewFailures', passed: false, limit: true, actual: cases.length, message, cases }
}
