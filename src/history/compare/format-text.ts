import { terminalText } from '../../report/gates/untrusted-text.ts'
import { unitLabel } from './case-units.ts'
import { countsLine, LIST_LIMIT, noVerdict, pValue, providerNumbers, rateChange, runWords, SHOWN_OUTPUT, sideStatus } from './format-shared.ts'
import type { ChangedCase, RunComparison } from './schema.ts'

/**
 * The comparison for a terminal: the verdicts in plain words, the changed
 * cases with their outputs side by side (one line each, control characters
 * made spaces, cut), score changes, then per provider latency and cost.
 */
export function formatComparisonText(c: RunComparison, limit = LIST_LIMIT): string {
  const lines = [
    `Compare ${terminalText(runWords(c.base))} (base) → ${terminalText(runWords(c.current))} (current), project ${terminalText(c.project)}`,
    `Pass rate ${rateChange(c.passRate.base, c.passRate.current)} over ${c.paired} paired case${c.paired === 1 ? '' : 's'}: ${countsLine(c)}`,
  ]
  lines.push(c.verdict ? c.verdict.sentence : `Pass rate: ${noVerdict(c.paired)}.`)
  if (c.paired > 0) lines.push(`McNemar (mid-p) on the paired cases: ${c.mcnemar.newlyFailing} newly failing, ${c.mcnemar.newlyPassing} newly passing, ${pValue(c.mcnemar.pValue)}`)
  lines.push(...caseSection('Newly failing', c.newlyFailing, limit), ...caseSection('Newly passing', c.newlyPassing, limit))
  if (c.scoreChanges.length > 0) {
    lines.push('', `Score changes (same pass/fail, moved by more than ${c.scoreEpsilon}) (${c.scoreChanges.length}):`)
    for (const s of c.scoreChanges.slice(0, limit)) lines.push(`  ${terminalText(unitLabel(s))}  ${terminalText(s.matcher)} ${s.base.toFixed(2)} → ${s.current.toFixed(2)}`)
    if (c.scoreChanges.length > limit) lines.push(`  and ${c.scoreChanges.length - limit} more`)
  }
  if (c.matchers.length > 0) {
    lines.push('', 'Matchers (mean score over the cases both runs scored):')
    for (const m of c.matchers) lines.push(`  ${terminalText(m.matcher)}: ${m.verdict ? terminalText(m.verdict.sentence, 400) : noVerdict(m.cases)}`)
  }
  if (c.providers.length > 0) lines.push('', 'Per provider:')
  for (const p of c.providers) {
    const rate = `pass rate ${rateChange(p.base?.passRate ?? null, p.current?.passRate ?? null)} (every case it ran)`
    const only = p.base === null ? ' (only in the current run)' : p.current === null ? ' (only in the base run)' : ''
    lines.push(`  ${terminalText(p.provider)}${only}: ${rate}`, `    ${providerNumbers(p.base, p.current)}`)
    lines.push(`    ${p.verdict ? terminalText(p.verdict.sentence, 400) : noVerdict(p.paired)}`)
  }
  return `${lines.join('\n')}\n`
}

function caseSection(title: string, cases: readonly ChangedCase[], limit: number): string[] {
  if (cases.length === 0) return []
  const out = ['', `${title} (${cases.length}):`]
  for (const c of cases.slice(0, limit)) {
    out.push(`  ${terminalText(unitLabel(c))}  ${sideStatus(c.base)} → ${sideStatus(c.current)}`)
    out.push(`    base:    ${output(c.base.output)}`, `    current: ${output(c.current.output)}`)
    const why = c.current.reason ?? c.base.reason
    if (why !== null) out.push(`    why:     ${terminalText(why, SHOWN_OUTPUT)}`)
  }
  if (cases.length > limit) out.push(`  and ${cases.length - limit} more`)
  return out
}

function output(text: string | null): string {
  return text === null ? '(no output)' : JSON.stringify(terminalText(text, SHOWN_OUTPUT))
}
