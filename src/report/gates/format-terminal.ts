import { caseLabel } from './case-outcomes.ts'
import { majorityRule } from './majority-changes.ts'
import { changeText, gateTitle, verdict } from './gate-values.ts'
import { count, passRateLabel, percent } from './format-values.ts'
import { terminalText } from './untrusted-text.ts'
import type { BaselineComparison, CaseChange, GateReport } from './types.ts'

/** Cases listed per list before "and N more". */
export const TERMINAL_LIST_LIMIT = 10

/**
 * The gate report for the end of a run in a terminal: the verdict, every gate
 * (failed ones first) with its message, then the comparison with the baseline:
 * newly failing, newly passing and score changes, each list capped with
 * "and N more". Empty when there is nothing to say (no gate, no baseline).
 */
export function formatGateReportTerminal(report: GateReport, limit = TERMINAL_LIST_LIMIT): string {
  if (report.gates.length === 0 && report.baseline === null) return ''
  const lines: string[] = []
  const failed = report.gates.filter((g) => !g.passed)
  if (report.gates.length > 0) {
    const warnings = report.gates.filter((g) => verdict(g) === 'warning')
    const warned = warnings.length > 0 ? `, ${count(warnings.length, 'warning')}` : ''
    lines.push(failed.length > 0 ? `Regression gates: FAILED (${failed.length} of ${count(report.gates.length, 'gate')}${warned})` : `Regression gates: passed (${count(report.gates.length, 'gate')}${warned})`)
    const ordered = [...failed, ...warnings, ...report.gates.filter((g) => g.passed && verdict(g) !== 'warning')]
    for (const g of ordered) {
      const mark = verdict(g) === 'FAILED' ? '✗' : verdict(g) === 'skipped' ? '-' : verdict(g) === 'warning' ? '!' : '✓'
      lines.push(`  ${mark} ${terminalText(gateTitle(g))}: ${terminalText(g.message, 400)}`)
    }
  }
  if (report.baseline) lines.push(...comparisonLines(report.baseline, limit, majorityRule(report)))
  else if (report.baselineNote) lines.push(...report.baselineNote.split('\n').map((line, i) => (i === 0 ? `Baseline: ${terminalText(line, 400)}` : `  ${terminalText(line, 400)}`)))
  return lines.join('\n')
}

/** With noNewFailures: { majority: true } the newly failing and passing lists follow the majority rule, as the gate and summary.md do. */
function comparisonLines(c: BaselineComparison, limit: number, majority: NonNullable<BaselineComparison['majority']> | null): string[] {
  const lines = [`Baseline ${terminalText(c.baselineFile)} (run ${terminalText(c.baselineRunId)}): ${passRateLabel(c)} ${percent(c.passRate.before)} → ${percent(c.passRate.after)}${casesText(c)}`]
  const newlyFailing = majority ? majority.newlyFailing : c.newlyFailing
  const newlyPassing = majority ? majority.newlyPassing : c.newlyPassing
  lines.push(...caseList(majority ? 'newly failing in a majority of repeats' : 'newly failing', newlyFailing, limit))
  lines.push(...caseList(majority ? 'newly passing in a majority of repeats' : 'newly passing', newlyPassing, limit))
  lines.push(...caseList('score changes', c.scoreChanges, limit))
  const extra = [
    ...(c.newCases.length > 0 ? [`${count(c.newCases.length, 'new case')} (not in the baseline)`] : []),
    ...(c.missingCases.length > 0 ? [`${count(c.missingCases.length, 'case')} of the baseline not run`] : []),
  ]
  if (extra.length > 0) lines.push(`  ${extra.join('; ')}`)
  if (newlyFailing.length + newlyPassing.length + c.scoreChanges.length + extra.length === 0) lines.push(majority ? '  no case changed by the majority of repeats' : '  no case changed')
  return lines
}

function caseList(title: string, changes: readonly CaseChange[], limit: number): string[] {
  if (changes.length === 0) return []
  const shown = changes.slice(0, limit).map((c) => `    ${terminalText(caseLabel(c))}: ${changeText(c)}${tallyText(c)}`)
  const more = changes.length > limit ? [`    and ${changes.length - limit} more`] : []
  return [`  ${title} (${changes.length}):`, ...shown, ...more]
}

/** `; passed 3 of 3 → 1 of 3` for a change the majority rule found (its tallies), else empty. */
function tallyText(c: CaseChange): string {
  if (c.trialsAfter === undefined) return ''
  const before = c.trialsBefore === null || c.trialsBefore === undefined ? '-' : `${c.passesBefore ?? 0} of ${c.trialsBefore}`
  return `; passed ${before} → ${c.passesAfter ?? 0} of ${c.trialsAfter}`
}

function casesText(c: BaselineComparison): string {
  if (!c.cases || c.cases.before === c.cases.after) return c.cases ? `, ${count(c.cases.after, 'case')}` : ''
  return `, ${c.cases.before} → ${count(c.cases.after, 'case')}`
}

