import { cpus, freemem, totalmem } from 'node:os'
import type { HostSample } from './types.ts'

/** Cumulative CPU time of all cores together, in ms (from `os.cpus()`). */
export interface CpuTimes {
  busy: number
  total: number
}

export function readCpuTimes(): CpuTimes {
  let busy = 0
  let idle = 0
  for (const { times } of cpus()) {
    busy += times.user + times.nice + times.sys + times.irq
    idle += times.idle
  }
  return { busy, total: busy + idle }
}

/** Busy share of all cores between two readings, 0..100 to one decimal (0 when no time passed). */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total
  if (total <= 0) return 0
  const pct = (100 * (after.busy - before.busy)) / total
  return Math.round(Math.min(100, Math.max(0, pct)) * 10) / 10
}

/**
 * The machine at `t`: CPU over the interval since `before`, memory now. Used memory is total minus
 * `os.freemem()`, which on Linux is /proc/meminfo's MemAvailable (libuv reads it since 1.45, so in
 * every Node this package supports), not MemFree: page cache the kernel gives back on demand
 * does not count as used.
 */
export function takeHostSample(t: number, before: CpuTimes, after: CpuTimes): HostSample {
  const memoryTotalBytes = totalmem()
  return {
    t,
    cpuPct: cpuPercent(before, after),
    memoryUsedBytes: memoryTotalBytes - freemem(),
    memoryTotalBytes,
  }
}
