import { caseLabel } from './case-outcomes.ts'
import { count } from './format-values.ts'
import { withoutBaseline, type MissingBaseline } from './gate-result.ts'
import type { BaselineComparison, CaseChange, GateResult } from './types.ts'

/** Cases a one-line message names before "and N more" (the `cases` field lists them all). */
const NAMED = 3

/**
 * noNewFailures: no case that passed on the baseline fails (fails, errors, times out) now.
 * `majority`: with repeats, a case counts only when it fails in a strict majority of its
 * repeats now and passed in a strict majority on the baseline (comparison.majority);
 * without repeats the two rules are the same.
 */
export function noNewFailuresGate(comparison: BaselineComparison | null, missing: MissingBaseline, majority = false): GateResult {
  if (!comparison) return withoutBaseline('noNewFailures', true, missing)
  const byMajority = majority && comparison.majority !== undefined
  const changes = byMajority ? (comparison.majority?.newlyFailing ?? []) : comparison.newlyFailing
  const cases = changes.map(caseLabel)
  const rule = byMajority ? ' in a majority of its repeats' : ''
  if (cases.length === 0) {
    const ignored = byMajority ? comparison.newlyFailing.length : 0
    const note = ignored > 0 ? ` (${count(ignored, 'case')} failed in a minority of repeats: not counted)` : ''
    return { gate: 'noNewFailures', passed: true, ...(byMajority ? { majority: true as const } : {}), limit: true, actual: 0, message: `no case that passed${rule} on the baseline fails${rule} now${note}` }
  }
  const named = changes.slice(0, NAMED).map(named1).join(', ') + (cases.length > NAMED ? ` and ${cases.length - NAMED} more` : '')
  const message = `${count(cases.length, 'case')} passed${rule} on the baseline and fail${cases.length === 1 ? 's' : ''}${rule} now: ${named}; fix ${cases.length === 1 ? 'it' : 'them'}, or accept the new results with \`llm-test-bench baseline update\``
  return { gate: 'noNewFailures', passed: false, ...(byMajority ? { majority: true as const } : {}), limit: true, actual: cases.length, message, cases }
}

/** `qa › c1 › openai:m`, with `(passed 1 of 3 now, 3 of 3 on the baseline)` under the majority rule. */
function named1(c: CaseChange): string {
  if (c.trialsAfter === undefined) return caseLabel(c)
  const before = c.trialsBefore === null || c.trialsBefore === undefined ? c.before ?? '-' : `${c.passesBefore ?? 0} of ${c.trialsBefore}`
  return `${caseLabel(c)} (passed ${c.passesAfter ?? 0} of ${c.trialsAfter} now, ${before} on the baseline)`
}
