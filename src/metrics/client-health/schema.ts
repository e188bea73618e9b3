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
  /** Per worker, sorted by pid then id. */
  workers: z.array(WorkerHealthSchema),
})

export type LoopDelay = z.infer<typeof LoopDelaySchema>
export type WorkerHealth = z.infer<typeof WorkerHealthSchema>
export type ClientHealthReport = z.infer<typeof ClientHealthReportSchema>
