import { z } from 'zod'

/**
 * The interval fields of results.json's Stats (issue 13 §2). All optional in
 * the Stats schema, so a results.json written before them still parses.
 */

const confidence = z.number().gt(0).lt(1)

/** A pass rate's 95% interval: Wilson when every case ran once, clustered by case when a case has several samples or repeats. */
export const RateIntervalSchema = z.object({
  lower: z.number().min(0).max(1),
  upper: z.number().min(0).max(1),
  method: z.enum(['wilson', 'clustered']),
  confidence,
})

/** A seeded percentile-bootstrap interval of a latency percentile or a mean score. */
export const BootstrapIntervalSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  method: z.literal('bootstrap'),
  confidence,
})

/** Intervals of a latency distribution's p50 and p95; each null under 2 values. */
export const PercentileIntervalsSchema = z.object({
  p50: BootstrapIntervalSchema.nullable(),
  p95: BootstrapIntervalSchema.nullable(),
})

export type RateInterval = z.infer<typeof RateIntervalSchema>
export type BootstrapInterval = z.infer<typeof BootstrapIntervalSchema>
export type PercentileIntervals = z.infer<typeof PercentileIntervalsSchema>
