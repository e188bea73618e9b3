import { hostname } from 'node:os'
import { readCpuTimes, takeHostSample, type CpuTimes } from './host-sample.ts'
import { startNvidiaSmiStream, type NvidiaSmiStream } from './nvidia-smi-stream.ts'
import type { GpuInfo, GpuSample, HostSample, SystemSamples } from './types.ts'

export interface SystemSamplerOptions {
  /** How often to sample (the `sampling.intervalMs` option). */
  intervalMs: number
  /** The `nvidia-smi` executable: a name looked up on PATH, or a path (`sampling.nvidiaSmi`). */
  nvidiaSmi: string
  /** Clock for sample times, epoch ms; Date.now by default. */
  now?: () => number
  /** Name of this machine in the samples; os.hostname() by default. */
  host?: string
  /** Environment of nvidia-smi, merged over this process's (its PATH is where `nvidiaSmi` is looked up). */
  env?: NodeJS.ProcessEnv
}

export interface SystemSampler {
  /** All samples so far (copies): what a shard puts in its blob. */
  snapshot(): SystemSamples
  /** Stops sampling, kills nvidia-smi and resolves, once it has exited, with all samples. Idempotent. */
  stop(): Promise<SystemSamples>
}

/**
 * Samples this machine every `intervalMs` while a run is in flight: CPU and memory from `os`, and
 * every GPU from one long-running `nvidia-smi -lms` (see nvidia-smi-stream.ts for why not one per
 * tick). Never throws and never holds the process open (timers and the child are unref'd). When
 * nvidia-smi is missing, fails or prints something else than its CSV, the GPU side reports why
 * (`gpu.available: false`) and host sampling goes on. If nvidia-smi exits after printing samples it is
 * started again one interval later; if it then prints nothing, GPU sampling ends with what it has.
 */
export function startSystemSampler(options: SystemSamplerOptions): SystemSampler {
  const { intervalMs, nvidiaSmi: command } = options
  const now = options.now ?? Date.now
  const host = options.host ?? hostname()
  const startedAt = now()
  const gpuSamples: GpuSample[] = []
  const hostSamples: HostSample[] = []
  const gpus = new Map<number, string>()
  let gpuEndReason: string | null = null
  let stream: NvidiaSmiStream | null = null
  let restartTimer: NodeJS.Timeout | undefined
  let stopped = false
  let stopping: Promise<SystemSamples> | null = null

  function startGpu(): void {
    try {
      stream = startNvidiaSmiStream({
        command,
        intervalMs,
        env: options.env,
        now,
        onRow(row, t) {
          if (stopped) return
          gpus.set(row.index, row.name)
          const { index: gpu, utilizationPct, memoryUsedMiB, memoryTotalMiB, temperatureC, powerW } = row
          gpuSamples.push({ t, gpu, utilizationPct, memoryUsedMiB, memoryTotalMiB, temperatureC, powerW })
        },
        onEnd(reason, rows) {
          stream = null
          if (stopped) return
          if (rows > 0) {
            restartTimer = setTimeout(startGpu, intervalMs)
            restartTimer.unref()
          } else {
            gpuEndReason = reason
          }
        },
      })
    } catch (error) {
      stream = null
      gpuEndReason = `${command} could not be started (${error instanceof Error ? error.message : String(error)})`
    }
  }

  let cpuBefore: CpuTimes | null = null
  let lastHostT = startedAt
  function sampleHost(): void {
    try {
      const cpuAfter = readCpuTimes()
      const t = now()
      if (cpuBefore !== null) hostSamples.push(takeHostSample(t, cpuBefore, cpuAfter))
      cpuBefore = cpuAfter
      lastHostT = t
    } catch {
      // os.cpus() or os.freemem() failing is no reason to disturb the run: the tick is skipped
    }
  }

  sampleHost()
  const hostTimer = setInterval(sampleHost, intervalMs)
  hostTimer.unref()
  startGpu()

  function gpuState(): SystemSamples['gpu'] {
    if (gpus.size > 0) {
      const infos: GpuInfo[] = [...gpus].map(([index, name]) => ({ index, name })).sort((a, b) => a.index - b.index)
      return { available: true, gpus: infos }
    }
    const why = gpuEndReason ?? (!stopped ? `no sample from ${command} yet` : `no sample from ${command} before sampling stopped`)
    return { available: false, reason: `GPU sampling unavailable: ${why}` }
  }

  function snapshot(): SystemSamples {
    return { host, intervalMs, startedAt, gpu: gpuState(), gpuSamples: gpuSamples.slice(), hostSamples: hostSamples.slice() }
  }

  async function finish(): Promise<SystemSamples> {
    stopped = true
    clearInterval(hostTimer)
    clearTimeout(restartTimer)
    // the tail of the run since the last tick, when it is long enough for a meaningful CPU figure
    if (now() - lastHostT >= intervalMs / 2) sampleHost()
    const running = stream
    stream = null
    if (running !== null) await running.stop()
    return snapshot()
  }

  return {
    snapshot,
    stop() {
      stopping ??= finish()
      return stopping
    },
  }
}
