import type { ClientHealthReport, LoopDelay, WorkerHealth } from './schema.ts'

/** What the summary reads of a Node histogram (perf_hooks: values in nanoseconds). */
export interface DelayHistogram {
  readonly count: number
  readonly max: number
  readonly mean: number
  percentile(p: number): number
}

const NS_PER_MS = 1e6

/**
 * p50/p99/max/mean in ms of an event-loop delay histogram; null when it holds no sample. Node's
 * `monitorEventLoopDelay` records each tick's whole interval (an idle loop reads about
 * `resolutionMs`): that resolution is taken off, so an idle loop reads about 0.
 */
export function summarizeDelay(h: DelayHistogram, resolutionMs = 0): LoopDelay | null {
  if (h.count === 0) return null
  const msOf = (ns: number): number => round(Math.max(0, ns / NS_PER_MS - resolutionMs))
  return { p50Ms: msOf(h.percentile(50)), p99Ms: msOf(h.percentile(99)), maxMs: msOf(h.max), meanMs: msOf(h.mean), samples: h.count }
}

/** CPU time (µs, user + system) over wall time (ms) as % of one core; null without time. */
export function cpuPercent(cpuMicros: number, wallMs: number): number | null {
  if (!(wallMs > 0)) return null
  return round((cpuMicros / 1000 / wallMs) * 100)
}

/**
 * The run's client health from its workers' summaries: one entry per monitor (a worker that ran
 * several files sends cumulative snapshots: the one with the most timed time is kept), the worst p99
 * held against `maxLagMs`.
 */
export function summarizeClientHealth(workers: readonly WorkerHealth[], maxLagMs: number, mainCpuPct: number | null): ClientHealthReport {
  const byId = new Map<string, WorkerHealth>()
  for (const w of workers) {
    const seen = byId.get(w.id)
    if (!seen || w.timedMs > seen.timedMs) byId.set(w.id, w)
  }
  const kept = [...byId.values()].sort((a, b) => a.pid - b.pid || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const delays = kept.flatMap((w) => (w.delay ? [w.delay] : []))
  const p99Ms = delays.length > 0 ? Math.max(...delays.map((d) => d.p99Ms)) : null
  const maxMs = delays.length > 0 ? Math.max(...delays.map((d) => d.maxMs)) : null
  const gaps = kept.flatMap((w) => (w.socketGap ? [w.socketGap] : []))
  const gapP99s = gaps.flatMap((g) => (g.p99Ms === null ? [] : [g.p99Ms]))
  const gapMaxes = gaps.flatMap((g) => (g.maxMs === null ? [] : [g.maxMs]))
  const socketGapP99Ms = gapP99s.length > 0 ? Math.max(...gapP99s) : null
  const note = gapP99s.length === 0 ? gaps.find((g) => g.note !== undefined)?.note : undefined
  // the client's lag: the worse of the loop's delay (bytes waiting to be read) and the read-to-timed gap
  const lag = clientLagMs({ p99Ms, socketGapP99Ms })
  const clientBound = lag !== null && lag > maxLagMs
  return {
    maxLagMs,
    p99Ms,
    maxMs,
    clientBound,
    excessMs: clientBound ? round(lag - maxLagMs) : 0,
    mainCpuPct,
    ...(gaps.length > 0 ? { socketGapP99Ms, socketGapMaxMs: gapMaxes.length > 0 ? Math.max(...gapMaxes) : null } : {}),
    ...(note === undefined ? {} : { socketGapNote: note }),
    workers: kept,
  }
}

/**
 * The client's lag held against `maxLagMs` (and `gates.maxClientLagMs`): the worse p99 of the event-loop
 * delay and the socket-to-timed gap; null when neither was measured.
 */
export function clientLagMs(report: { p99Ms: number | null; socketGapP99Ms?: number | null | undefined }): number | null {
  const values = [report.p99Ms, report.socketGapP99Ms ?? null].filter((v): v is number => v !== null)
  return values.length > 0 ? Math.max(...values) : null
}

/** One line for the terminal and summary.md: what the client's health means for the latency figures. */
export function clientHealthLine(report: ClientHealthReport): string {
  const cpu = report.workers.flatMap((w) => (w.cpuPct === null ? [] : [w.cpuPct]))
  const cpuText = cpu.length > 0 ? `, worker CPU up to ${Math.max(...cpu).toFixed(0)}%` : ''
  const mainText = report.mainCpuPct === null ? '' : `, main ${report.mainCpuPct.toFixed(0)}%`
  const n = report.workers.length
  const gap = report.socketGapP99Ms === undefined ? '' : report.socketGapP99Ms === null ? ', socket-to-timed gap -' : `, socket-to-timed gap p99 ${fmt(report.socketGapP99Ms)}`
  const figures = `event-loop delay p99 ${fmt(report.p99Ms)}, max ${fmt(report.maxMs)}${gap} (${n} worker${n === 1 ? '' : 's'}${cpuText}${mainText})`
  if (report.clientBound) {
    return `client-bound: latency figures include up to ${fmt(report.excessMs)} of client delay beyond the ${fmt(report.maxLagMs)} threshold; ${figures}`
  }
  return `client health: ${figures}`
}

function fmt(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(v < 10 ? 1 : 0)} ms`
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000
}
