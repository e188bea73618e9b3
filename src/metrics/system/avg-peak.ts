import type { AvgPeak, GpuSample, GpuSummary, HostSample, HostSummary } from './types.ts'

/** Average and peak of the known values (null ones, `[N/A]` from the driver, are left out). */
export function avgPeak(values: ReadonlyArray<number | null>): AvgPeak {
  let sum = 0
  let peak = Number.NEGATIVE_INFINITY
  let samples = 0
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue
    sum += v
    if (v > peak) peak = v
    samples++
  }
  return samples === 0 ? { avg: null, peak: null, samples } : { avg: sum / samples, peak, samples }
}

/** Every GPU sample pooled: each (GPU, instant) counts once. */
export function summarizeGpu(samples: readonly GpuSample[]): GpuSummary {
  return {
    utilizationPct: avgPeak(samples.map((s) => s.utilizationPct)),
    memoryUsedMiB: avgPeak(samples.map((s) => s.memoryUsedMiB)),
    temperatureC: avgPeak(samples.map((s) => s.temperatureC)),
    powerW: avgPeak(samples.map((s) => s.powerW)),
  }
}

export function summarizeHost(samples: readonly HostSample[]): HostSummary {
  return {
    cpuPct: avgPeak(samples.map((s) => s.cpuPct)),
    memoryUsedBytes: avgPeak(samples.map((s) => s.memoryUsedBytes)),
  }
}
