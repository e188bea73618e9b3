import { majorityRule } from './majority-changes.ts'
import { actualText, changeText, gateTitle, limitText, verdict } from './gate-values.ts'
import { count, passRateLabel, percent } from './format-values.ts'
import { markdownText } from './untrusted-text.ts'
import type { BaselineComparison, CaseChange, GateReport } from './types.ts'

/** Rows per case table before "and N more". */
export const MARKDOWN_LIST_LIMIT = 20

/**
 * The gate report as a Markdown section (`### Regression gates`) for
 * summary.md, `$GITHUB_STEP_SUMMARY` or a PR comment: a table of the gates,
 * then the comparison with the baseline (newly failing, newly passing, score
 * changes; capped with "and N more"). Every text that comes from a dataset,
 * a provider or a file is escaped. Empty when there is nothing to say.
 */
export function formatGateReportMarkdown(report: GateReport, limit = MARKDOWN_LIST_LIMIT): string {
  if (report.gates.length === 0 && report.baseline === null) return ''
  const failed = report.gates.filter((g) => !g.passed).length
  const warnings = report.gates.filter((g) => verdict(g) === 'warning').length
  const warned = warnings > 0 ? ` (${count(warnings, 'warning')})` : ''
  const title = report.gates.length === 0 ? 'no gates configured' : failed > 0 ? `❌ ${failed} of ${count(report.gates.length, 'gate')} failed${warned}` : `${warnings > 0 ? '⚠️' : '✅'} ${count(report.gates.length, 'gate')} passed${warned}`
  const parts = [`### Regression gates: ${title}`]
  if (report.gates.length > 0) {
    const rows = report.gates.map((g) => [markdownText(gateTitle(g)), verdictCell(verdict(g)), markdownText(limitText(g)), markdownText(actualText(g)), markdownText(g.message, 500)])
    parts.push(table(['Gate', 'Result', 'Limit', 'Actual', 'Details'], rows))
  }
  if (report.baseline) parts.push(...comparisonSections(report.baseline, limit, majorityRule(report)))
  else if (report.baselineNote) parts.push(`Baseline: ${report.baselineNote.split('\n').map((line) => markdownText(line, 500)).join('<br>')}`)
  return `${parts.join('\n\n')}\n`
}

function verdictCell(v: ReturnType<typeof verdict>): string {
  return v === 'FAILED' ? '❌ failed' : v === 'skipped' ? '➖ skipped' : v === 'warning' ? '⚠️ inconclusive' : '✅ passed'
}

function comparisonSections(c: BaselineComparison, limit: number, majority: NonNullable<BaselineComparison['majority']> | null): string[] {
  const cases = c.cases ? ` (${c.cases.before} → ${count(c.cases.after, 'case')})` : ''
  const newlyFailing = majority ? majority.newlyFailing : c.newlyFailing
  const newlyPassing = majority ? majority.newlyPassing : c.newlyPassing
  const rule = majority ? ' (by the majority of repeats, as noNewFailures counts them)' : ''
  const out = [
    `Baseline ${markdownText(c.baselineFile)} from run ${markdownText(c.baselineRunId)}: ${passRateLabel(c)} ${percent(c.passRate.before)} → ${percent(c.passRate.after)}${cases}; ` +
      `${count(newlyFailing.length, 'case')} newly failing, ${newlyPassing.length} newly passing${rule}, ${count(c.scoreChanges.length, 'score change')}, ` +
      `${c.newCases.length} new, ${c.missingCases.length} not run.`,
  ]
  out.push(...caseTable(majority ? 'Newly failing in a majority of repeats' : 'Newly failing', newlyFailing, limit))
  out.push(...caseTable(majority ? 'Newly passing in a majority of repeats' : 'Newly passing', newlyPassing, limit))
  out.push(...caseTable('Score changes', c.scoreChanges, limit))
  return out
}

function caseTable(title: string, changes: readonly CaseChange[], limit: number): string[] {
  if (changes.length === 0) return []
  // a Variant column only when a change has one: two variants of a case never read as the same row
  const variants = changes.some((c) => c.variant !== undefined)
  const rows = changes.slice(0, limit).map((c) => [markdownText(c.dataset), markdownText(c.caseId), ...(variants ? [markdownText(c.variant ?? '-')] : []), markdownText(c.provider), markdownText(changeText(c) + tallyText(c))])
  const more = changes.length > limit ? [`and ${changes.length - limit} more`] : []
  return [`#### ${title} (${changes.length})`, table(['Dataset', 'Case', ...(variants ? ['Variant'] : []), 'Provider', 'Change'], rows), ...more]
}

/** `; passed 3 of 3 → 1 of 3` for a change the majority rule found (its tallies), else empty. */
function tallyText(c: CaseChange): string {
  if (c.trialsAfter === undefined) return ''
  const before = c.trialsBefore === null || c.trialsBefore === undefined ? '-' : `${c.passesBefore ?? 0} of ${c.trialsBefore}`
  return `; passed ${before} → ${c.passesAfter ?? 0} of ${c.trialsAfter}`
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
