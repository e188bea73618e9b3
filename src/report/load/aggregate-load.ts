import { compareText } from '../aggregate.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { findKnee, loadOrder } from './knee.ts'
import { MeasurementAccumulator } from './measurement-accumulator.ts'
import type { Knee, LoadMeasurement, LoadReport, Slo } from './schema.ts'

/** Why goodput is null when the run has no `slo` option. */
export const NO_SLO_NOTE = 'goodput not computed: no slo option (e.g. slo: { ttftMs: 500, tpotMs: 50 })'

/**
 * The `load` section of results.json from the records of a run, read once in any order: per
 * provider × measurement of a bench load profile, throughput, latency percentiles, peak concurrency,
 * errors, goodput and quality goodput, and each provider's knee. Null when no record carries `load`.
 * Each record is reduced to a few numbers as it passes (`MeasurementAccumulator`), so `records` can be
 * a stream over results.jsonl.
 */
export function aggregateLoad(records: Iterable<CaseRecord>, slo: Slo | null | undefined): LoadReport | null {
  const given = slo === undefined || slo === null ? null : slo
  const groups = new Map<string, MeasurementAccumulator>()
  for (const r of records) {
    if (r.load === undefined) continue
    const key = `${r.provider}\0${r.load.measurement}\0${r.load.label}`
    let group = groups.get(key)
    if (group === undefined) {
      group = new MeasurementAccumulator(r.provider, r.load)
      groups.set(key, group)
    }
    group.add(r, given)
  }
  if (groups.size === 0) return null
  const byProvider = new Map<string, LoadMeasurement[]>()
  for (const group of groups.values()) {
    const list = byProvider.get(group.provider) ?? []
    list.push(group.result(given))
    byProvider.set(group.provider, list)
  }
  const measurements: LoadMeasurement[] = []
  const knees: Knee[] = []
  for (const provider of [...byProvider.keys()].sort(compareText)) {
    const { ordered, loadOf } = loadOrder(byProvider.get(provider) ?? [])
    const found = findKnee(ordered, loadOf)
    const knee = found.index === null ? null : (ordered[found.index] ?? null)
    measurements.push(...ordered.map((m) => (m === knee ? { ...m, knee: true } : m)))
    knees.push({ provider, measurement: knee?.measurement ?? null, label: knee?.label ?? null, reason: found.reason })
  }
  return { slo: given, goodputNote: given === null ? NO_SLO_NOTE : null, measurements, knees }
}
