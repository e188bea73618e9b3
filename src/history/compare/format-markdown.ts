import { markdownText } from '../../report/gates/untrusted-text.ts'
import { countsLine, LIST_LIMIT, noVerdict, pValue, providerNumbers, rateChange, regressed, runWords, SHOWN_OUTPUT, sideStatus } from './format-shared.ts'
import type { ChangedCase, RunComparison, VerdictJson } from './schema.ts'

/**
 * The comparison as Markdown for a pull-request comment: every text that comes
 * from a dataset, a provider, a model's output or a file is escaped like the
 * gate report's (no HTML, links, mentions or table breaks), outputs are cut.
 */
export function formatComparisonMarkdown(c: RunComparison, limit = LIST_LIMIT): string {
  const icon = regressed(c) ? '❌ regressed' : c.newlyFailing.length > 0 ? '⚠️ changed' : '✅ no regression detected'
  const parts = [
    `### Compare: ${icon}`,
    `Base ${markdownText(runWords(c.base))} → current ${markdownText(runWords(c.current))}, project ${markdownText(c.project)}.`,
    `Pass rate ${rateChange(c.passRate.base, c.passRate.current)} over ${c.paired} paired case${c.paired === 1 ? '' : 's'}: ${countsLine(c)}.`,
  ]
  parts.push(c.verdict ? `${verdictWord(c.verdict)} **${markdownText(c.verdict.sentence, 600)}**` : `Pass rate: ${noVerdict(c.paired)}.`)
  if (c.paired > 0) parts.push(`McNemar (mid-p): ${c.mcnemar.newlyFailing} newly failing, ${c.mcnemar.newlyPassing} newly passing, ${pValue(c.mcnemar.pValue)}.`)
  parts.push(...caseTable('Newly failing', c.newlyFailing, limit), ...caseTable('Newly passing', c.newlyPassing, limit))
  if (c.scoreChanges.length > 0) {
    const rows = c.scoreChanges.slice(0, limit).map((s) => [markdownText(s.dataset), markdownText(s.caseId), markdownText(s.provider), markdownText(s.variant ?? ''), markdownText(s.matcher), `${s.base.toFixed(2)} → ${s.current.toFixed(2)}`])
    parts.push(`#### Score changes (${c.scoreChanges.length})`, table(['Dataset', 'Case', 'Provider', 'Variant', 'Matcher', 'Score'], rows), ...more(c.scoreChanges.length, limit))
  }
  if (c.matchers.length > 0) {
    const rows = c.matchers.map((m) => [markdownText(m.matcher), String(m.cases), `${score(m.base)} → ${score(m.current)}`, m.verdict ? `${verdictWord(m.verdict)} ${markdownText(m.verdict.sentence, 600)}` : noVerdict(m.cases)])
    parts.push('#### Matchers', table(['Matcher', 'Cases', 'Mean score', 'Verdict'], rows))
  }
  if (c.providers.length > 0) {
    const rows = c.providers.map((p) => [
      markdownText(p.provider),
      rateChange(p.base?.passRate ?? null, p.current?.passRate ?? null),
      markdownText(providerNumbers(p.base, p.current), 600),
      p.verdict ? `${verdictWord(p.verdict)} ${markdownText(p.verdict.sentence, 600)}` : noVerdict(p.paired),
    ])
    parts.push('#### Per provider', table(['Provider', 'Pass rate', 'Latency and cost (calls made)', 'Verdict'], rows))
  }
  return `${parts.join('\n\n')}\n`
}

function score(value: number | null): string {
  return value === null ? '-' : value.toFixed(3)
}

function verdictWord(v: VerdictJson): string {
  return v.verdict === 'regressed' ? '❌' : v.verdict === 'improved' ? '✅' : '➖'
}

function caseTable(title: string, cases: readonly ChangedCase[], limit: number): string[] {
  if (cases.length === 0) return []
  const rows = cases.slice(0, limit).map((c) => [
    markdownText(c.dataset),
    markdownText(c.caseId),
    markdownText(c.provider),
    markdownText(c.variant ?? ''),
    `${sideStatus(c.base)} → ${sideStatus(c.current)}`,
    outputCell(c.base.output),
    outputCell(c.current.output),
  ])
  return [`#### ${title} (${cases.length})`, table(['Dataset', 'Case', 'Provider', 'Variant', 'Change', 'Base output', 'Current output'], rows), ...more(cases.length, limit)]
}

function outputCell(text: string | null): string {
  return text === null ? '*(no output)*' : markdownText(text, SHOWN_OUTPUT)
}

function more(total: number, limit: number): string[] {
  return total > limit ? [`and ${total - limit} more`] : []
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}
