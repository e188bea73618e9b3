import { z } from 'zod'
import type { Distribution } from '../../metrics/percentile.ts'
import { LoadPointSchema } from '../../record/schema.ts'

/**
 * The `load` section of `results.json`: bench load profiles (`bench.load`), one entry per provider
 * and measurement (load level), with goodput against the `slo` option and the knee of each provider.
 * Kept apart from results-schema.ts so the load report is one idea in one place.
 */

const count = z.int().min(0)
const nullableNumber = z.number().nullable()

/** min, mean, p50/p90/p95/p99 (numpy-linear) and max; all null for an empty set (the shape of DistributionSchema). */
const DistributionSchema = z.object({
  count,
  min: nullableNumber,
  mean: nullableNumber,
  p50: nullableNumber,
  p90: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
  max: nullableNumber,
})

/** The `slo` option: bounds in ms a request must meet to count towards goodput. */
export const SloSchema = z.object({
  ttftMs: z.number().positive().optional(),
  tpotMs: z.number().positive().optional(),
  e2eMs: z.number().positive().optional(),
})

/** One provider at one load level. Throughputs are per second over the measurement's span. */
export const LoadMeasurementSchema = z.object({
  provider: z.string(),
  model: z.string(),
  measurement: LoadPointSchema.shape.measurement,
  label: LoadPointSchema.shape.label,
  kind: LoadPointSchema.shape.kind,
  concurrency: LoadPointSchema.shape.concurrency,
  ratePerS: LoadPointSchema.shape.ratePerS,
  /** Requests that ran (skipped ones left out; replayed ones are counted apart in `replayed` and not here). */
  requests: count,
  /** Requests that answered (not an error or a timeout). */
  completed: count,
  /** Requests that ended in an error or a timeout. */
  errors: count,
  /** errors / requests; null when none ran. */
  errorRate: z.number().min(0).max(1).nullable(),
  /** Records answered from recordings or the cache: no request was sent, they are in no figure here. */
  replayed: count,
  /** Requests whose matchers all passed. */
  passed: count,
  /** First request sent → last response ended, seconds; null when no request has timings. */
  durationS: nullableNumber,
  /** completed / durationS. */
  requestsPerSecond: nullableNumber,
  /** Output tokens / durationS. */
  outputTokensPerSecond: nullableNumber,
  /** Input + output tokens / durationS. */
  totalTokensPerSecond: nullableNumber,
  ttftMs: DistributionSchema,
  tpotMs: DistributionSchema,
  /** Every inter-token gap of every streamed request of the measurement, pooled. */
  itlMs: DistributionSchema,
  e2eMs: DistributionSchema,
  /** Wait for the load profile's slot or scheduled time before the request was sent. */
  queueMs: DistributionSchema,
  /** Most requests in flight at one moment (send → end intervals, an end before a start at the same instant). */
  peakConcurrency: count,
  /** Requests that answered within every bound of `slo`; null without `slo`. */
  sloMet: count.nullable(),
  /** sloMet / durationS: requests per second meeting the SLOs; null without `slo` (see `goodputNote`). */
  goodput: nullableNumber,
  /** Requests that met the SLOs and passed their matchers; null without `slo`. */
  qualityMet: count.nullable(),
  /** qualityMet / durationS; null without `slo`. */
  qualityGoodput: nullableNumber,
  /** This measurement is its provider's knee (see `knees`). */
  knee: z.boolean(),
})

/** Where a provider's load curve bends: the last load level before throughput stops rising, goodput falls or latency climbs. */
export const KneeSchema = z.object({
  provider: z.string(),
  /** The knee's measurement and label; null when none was found (then `reason` says why). */
  measurement: z.int().min(0).nullable(),
  label: z.string().nullable(),
  reason: z.string(),
})

export const LoadReportSchema = z.object({
  /** The `slo` option the goodput figures were held against; null when none was given. */
  slo: SloSchema.nullable(),
  /** Why goodput is null (no `slo` option); null when it was computed. */
  goodputNote: z.string().nullable(),
  /** Ordered by provider, then load level (as the knee reads them). */
  measurements: z.array(LoadMeasurementSchema),
  /** One per provider. */
  knees: z.array(KneeSchema),
})

export type Slo = z.infer<typeof SloSchema>
export type LoadMeasurement = z.infer<typeof LoadMeasurementSchema>
export type Knee = z.infer<typeof KneeSchema>
export type LoadReport = z.infer<typeof LoadReportSchema>

// the distribution here and the one `summarize` returns must stay one type
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const distributionsAgree: Same<z.infer<typeof DistributionSchema>, Distribution> = true
void distributionsAgree
