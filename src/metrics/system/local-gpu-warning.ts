import { avgPeak } from './avg-peak.ts'
import type { GpuSample } from './types.ts'

/** A number for a warning line: one decimal at most ("42.5", "80"). */
function fmt(n: number): string {
  return String(Math.round(n * 10) / 10)
}

/**
 * The warning for a local (in-process) model whose GPU sat idle too much: the average utilization,
 * during that provider's cases, of the busiest GPU (a model on one GPU of several must not be judged
 * by the idle others) below `minPct`. Null when it is not, or when no GPU reported utilization.
 * `samples` are that provider's samples in (t, host, gpu) order.
 */
export function localGpuWarning(provider: string, samples: ReadonlyArray<GpuSample & { host: string }>, minPct: number): string | null {
  const byGpu = new Map<string, { host: string; gpu: number; values: Array<number | null> }>()
  for (const s of samples) {
    const key = `${s.host}\u0000${s.gpu}`
    const entry = byGpu.get(key) ?? { host: s.host, gpu: s.gpu, values: [] }
    entry.values.push(s.utilizationPct)
    byGpu.set(key, entry)
  }
  let busiest: { host: string; gpu: number; avg: number; peak: number; samples: number } | null = null
  const gpus = [...byGpu.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.gpu - b.gpu))
  for (const { host, gpu, values } of gpus) {
    const { avg, peak, samples: n } = avgPeak(values)
    if (avg === null || peak === null) continue
    if (busiest === null || avg > busiest.avg) busiest = { host, gpu, avg, peak, samples: n }
  }
  if (busiest === null || busiest.avg >= minPct) return null
  const which = gpus.length > 1 ? `${busiest.host} GPU ${busiest.gpu}, the busiest of ${gpus.length}` : `${busiest.host} GPU ${busiest.gpu}`
  return (
    `Local provider "${provider}": average GPU utilization during its cases was ${fmt(busiest.avg)}% ` +
    `(peak ${fmt(busiest.peak)}%, ${busiest.samples} samples, ${which}), below the ${fmt(minPct)}% minimum`
  )
}
