import type { GpuSample, HostSample, SystemReport } from '../../metrics/system/types.ts'
import type { GpuSeries, HostSeries, PageSystem } from './page-model.ts'

/** Most points one timeline line gets; longer runs are averaged into buckets. */
export const MAX_TIMELINE_POINTS = 600

/**
 * The system report for the page: its summaries as they are and its samples
 * as one thinned series per GPU and per host, in seconds since `t0` (the
 * run's start, or the first sample when that came earlier).
 */
export function pageSystem(system: SystemReport, runStartedAt: string): PageSystem {
  const started = Date.parse(runStartedAt)
  let t0 = Number.isFinite(started) ? started : Number.POSITIVE_INFINITY
  for (const s of system.samples.gpu) t0 = Math.min(t0, s.t)
  for (const s of system.samples.host) t0 = Math.min(t0, s.t)
  if (!Number.isFinite(t0)) t0 = 0
  return {
    gpuUnavailable: system.gpuUnavailable,
    hosts: system.hosts,
    gpus: system.gpus,
    gpu: system.gpu,
    host: system.host,
    byProvider: system.byProvider,
    warnings: system.warnings,
    t0,
    gpuSeries: gpuSeries(system, t0),
    hostSeries: hostSeries(system.samples.host, t0),
  }
}

function gpuSeries(system: SystemReport, t0: number): GpuSeries[] {
  const byGpu = groupSamples(system.samples.gpu, (s) => `${s.host}\0${s.gpu}`)
  return [...byGpu.values()].map((samples) => {
    const first = samples[0] as GpuSample & { host: string }
    const info = system.gpus.find((g) => g.host === first.host && g.index === first.gpu)
    const memoryTotalMiB = samples.reduce<number | null>((m, s) => (s.memoryTotalMiB === null ? m : Math.max(m ?? 0, s.memoryTotalMiB)), null)
    const thinned = thin(samples, t0, [(s) => s.utilizationPct, (s) => s.memoryUsedMiB])
    return {
      host: first.host,
      gpu: first.gpu,
      name: info?.name ?? `GPU ${first.gpu}`,
      memoryTotalMiB,
      t: thinned.t,
      utilizationPct: thinned.values[0] ?? [],
      memoryUsedMiB: thinned.values[1] ?? [],
    }
  })
}

function hostSeries(samples: ReadonlyArray<HostSample & { host: string }>, t0: number): HostSeries[] {
  const GiB = 1024 ** 3
  return [...groupSamples(samples, (s) => s.host).values()].map((list) => {
    const thinned = thin(list, t0, [(s) => s.cpuPct, (s) => s.memoryUsedBytes / GiB])
    return { host: (list[0] as HostSample & { host: string }).host, t: thinned.t, cpuPct: thinned.values[0] ?? [], memoryUsedGiB: thinned.values[1] ?? [] }
  })
}

/** Samples grouped by key, each group sorted by time; groups in key order. */
function groupSamples<S extends { t: number }>(samples: readonly S[], keyOf: (s: S) => string): Map<string, S[]> {
  const groups = new Map<string, S[]>()
  for (const s of samples) {
    const key = keyOf(s)
    const list = groups.get(key)
    if (list) list.push(s)
    else groups.set(key, [s])
  }
  for (const list of groups.values()) list.sort((a, b) => a.t - b.t)
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/**
 * At most MAX_TIMELINE_POINTS points: consecutive samples averaged in equal
 * buckets (time and each value; a bucket with no value for a field is null).
 * Times in seconds since t0, rounded to milliseconds.
 */
export function thin<S extends { t: number }>(
  samples: readonly S[],
  t0: number,
  fields: ReadonlyArray<(s: S) => number | null>,
): { t: number[]; values: Array<Array<number | null>> } {
  const buckets = Math.min(samples.length, MAX_TIMELINE_POINTS)
  const t: number[] = []
  const values: Array<Array<number | null>> = fields.map(() => [])
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * samples.length) / buckets)
    const to = Math.floor(((b + 1) * samples.length) / buckets)
    let tSum = 0
    const sums = fields.map(() => ({ total: 0, count: 0 }))
    for (let i = from; i < to; i++) {
      const s = samples[i] as S
      tSum += s.t
      fields.forEach((field, f) => {
        const v = field(s)
        if (v !== null && Number.isFinite(v)) {
          const acc = sums[f] as { total: number; count: number }
          acc.total += v
          acc.count++
        }
      })
    }
    t.push(Math.round(tSum / (to - from) - t0) / 1000)
    sums.forEach((acc, f) => values[f]?.push(acc.count > 0 ? round3(acc.total / acc.count) : null))
  }
  return { t, values }
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000
}
