/**
 * What the main process samples while a run is in flight (GPU through
 * `nvidia-smi`, CPU and memory of the machine), and what the reporter makes of
 * it. Times are epoch milliseconds, so samples line up with case records'
 * `startedAt`/`endedAt`.
 */

/** One GPU at one instant; a field the driver reports as `[N/A]` is null. */
export interface GpuSample {
  t: number
  /** GPU index as nvidia-smi numbers it. */
  gpu: number
  utilizationPct: number | null
  memoryUsedMiB: number | null
  memoryTotalMiB: number | null
  temperatureC: number | null
  powerW: number | null
}

/** The machine at one instant. */
export interface HostSample {
  t: number
  /** All cores together, 0..100, over the interval since the previous sample. */
  cpuPct: number
  memoryUsedBytes: number
  memoryTotalBytes: number
}

export interface GpuInfo {
  index: number
  name: string
}

/** Everything sampled during one run on one machine. */
export interface SystemSamples {
  /** hostname of the machine sampled (shards of a fleet run each bring their own). */
  host: string
  intervalMs: number
  /**
   * Epoch ms when this sampler started. Snapshots of one sampler share it (each holds all samples so
   * far), so a merge keeps only the largest snapshot per (host, startedAt). Absent in older blobs.
   */
  startedAt?: number
  /** available false: why ("GPU sampling unavailable: nvidia-smi not found on PATH"). */
  gpu: { available: true; gpus: GpuInfo[] } | { available: false; reason: string }
  gpuSamples: GpuSample[]
  hostSamples: HostSample[]
}

/** avg and peak of a sampled quantity; null when there is no sample. */
export interface AvgPeak {
  avg: number | null
  peak: number | null
  samples: number
}

export interface GpuSummary {
  utilizationPct: AvgPeak
  memoryUsedMiB: AvgPeak
  temperatureC: AvgPeak
  powerW: AvgPeak
}

export interface HostSummary {
  cpuPct: AvgPeak
  memoryUsedBytes: AvgPeak
}

/** The `system` section of results.json and the dashboard's GPU timeline. */
export interface SystemReport {
  /** The one line a report shows when there is no GPU data, else null. */
  gpuUnavailable: string | null
  hosts: string[]
  gpus: Array<GpuInfo & { host: string }>
  /** Over the whole run, all GPUs of all hosts pooled. */
  gpu: GpuSummary
  host: HostSummary
  /** Samples taken while at least one case of that provider was in flight. */
  byProvider: Record<string, { gpu: GpuSummary; host: HostSummary }>
  /** e.g. average GPU utilization below 80% during a local model's cases. */
  warnings: string[]
  /** For the timeline chart. */
  samples: { gpu: Array<GpuSample & { host: string }>; host: Array<HostSample & { host: string }> }
}
