import { z } from 'zod'
import { passRateError } from './pass-rate.ts'

const rate = z.number().min(0).max(1, { error: passRateError })

/**
 * `gates.passRate`: the significance-aware pass-rate gates. `maxDrop` fails a run only when its
 * drop from the baseline is significant at `confidence` and larger than `maxDrop`; `minPassRate`
 * only when the run's pass rate is significantly below it. A result the sample cannot decide
 * (the interval straddles the limit) is `inconclusive`: a warning, or a failure with 'fail'.
 */
export const passRateGateOption = z
  .strictObject({
    /** The largest drop in pass rate (points of 0..1, 0.05 = 5 points) allowed against the baseline. */
    maxDrop: rate.optional(),
    /** The least pass rate (0..1) this run must be shown to meet (needs no baseline). */
    minPassRate: rate.optional(),
    /** Confidence of the intervals, strictly between 0 and 1. Default 0.95. */
    confidence: z
      .number()
      .gt(0, { error: (issue) => `expected a confidence strictly between 0 and 1 (e.g. 0.95), found ${String(issue.input)}` })
      .lt(1, { error: (issue) => `expected a confidence strictly between 0 and 1 (e.g. 0.95), found ${String(issue.input)}` })
      .default(0.95),
    /** An inconclusive result: 'warn' (reported, passes) or 'fail'. Default 'warn'. */
    inconclusive: z.enum(['warn', 'fail']).default('warn'),
  })
  .refine((o) => o.maxDrop !== undefined || o.minPassRate !== undefined, { error: 'expected maxDrop, minPassRate or both (e.g. { maxDrop: 0.05 })' })

/** `gates.noNewFailures`: true, or `{ majority: true }` to count a case only when it fails in a majority of its repeats. */
export const noNewFailuresOption = z.union([z.boolean(), z.strictObject({ majority: z.literal(true) })])
