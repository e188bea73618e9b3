import { percentileOfSorted } from '../../metrics/percentile.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { casePassRate, caseOutcomes, isReplayed } from './case-outcomes.ts'
import type { ProviderNumbers } from './types.ts'

/**
 * One provider's numbers that the latency and cost gates compare. Latency and
 * cost count only records that called the provider: a replayed record carries
 * the recorded timings and costs 0.
 */
export interface ProviderAggregate extends ProviderNumbers {
  provider: string
  model: string
}

/** Per provider, sorted by provider. */
export function providerAggregates(records: readonly CaseRecord[]): ProviderAggregate[] {
  const byProvider = new Map<string, CaseRecord[]>()
  for (const r of records) {
    const group = byProvider.get(r.provider)
    if (group) group.push(r)
    else byProvider.set(r.provider, [r])
  }
  return [...byProvider.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([provider, group]) => aggregate(provider, group))
}

function aggregate(provider: string, records: readonly CaseRecord[]): ProviderAggregate {
  const ran = records.filter((r) => r.status !== 'skipped')
  const measured = ran.filter((r) => !isReplayed(r))
  const outcomes = caseOutcomes(records).filter((o) => o.status !== 'skipped')
  const e2e = measured.flatMap((r) => (r.timings && Number.isFinite(r.timings.e2eMs) ? [r.timings.e2eMs] : [])).sort((a, b) => a - b)
  const priced = measured.filter((r) => r.cost !== null)
  return {
    provider,
    model: records.find((r) => r.model !== '')?.model ?? '',
    cases: outcomes.length,
    passRate: casePassRate(outcomes),
    measured: measured.length,
    replayed: ran.length - measured.length,
    e2eP95Ms: percentileOfSorted(e2e, 95),
    cost: priced.length === 0 ? null : priced.reduce((total, r) => total + (r.cost ?? 0), 0),
    costUnknown: measured.filter((r) => r.cost === null && r.output !== null).length,
  }
}
