import { randomUUID } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { WorkerHealth } from './schema.ts'
import { setSocketGapsEnabled, socketGapSnapshot } from './socket-gaps.ts'
import { cpuPercent, summarizeDelay } from './summarize.ts'

/** Sampling resolution of the event-loop delay histogram, ms (Node's default). */
const RESOLUTION_MS = 10

const id = randomUUID()
let enabled = true
let inFlight = 0
let histogram: ReturnType<typeof monitorEventLoopDelay> | null = null
let timedSince = 0
let timedMs = 0
let cpuSince: NodeJS.CpuUsage | null = null
let cpuMicros = 0

/** Turns the monitor off (the `clientHealth.enabled: false` option); on by default. */
export function setClientHealthEnabled(on: boolean): void {
  enabled = on
  setSocketGapsEnabled(on)
}

/**
 * A timed request starts: the first one in flight starts the event-loop delay histogram and the CPU
 * clock; they run only while some request is in flight, so idle time and set-up do not count.
 */
export function timedRequestStarted(): void {
  if (!enabled) return
  if (inFlight++ > 0) return
  histogram ??= monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  histogram.enable()
  timedSince = performance.now()
  cpuSince = process.cpuUsage()
}

/** A timed request ended (whatever its outcome): the last one out stops the clocks. */
export function timedRequestEnded(): void {
  if (inFlight === 0) return
  if (--inFlight > 0) return
  histogram?.disable()
  timedMs += performance.now() - timedSince
  if (cpuSince) {
    const used = process.cpuUsage(cpuSince)
    cpuMicros += used.user + used.system
    cpuSince = null
  }
}

/** This worker's health so far (cumulative); null when no timed request ran. */
export function clientHealthSnapshot(): WorkerHealth | null {
  if (histogram === null) return null
  let wall = timedMs
  let cpu = cpuMicros
  if (inFlight > 0) {
    wall += performance.now() - timedSince
    if (cpuSince) {
      const used = process.cpuUsage(cpuSince)
      cpu += used.user + used.system
    }
  }
  const socketGap = socketGapSnapshot()
  return {
    id,
    pid: process.pid,
    timedMs: Math.round(wall * 1000) / 1000,
    delay: summarizeDelay(histogram, RESOLUTION_MS),
    cpuPct: cpuPercent(cpu, wall),
    ...(socketGap === null ? {} : { socketGap }),
  }
}
