import type { CaseRecord } from '../../record/schema.ts'
import { summarizeGpu, summarizeHost } from './avg-peak.ts'
import { covers, inFlightInterval, mergeIntervals, type Interval } from './in-flight.ts'
import { latestSnapshots } from './latest-snapshots.ts'
import { localGpuWarning } from './local-gpu-warning.ts'
import type { GpuInfo, GpuSample, HostSample, SystemReport, SystemSamples } from './types.ts'

export interface SummarizeSystemOptions {
  /** Warn when a local model's GPU averaged less than this (percent) during its cases. */
  minLocalGpuUtilizationPct: number
}

const PREFIX = 'GPU sampling unavailable: '

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function withoutPrefix(reason: string): string {
  return reason.startsWith(PREFIX) ? reason.slice(PREFIX.length) : reason
}

/**
 * The one line for a report without GPU data: each distinct reason once, naming its hosts when the
 * run had more than one.
 */
function unavailableLine(runs: readonly SystemSamples[]): string {
  if (runs.length === 0) return `${PREFIX}no machine was sampled`
  const hostsByReason = new Map<string, Set<string>>()
  for (const run of runs) {
    const reason = run.gpu.available ? 'no GPU sample' : withoutPrefix(run.gpu.reason)
    const hosts = hostsByReason.get(reason) ?? new Set<string>()
    hosts.add(run.host)
    hostsByReason.set(reason, hosts)
  }
  const oneHost = new Set(runs.map((r) => r.host)).size === 1
  const parts = [...hostsByReason]
    .sort(([a], [b]) => compareText(a, b))
    .map(([reason, hosts]) => (oneHost ? reason : `${reason} (${[...hosts].sort(compareText).join(', ')})`))
  return PREFIX + parts.join('; ')
}

/**
 * The `system` section of a report from every machine's samples (one SystemSamples per host of a
 * sharded run; repeated snapshots of one sampler are counted once) and the run's case records.
 * A sample belongs to a provider when one of that provider's calls was in flight at its time
 * (startedAt + queueMs <= t <= endedAt) on the sample's machine (the record's `host`; a record
 * without one, from before records had it, counts on every machine).
 * Deterministic: hosts, GPUs, providers and warnings sorted; samples by time, then host, then GPU.
 */
export function summarizeSystem(samples: readonly SystemSamples[], records: readonly CaseRecord[], options: SummarizeSystemOptions): SystemReport {
  const runs = latestSnapshots(samples)
  const hosts = [...new Set(runs.map((r) => r.host))].sort(compareText)

  const gpuByKey = new Map<string, GpuInfo & { host: string }>()
  for (const run of runs) if (run.gpu.available) for (const g of run.gpu.gpus) gpuByKey.set(`${run.host}\u0000${g.index}`, { host: run.host, ...g })
  const gpus = [...gpuByKey.values()].sort((a, b) => compareText(a.host, b.host) || a.index - b.index)

  const gpuSamples: Array<GpuSample & { host: string }> = runs
    .flatMap((run) => run.gpuSamples.map((s) => ({ ...s, host: run.host })))
    .sort((a, b) => a.t - b.t || compareText(a.host, b.host) || a.gpu - b.gpu)
  const hostSamples: Array<HostSample & { host: string }> = runs
    .flatMap((run) => run.hostSamples.map((s) => ({ ...s, host: run.host })))
    .sort((a, b) => a.t - b.t || compareText(a.host, b.host))

  // per provider, the intervals its calls were in flight, by the host that made them ('' = unknown host)
  const providers = new Map<string, { local: boolean; intervals: Map<string, Interval[]> }>()
  for (const record of records) {
    const entry = providers.get(record.provider) ?? { local: false, intervals: new Map<string, Interval[]>() }
    if (record.providerType === 'local') entry.local = true
    const interval = inFlightInterval(record)
    if (interval !== null) {
      const list = entry.intervals.get(record.host ?? '')
      if (list) list.push(interval)
      else entry.intervals.set(record.host ?? '', [interval])
    }
    providers.set(record.provider, entry)
  }

  const byProvider: SystemReport['byProvider'] = {}
  const warnings: string[] = []
  for (const [name, { local, intervals }] of [...providers].sort(([a], [b]) => compareText(a, b))) {
    const merged = new Map([...intervals].map(([host, list]) => [host, mergeIntervals(list)]))
    // a sample counts when this provider had a call in flight on the sample's machine (or on an unknown one)
    const during = (s: { t: number; host: string }): boolean => covers(merged.get(s.host) ?? [], s.t) || covers(merged.get('') ?? [], s.t)
    const gpuIn = gpuSamples.filter(during)
    const hostIn = hostSamples.filter(during)
    byProvider[name] = { gpu: summarizeGpu(gpuIn), host: summarizeHost(hostIn) }
    const warning = local ? localGpuWarning(name, gpuIn, options.minLocalGpuUtilizationPct) : null
    if (warning !== null) warnings.push(warning)
  }

  const anyGpuData = gpuSamples.length > 0
  if (anyGpuData) {
    const silent = runs.filter((r) => !r.gpu.available).sort((a, b) => compareText(a.host, b.host))
    const lines = silent.map((run) => (run.gpu.available ? '' : `GPU sampling unavailable on ${run.host}: ${withoutPrefix(run.gpu.reason)}`))
    warnings.push(...new Set(lines))
  }

  return {
    gpuUnavailable: anyGpuData ? null : unavailableLine(runs),
    hosts,
    gpus,
    gpu: summarizeGpu(gpuSamples),
    host: summarizeHost(hostSamples),
    byProvider,
    warnings,
    samples: { gpu: gpuSamples, host: hostSamples },
  }
}
