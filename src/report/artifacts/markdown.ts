import type { CaseRecord } from '../../record/schema.ts'
import { clientHealthLine } from '../../metrics/client-health/summarize.ts'
import { compareText } from '../aggregate.ts'
import type { Breakdown, RunResults, Stats } from '../results-schema.ts'
import { formatMs, formatNum, formatPct, formatUsd, plural } from './format.ts'
import { escapeMarkdown as esc, fenced, markdownTable, truncate } from './markdown-text.ts'
import { loadMarkdownSection } from '../load/load-markdown.ts'
import { rateWithInterval } from '../intervals/format.ts'
import { pairedMarkdownSection } from '../intervals/paired-markdown.ts'
import { formatMatrixMarkdown } from '../matrix/markdown.ts'
import { matrixOfResults } from '../matrix/of-results.ts'

/** Failing cases listed in full; the rest are counted. */
export const MAX_FAILING_CASES = 50
/** Longest reason shown for a failing case. */
const MAX_REASON_CHARS = 200
/** Bench mode: the most variable cases shown. */
const MAX_SPREAD_CASES = 10

/**
 * `summary.md`: a GitHub-flavoured Markdown summary of a run for a PR comment
 * or `$GITHUB_STEP_SUMMARY`: the pass rate, a table per provider and per
 * dataset, the failing cases (the first 50), errors by class, notes on unknown
 * costs, the judge and the GPU, then `extraSections` (Markdown, as given) in
 * order. Untrusted text (case ids, messages, output) is escaped.
 */
export function formatSummaryMarkdown(results: RunResults, extraSections: readonly string[] = []): string {
  const bench = results.mode === 'bench'
  const sections = [
    header(results),
    `### By provider\n\n${providerTable(results.byProvider, bench)}`,
    `### By dataset\n\n${datasetTable(results.byDataset, bench)}`,
    ...pairedMarkdownSection(results.gates?.baseline?.paired),
    ...variantSection(results.byVariant, bench),
    ...matrixSection(results),
    ...(bench ? spreadSection(results) : []),
    ...loadMarkdownSection(results.load),
    ...failingSection(results.cases, bench),
    ...errorSection(results.summary.errorClasses),
    ...datasetFailureSection(results),
    notes(results),
    ...extraSections,
  ]
  return `${sections.filter((s) => s.trim() !== '').join('\n\n')}\n`
}

function header(results: RunResults): string {
  const s = results.summary
  // cases here are dataset cases; Stats.cases counts each on each provider
  const cases = distinctCases(results.cases)
  const scope = [plural(cases, 'case'), ...(results.mode === 'bench' ? [plural(s.samples, 'sample')] : []), plural(results.byProvider.length, 'provider')]
  const counts = `${s.passed} passed, ${s.failed} failed, ${s.errored} errored, ${s.timedOut} timed out, ${s.skipped} skipped`
  return [
    `## llm-test-bench: ${esc(results.project)} (${esc(results.mode)})`,
    '',
    `Run \`${results.runId.replace(/`/g, '')}\` · ${esc(results.reason)} · ${scope.join(' · ')}`,
    '',
    `**Pass rate: ${rateWithInterval(s.passRate, s.passRateInterval, true)}** (${counts})`,
  ].join('\n')
}

/** How many distinct (dataset, case id) pairs the records have. */
function distinctCases(records: readonly CaseRecord[]): number {
  const byDataset = new Map<string, Set<string>>()
  for (const r of records) {
    let ids = byDataset.get(r.dataset)
    if (ids === undefined) byDataset.set(r.dataset, (ids = new Set()))
    ids.add(r.caseId)
  }
  let count = 0
  for (const ids of byDataset.values()) count += ids.size
  return count
}

function providerTable(rows: readonly Breakdown[], bench: boolean): string {
  const head = ['provider', 'model', 'cases', ...(bench ? ['samples'] : []), 'pass rate', 'E2E p50', 'E2E p95', 'TTFT p50', 'out tok/s', 'tokens in / out', 'cost']
  const body = rows.map((b) => {
    const s = b.stats
    return [esc(b.provider ?? ''), esc(b.model ?? ''), String(s.cases), ...(bench ? [String(s.samples)] : []), ...latencyCells(s), `${s.tokens.input} / ${s.tokens.output}`, formatUsd(s.cost)]
  })
  return markdownTable(head, body, numericFrom(2, head.length))
}

function datasetTable(rows: readonly Breakdown[], bench: boolean): string {
  const head = ['dataset', 'cases', ...(bench ? ['samples'] : []), 'passed', 'failed', 'errored', 'pass rate', 'E2E p50', 'E2E p95', 'TTFT p50', 'out tok/s', 'cost']
  const body = rows.map((b) => {
    const s = b.stats
    return [esc(b.dataset ?? ''), String(s.cases), ...(bench ? [String(s.samples)] : []), String(s.passed), String(s.failed), String(s.errored + s.timedOut), ...latencyCells(s), formatUsd(s.cost)]
  })
  return markdownTable(head, body, numericFrom(1, head.length))
}

/** Prompt variants (`variants:`): one row per dataset × variant, across providers; nothing without variants. */
function variantSection(rows: readonly Breakdown[] | undefined, bench: boolean): string[] {
  if (!rows) return []
  const head = ['dataset', 'variant', 'cases', ...(bench ? ['samples'] : []), 'passed', 'failed', 'errored', 'pass rate', 'E2E p50', 'E2E p95', 'TTFT p50', 'out tok/s', 'cost']
  const body = rows.map((b) => {
    const s = b.stats
    return [esc(b.dataset ?? ''), esc(b.variant ?? ''), String(s.cases), ...(bench ? [String(s.samples)] : []), String(s.passed), String(s.failed), String(s.errored + s.timedOut), ...latencyCells(s), formatUsd(s.cost)]
  })
  return [`### By variant\n\n${markdownTable(head, body, numericFrom(2, head.length))}`]
}

function latencyCells(s: Stats): string[] {
  return [rateWithInterval(s.passRate, s.passRateInterval, true), formatMs(s.e2eMs.p50), formatMs(s.e2eMs.p95), formatMs(s.ttftMs.p50), formatNum(s.outputTokensPerSecond)]
}

function numericFrom(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i)
}

/** Bench mode: the cases whose E2E varied most across samples. */
function spreadSection(results: RunResults): string[] {
  const spread = (results.caseSpread ?? []).filter((c) => c.e2eCv !== null)
  if (spread.length === 0) return []
  const top = [...spread].sort((a, b) => (b.e2eCv ?? 0) - (a.e2eCv ?? 0)).slice(0, MAX_SPREAD_CASES)
  const head = ['dataset', 'case', 'provider', 'samples', 'passed', 'E2E min', 'E2E p50', 'E2E max', 'E2E CV']
  const body = top.map((c) => [esc(c.dataset), esc(c.caseId), esc(c.provider), String(c.samples), String(c.passed), formatMs(c.e2eMs.min), formatMs(c.e2eMs.p50), formatMs(c.e2eMs.max), formatPct(c.e2eCv)])
  return [`### Most variable cases (E2E coefficient of variation across samples)\n\n${markdownTable(head, body, numericFrom(3, head.length))}`]
}

/** One row per case and provider that did not pass (in bench mode: with how many of its samples). */
function failingSection(records: readonly CaseRecord[], bench: boolean): string[] {
  const failing = failingGroups(records)
  if (failing.length === 0) return []
  const head = ['dataset', 'case', 'provider', 'status', 'why']
  const body = failing.slice(0, MAX_FAILING_CASES).map((group) => {
    const bad = group.filter(notPassed)
    const first = bad[0] as CaseRecord
    const ran = group.filter((r) => r.status !== 'skipped').length
    const status = bench ? `${first.status} (${bad.length}/${ran} samples)` : first.status
    // a prompt variant's case: `case › variant`
    return [esc(first.dataset), esc(first.variant === undefined ? first.caseId : `${first.caseId} › ${first.variant}`), esc(first.provider), status, esc(truncate(reasonOf(first), MAX_REASON_CHARS))]
  })
  const more = failing.length > MAX_FAILING_CASES ? `\n\n… and ${failing.length - MAX_FAILING_CASES} more (all in \`csv/cases.csv\` and \`results.json\`)` : ''
  return [`### Failing cases (${failing.length})\n\n${markdownTable(head, body)}${more}`]
}

/**
 * The records grouped by case, provider and variant, in key order, the
 * groups with a record that did not pass only. Only the records of a case
 * id that has such a record are grouped (most runs mostly pass).
 */
function failingGroups(records: readonly CaseRecord[]): CaseRecord[][] {
  const failingIds = new Set<string>()
  for (const r of records) if (notPassed(r)) failingIds.add(r.caseId)
  if (failingIds.size === 0) return []
  const groups = new Map<string, CaseRecord[]>()
  for (const r of records) {
    if (!failingIds.has(r.caseId)) continue
    const key = `${r.dataset}\0${r.caseId}\0${r.provider}\0${r.variant ?? ''}`
    const group = groups.get(key)
    if (group) group.push(r)
    else groups.set(key, [r])
  }
  const failing = [...groups].filter(([, group]) => group.some(notPassed))
  return failing.sort(([a], [b]) => compareText(a, b)).map(([, group]) => group)
}

function notPassed(r: CaseRecord): boolean {
  return r.status !== 'passed' && r.status !== 'skipped'
}

/** The error, else the reasons of the failing matchers. */
function reasonOf(r: CaseRecord): string {
  if (r.error) return `${r.error.class}: ${r.error.message}`
  const failed = r.evaluations.filter((e) => !e.pass)
  return failed.map((e) => `${e.name}: ${e.reason}`).join('; ')
}

function errorSection(classes: Record<string, number>): string[] {
  const entries = Object.entries(classes).sort(([, a], [, b]) => b - a)
  if (entries.length === 0) return []
  return [`### Errors by class\n\n${markdownTable(['class', 'records'], entries.map(([c, n]) => [esc(c), String(n)]), [1])}`]
}

function datasetFailureSection(results: RunResults): string[] {
  if (results.datasetFailures.length === 0) return []
  const items = results.datasetFailures.map((f) => fenced(f.message))
  return [`### Datasets not run (${results.datasetFailures.length})\n\n${items.join('\n\n')}`]
}

/** Replays, unknown costs, the judge, the GPU, and what the latency columns mean. */
function notes(results: RunResults): string {
  const s = results.summary
  const lines: string[] = []
  if (s.replayed > 0) lines.push(`- ${plural(s.replayed, 'record')} replayed from recordings or the cache: latencies are the recorded ones; tok/s counts only calls made.`)
  if (s.cost.unknown > 0) lines.push(`- Cost unknown for ${plural(s.cost.unknown, 'record')} (no price for the model): costs marked \`?\` leave them out; set a price in \`pricing\` or the provider's \`price\`.`)
  if (s.retries > 0) lines.push(`- ${s.retries} ${s.retries === 1 ? 'retry' : 'retries'} over ${plural(s.attempts, 'call')}; queue wait p50 ${formatMs(s.queueMs.p50)}, p95 ${formatMs(s.queueMs.p95)}.`)
  const judge = s.judge
  if (judge.evaluations > 0) {
    lines.push(`- Judge (not in the totals above): ${plural(judge.calls, 'call')} for ${plural(judge.evaluations, 'evaluation')}, ${judge.inputTokens} input + ${judge.outputTokens} output tokens, cost ${formatUsd(judge.cost)}.`)
  }
  if (results.system) lines.push(...gpuLines(results.system))
  if (results.clientHealth) lines.push(`- ${results.clientHealth.clientBound ? '⚠️ ' : ''}${esc(clientHealthLine(results.clientHealth))}.`)
  lines.push('- E2E: request sent → last token; TTFT: → first streamed chunk; out tok/s: output tokens / time the calls made were in flight (vLLM definitions).')
  if (s.passRateInterval) lines.push('- Pass rate `±`: half-width of its 95% interval in percentage points (the larger side when not symmetric), then the interval; Wilson, or clustered by case when a case ran several times (docs/statistics.md).')
  return lines.join('\n')
}

function gpuLines(system: NonNullable<RunResults['system']>): string[] {
  const lines: string[] = []
  if (system.gpuUnavailable !== null) lines.push(`- GPU: ${esc(system.gpuUnavailable)}`)
  else {
    const u = system.gpu.utilizationPct
    const m = system.gpu.memoryUsedMiB
    const pct = (v: number | null): string => (v === null ? '-' : `${v.toFixed(0)}%`)
    const mib = m.peak === null ? '' : `, memory peak ${m.peak.toFixed(0)} MiB`
    lines.push(`- GPU (${plural(system.gpus.length, 'GPU')}): utilization avg ${pct(u.avg)}, peak ${pct(u.peak)}${mib}.`)
  }
  for (const warning of system.warnings) lines.push(`- ⚠️ ${esc(warning)}`)
  return lines
}

/** With more than one column: the comparison table with intervals and paired verdicts, and the cases where the columns differ. */
function matrixSection(results: RunResults): string[] {
  const { matrix, comparison } = matrixOfResults(results)
  return formatMatrixMarkdown(matrix, comparison)
}
