import type { CaseRecord } from '../../record/schema.ts'
import { percentileBootstraps } from './bootstrap-capped.ts'
import type { CaseCount } from './pass-rate.ts'
import type { PercentileIntervals } from './schema.ts'

/** A case's identity within a group of records: dataset, case id, provider and, when present, variant. */
export function caseIdentity(r: { dataset: string; caseId: string; provider: string; variant?: string }): string {
  return r.variant === undefined ? `${r.dataset}\0${r.caseId}\0${r.provider}` : `${r.dataset}\0${r.caseId}\0${r.provider}\0${r.variant}`
}

/** Per case, the records that ran (skipped ones are no trial) and how many passed: all a pass-rate interval needs. */
export function caseCounts(records: readonly CaseRecord[]): CaseCount[] {
  const counts = new Map<string, CaseCount>()
  for (const r of records) {
    if (r.status === 'skipped') continue
    const key = caseIdentity(r)
    let count = counts.get(key)
    if (!count) counts.set(key, (count = { passes: 0, trials: 0 }))
    count.trials++
    if (r.status === 'passed') count.passes++
  }
  return [...counts.values()]
}

/** Bootstrap intervals of the p50 and p95 of some latencies (ms). */
export function percentileIntervals(values: readonly number[]): PercentileIntervals {
  const [p50, p95] = percentileBootstraps(values, [50, 95])
  return { p50: p50 ?? null, p95: p95 ?? null }
}
