import type { BaselineCase } from './baseline-schema.ts'
import { caseKey, type CaseOutcome } from './case-outcomes.ts'
import { baselineTally, failedMajority, outcomeTally, passedMajority } from './case-tally.ts'
import type { BaselineComparison, CaseChange, GateReport } from './types.ts'

/**
 * The majority rule over repeats: a case is newly failing when it fails in a strict
 * majority of its repeats now and passed in a strict majority on the baseline (newly
 * passing the reverse); a case that ran on one side only, or with no trial, is in
 * neither. Undefined when no case has more than one trial on either side (the lists
 * would equal the plain ones). A baseline without tallies counts its status as one trial.
 */
export function majorityChanges(now: readonly CaseOutcome[], baseline: readonly BaselineCase[]): BaselineComparison['majority'] {
  const before = new Map(baseline.map((c) => [caseKey(c), c]))
  const repeated = now.some((o) => o.trials > 1) || baseline.some((c) => (c.trials ?? 1) > 1)
  if (!repeated) return undefined
  const newlyFailing: CaseChange[] = []
  const newlyPassing: CaseChange[] = []
  for (const after of now) {
    const old = before.get(caseKey(after))
    if (!old) continue
    const was = baselineTally(old)
    const is = outcomeTally(after)
    const change = (): CaseChange => ({
      dataset: after.dataset,
      caseId: after.caseId,
      provider: after.provider,
      ...(after.variant === undefined ? {} : { variant: after.variant }),
      before: old.status,
      after: after.status,
      scoreBefore: old.score,
      scoreAfter: after.score,
      passesBefore: was.exact ? was.passes : null,
      trialsBefore: was.exact ? was.trials : null,
      passesAfter: is.passes,
      trialsAfter: is.trials,
    })
    if (passedMajority(was) && failedMajority(is)) newlyFailing.push(change())
    else if (failedMajority(was) && passedMajority(is)) newlyPassing.push(change())
  }
  return { newlyFailing, newlyPassing }
}

/** The newly failing and newly passing lists by the majority rule when noNewFailures holds it (so the reports' lists and the gate agree), else null. */
export function majorityRule(report: GateReport): NonNullable<BaselineComparison['majority']> | null {
  const byMajority = report.gates.some((g) => g.gate === 'noNewFailures' && g.majority === true)
  return byMajority ? (report.baseline?.majority ?? null) : null
}
