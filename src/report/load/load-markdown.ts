import { formatMs as ms, formatNum as num, formatPct as pct } from '../artifacts/format.ts'
import { escapeMarkdown as esc, markdownTable } from '../artifacts/markdown-text.ts'
import type { LoadReport } from './schema.ts'
import { sloText } from './slo.ts'

/**
 * summary.md's `### Load profile` section: one row per provider × measurement in load order, the
 * knee in bold, then each provider's knee and the SLOs. Empty outside load profiles. Labels and
 * provider ids are escaped (they come from the config).
 */
export function loadMarkdownSection(load: LoadReport | null | undefined): string[] {
  if (!load) return []
  const head = ['provider', 'load', 'requests', 'errors', 'req/s', 'out tok/s', 'TTFT p50', 'TTFT p95', 'TPOT p50', 'ITL p50', 'E2E p95', 'queue p95', 'peak in flight', 'goodput/s', 'quality goodput/s']
  const body = load.measurements.map((m) => {
    const label = m.knee ? `**${esc(m.label)}** (knee)` : esc(m.label)
    return [
      esc(m.provider),
      label,
      String(m.requests),
      m.errors > 0 ? `${m.errors} (${pct(m.errorRate)})` : '0',
      num(m.requestsPerSecond),
      num(m.outputTokensPerSecond),
      ms(m.ttftMs.p50),
      ms(m.ttftMs.p95),
      ms(m.tpotMs.p50),
      ms(m.itlMs.p50),
      ms(m.e2eMs.p95),
      ms(m.queueMs.p95),
      String(m.peakConcurrency),
      num(m.goodput),
      num(m.qualityGoodput),
    ]
  })
  const knees = load.knees.map((k) => `- knee of ${esc(k.provider)}: ${k.label === null ? esc(k.reason) : `**${esc(k.label)}** (${esc(k.reason)})`}`)
  const slo = load.slo ? `Goodput: requests/s meeting ${esc(sloText(load.slo))}; quality goodput: those that also passed their matchers.` : esc(load.goodputNote ?? '')
  return [`### Load profile\n\n${markdownTable(head, body, Array.from({ length: head.length - 2 }, (_, i) => i + 2))}\n\n${knees.join('\n')}\n\n${slo}`]
}
