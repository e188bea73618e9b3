import type { CaseRecord } from '../../record/schema.ts'
import type { Slo } from './schema.ts'

/**
 * Whether a request met every bound of the SLOs: it answered (not an error or a timeout), and
 * - `ttftMs`: it was streamed and its TTFT is at most the bound;
 * - `tpotMs`: it was streamed and its TPOT is at most the bound (a streamed answer of one token has
 *   no TPOT and meets it, as vLLM counts it as 0);
 * - `e2eMs`: its E2E is at most the bound.
 */
export function meetsSlo(record: CaseRecord, slo: Slo): boolean {
  if (record.status === 'error' || record.status === 'timeout' || record.status === 'skipped') return false
  const t = record.timings
  if (t === null) return false
  if (slo.ttftMs !== undefined && (t.ttftMs === null || t.ttftMs > slo.ttftMs)) return false
  if (slo.tpotMs !== undefined && (!t.streamed || t.ttftMs === null || (t.tpotMs ?? 0) > slo.tpotMs)) return false
  if (slo.e2eMs !== undefined && t.e2eMs > slo.e2eMs) return false
  return true
}

/** `TTFT ≤ 200 ms, TPOT ≤ 50 ms`: the SLOs in words. */
export function sloText(slo: Slo): string {
  const parts = [
    ...(slo.ttftMs !== undefined ? [`TTFT ≤ ${slo.ttftMs} ms`] : []),
    ...(slo.tpotMs !== undefined ? [`TPOT ≤ ${slo.tpotMs} ms`] : []),
    ...(slo.e2eMs !== undefined ? [`E2E ≤ ${slo.e2eMs} ms`] : []),
  ]
  return parts.length > 0 ? parts.join(', ') : 'no bound'
}
