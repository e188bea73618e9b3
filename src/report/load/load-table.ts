import { formatMs as ms, formatNum as num, formatPct as pct } from '../artifacts/format.ts'
import type { LoadReport } from './schema.ts'
import { sloText } from './slo.ts'

/**
 * The load profile's table for the terminal: one row per provider × measurement in load order,
 * the knee marked `◀ knee`, then each provider's knee rule and the SLOs (or why goodput is missing).
 * Empty for a run without a load profile.
 */
export function formatLoadTable(load: LoadReport | null | undefined): string[] {
  if (!load) return []
  const header = ['provider', 'load', 'reqs', 'errors', 'req/s', 'out tok/s', 'TTFT p50', 'TTFT p95', 'TPOT p50', 'ITL p50', 'E2E p95', 'queue p95', 'peak', 'goodput/s', 'quality/s', '']
  const rows = load.measurements.map((m) => [
    m.provider,
    m.label,
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
    m.knee ? '◀ knee' : '',
  ])
  const all = [header, ...rows]
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)))
  const fmt = (r: string[]): string => r.map((c, i) => (i >= 2 && i < r.length - 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()
  const lines = ['', 'Load profile (per measurement; rates over first send → last end):', fmt(header), widths.map((w) => '─'.repeat(w)).join('  ').trimEnd(), ...rows.map(fmt)]
  for (const k of load.knees) lines.push(`knee ${k.provider}: ${k.label === null ? k.reason : `${k.label} (${k.reason})`}`)
  lines.push(load.slo ? `goodput: requests/s meeting ${sloText(load.slo)}; quality: those that also passed their matchers` : (load.goodputNote ?? ''))
  return lines
}
