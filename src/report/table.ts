import { formatMs as ms, formatNum as num, formatUsd as usd } from './artifacts/format.ts'
import type { RunResults, Stats } from './results-schema.ts'
import { formatLoadTable } from './load/load-table.ts'
import { rateWithInterval } from './intervals/format.ts'
import { formatMatrixTerminal } from './matrix/terminal.ts'
import { matrixOfResults } from './matrix/of-results.ts'

/** The end-of-run table: one row per dataset × provider, then the totals. */
export function formatResultsTable(results: RunResults): string {
  const bench = results.mode === 'bench'
  const header = ['dataset', 'provider', 'cases', ...(bench ? ['samples'] : []), 'passed', 'failed', 'errored', 'pass rate', 'E2E p50', 'E2E p95', 'TTFT p50', 'out tok/s', 'tokens', 'cost']
  // a dataset with prompt variants (`variants:`): a row per dataset × variant × provider, `dataset › variant`
  const rows = results.byDatasetProvider.map((b) => row(b.variant === undefined ? (b.dataset ?? '') : `${b.dataset ?? ''} › ${b.variant}`, b.provider ?? '', b.stats, bench))
  const total = row('all', '', results.summary, bench)
  const lines = renderTable(header, rows, total)
  const notes: string[] = []
  for (const failure of results.datasetFailures) notes.push(`dataset not run: ${failure.message.replace(/\n/g, '\n  ')}`)
  const classes = Object.entries(results.summary.errorClasses)
  if (classes.length > 0) notes.push(`errors by class: ${classes.map(([c, n]) => `${c} ${n}`).join(', ')}`)
  const s = results.summary
  const extras = [
    `queue wait p50 ${ms(s.queueMs.p50)}, p95 ${ms(s.queueMs.p95)}, max ${ms(s.queueMs.max)}`,
    `retries ${s.retries}`,
    ...(s.replayed > 0 ? [`replayed from recordings ${s.replayed}`] : []),
    ...(s.cost.unknown > 0 ? [`cost unknown for ${s.cost.unknown} (no price; see costNote in the records)`] : []),
  ]
  if (s.judge.calls > 0) extras.push(`judge ${s.judge.calls} calls, ${s.judge.inputTokens + s.judge.outputTokens} tokens, ${usd(s.judge.cost)} (not in the totals above)`)
  notes.push(extras.join('; '))
  notes.push('E2E: request sent → last token; TTFT: → first streamed chunk; out tok/s: output tokens / time calls were in flight, over the calls made (definitions: vLLM).')
  if (s.passRateInterval) notes.push('pass rate ±: half-width of its 95% interval in points (the larger side when not symmetric; docs/statistics.md).')
  return [`llm-test-bench ${results.project} (${results.mode}) run ${results.runId}`, ...lines, ...notes, ...formatLoadTable(results.load), ...terminalMatrix(results)].join('\n')
}

function row(dataset: string, provider: string, s: Stats, bench: boolean): string[] {
  return [
    dataset,
    provider,
    String(s.cases),
    ...(bench ? [String(s.samples)] : []),
    String(s.passed),
    String(s.failed),
    String(s.errored + s.timedOut),
    rateWithInterval(s.passRate, s.passRateInterval),
    ms(s.e2eMs.p50),
    ms(s.e2eMs.p95),
    ms(s.ttftMs.p50),
    num(s.outputTokensPerSecond),
    String(s.tokens.total),
    usd(s.cost),
  ]
}

function renderTable(header: string[], rows: string[][], total: string[]): string[] {
  const all = [header, ...rows, total]
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  const numeric = (i: number): boolean => i >= 2
  const fmt = (r: string[]): string => r.map((c, i) => (numeric(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ')
  const rule = widths.map((w) => '─'.repeat(w)).join('  ')
  return [fmt(header), rule, ...rows.map(fmt), rule, fmt(total)]
}

/** With more than one column (providers, or variant × provider): the cases where they differ and the comparison table. */
function terminalMatrix(results: RunResults): string[] {
  const { matrix, comparison } = matrixOfResults(results)
  return formatMatrixTerminal(matrix, comparison)
}
