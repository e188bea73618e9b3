import { z } from 'zod'

const ms = z.number().min(0)

/** Event-loop delay of one worker while its timed requests were in flight, in ms. */
export const LoopDelaySchema = z.strictObject({
  p50Ms: ms,
  p99Ms: ms,
  maxMs: ms,
  meanMs: ms,
  /** Samples in the histogram (one per `resolution` ms of loop time). */
  samples: z.int().min(0),
})

/**
 * The gap between a streamed chunk's bytes being read from the socket (undici's diagnostics event)
 * and the provider timing it, in ms: the client's own delay after the read (stream plumbing, the
 * SDK's parsing, work queued in the same turn). Bytes waiting in the kernel while the loop is blocked
 * are not in it (they are read late, then timed at once): that is the event-loop delay's part.
 */
export const SocketGapSchema = z.strictObject({
  /** Over every content chunk; null when no arrival was seen (see `note`). */
  p50Ms: ms.nullable(),
  p99Ms: ms.nullable(),
  maxMs: ms.nullable(),
  /** Over the first content chunk of each request (the TTFT's chunk). */
  firstP50Ms: ms.nullable(),
  firstP99Ms: ms.nullable(),
  /** Content chunks measured. */
  chunks: z.int().min(0),
  /** Content chunks timed with no socket arrival seen for their request. */
  unmeasured: z.int().min(0),
  /** Why the figures are null. */
  note: z.string().optional(),
})

/**
 * One worker's health (one monitor: one module instance in one process): what a dataset file's
 * module carries to the main process in `task.meta.llmBenchClientHealth`, and survives a blob.
 */
export const WorkerHealthSchema = z.strictObject({
  /** Unique per monitor instance (a worker that runs several files keeps one, cumulative). */
  id: z.string(),
  pid: z.int(),
  /** Time during which at least one timed request was in flight, ms. */
  timedMs: ms,
  /** Event-loop delay during that time; null when no sample was taken (too short). */
  delay: LoopDelaySchema.nullable(),
  /** CPU of the worker process (user + system) during that time, % of one core. */
  cpuPct: ms.nullable(),
  /** Socket-to-timed gap of its streamed chunks; null or absent when no HTTP provider's chunk was timed. */
  socketGap: SocketGapSchema.nullable().optional(),
})

/** `clientHealth` in results.json. */
export const ClientHealthReportSchema = z.strictObject({
  /** The threshold: p99 event-loop delay above it makes the latency figures client-bound. */
  maxLagMs: ms,
  /** Worst worker p99 delay, ms (null: no worker measured). */
  p99Ms: ms.nullable(),
  /** Worst worker max delay, ms. */
  maxMs: ms.nullable(),
  /** Some worker's p99 delay exceeded `maxLagMs` during timed requests. */
  clientBound: z.boolean(),
  /** By how much the worst p99 exceeded the threshold, ms (0 when not client-bound). */
  excessMs: ms,
  /** The main process's CPU over the run, % of one core; null in a merged report. */
  mainCpuPct: ms.nullable(),
  /** Worst worker socket-to-timed gap p99 / max over streamed chunks, ms; absent or null when none measured. */
  socketGapP99Ms: ms.nullable().optional(),
  socketGapMaxMs: ms.nullable().optional(),
  /** Why no gap was measured although chunks were timed (an older Node's fetch). */
  socketGapNote: z.string().optional(),
  /** Per worker, sorted by pid then id. */
  workers: z.array(WorkerHealthSchema),
})

export type LoopDelay = z.infer<typeof LoopDelaySchema>
export type SocketGap = z.infer<typeof SocketGapSchema>
export type WorkerHealth = z.infer<typeof WorkerHealthSchema>
export type ClientHealthReport = z.infer<typeof ClientHealthReportSchema>
