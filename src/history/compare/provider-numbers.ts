import { percentileOfSorted } from '../../metrics/percentile.ts'
import type { CaseRecord } from '../../record/schema.ts'
import type { CaseUnit } from './case-units.ts'
import type { ProviderSide } from './schema.ts'

/** A provider's side: pass rate over its cases; latency and cost over the records that called it (not replayed or cached). */
export function providerSide(records: readonly CaseRecord[], units: readonly CaseUnit[]): ProviderSide {
  const ran = units.filter((u) => u.trials > 0)
  const measured = records.filter((r) => r.status !== 'skipped' && !r.cached && r.replayed !== true)
  const e2e = sorted(measured.flatMap((r) => (r.timings ? [r.timings.e2eMs] : [])))
  const ttft = sorted(measured.flatMap((r) => (r.timings?.ttftMs != null ? [r.timings.ttftMs] : [])))
  const priced = measured.filter((r) => r.cost !== null)
  return {
    model: records.find((r) => r.model !== '')?.model ?? '',
    cases: ran.length,
    passRate: ran.length === 0 ? null : ran.reduce((total, u) => total + u.passes / u.trials, 0) / ran.length,
    measured: measured.length,
    e2eMs: { p50: percentileOfSorted(e2e, 50), p95: percentileOfSorted(e2e, 95) },
    ttftMs: { p50: percentileOfSorted(ttft, 50), p95: percentileOfSorted(ttft, 95) },
    cost: priced.length === 0 ? null : priced.reduce((total, r) => total + (r.cost ?? 0), 0),
  }
}

function sorted(values: number[]): number[] {
  return values.sort((a, b) => a - b)
}
