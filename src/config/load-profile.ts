import { z } from 'zod'

/**
 * `bench.load`: a load profile for `vitest bench` (vLLM `bench serve` / GuideLLM style). Each
 * measurement (one load level) sends the dataset's cases (× `bench.iterations` passes) on each
 * provider; measurements run one after the other. Exactly one of `concurrency`, `rate` or `sweep`.
 */

/** Inter-arrival times of a rate level: evenly spaced, exponential (Poisson process) or gamma (burstiness < 1 is burstier than Poisson). */
export const ArrivalsSchema = z.union([
  z.enum(['constant', 'poisson']),
  z.strictObject({
    type: z.literal('gamma'),
    /** The gamma shape: 1 is Poisson, below 1 burstier, above 1 more regular (vLLM's `--burstiness`). */
    burstiness: z.number().positive(),
  }),
])

const positiveList = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1, 'at least one level')])

export const LoadProfileSchema = z
  .strictObject({
    /** Requests in flight at once, per provider: `4`, or a list (one measurement per level, in order). */
    concurrency: positiveList(z.int().positive()).optional(),
    /** Requests per second, per provider: `10`, or a list (one measurement per rate, in order). */
    rate: positiveList(z.number().positive()).optional(),
    /**
     * GuideLLM's sweep: a synchronous measurement (1 in flight), a throughput one (every request at
     * once, up to the provider's `concurrency`), then `rates` (default 8) rate levels evenly between
     * the two measured request rates.
     */
    sweep: z.union([z.literal(true), z.strictObject({ rates: z.int().min(1).max(100).default(8) })]).optional(),
    /** How requests of a rate level arrive: `constant` (default), `poisson`, or `{ type: 'gamma', burstiness }`. */
    arrivals: ArrivalsSchema.optional(),
    /** Seed of the random inter-arrival times (poisson, gamma): the same seed gives the same schedule. */
    seed: z.int().default(0),
    /** The level (rate or concurrency) grows linearly from 0 to its value over this time (ms) at the start of each measurement. */
    rampUpMs: z.int().min(0).default(0),
    /** Requests sent on each provider once, before its first measurement, and not recorded (connections and caches warm). */
    warmupRequests: z.int().min(0).default(1),
    /** A measurement sends no new request after this time (ms from its start); those in flight finish. */
    maxDurationMs: z.int().positive().optional(),
    /** A measurement sends at most this many requests per provider. */
    maxRequests: z.int().positive().optional(),
    /** A measurement stops sending once the fraction of failed requests exceeds this, after `errorRateMinRequests` have ended. */
    maxErrorRate: z.number().min(0).max(1).optional(),
    /** Requests that must have ended before `maxErrorRate` can stop a measurement (default 10). */
    errorRateMinRequests: z.int().positive().default(10),
  })
  .check((ctx) => {
    const profile = ctx.value
    const given = (['concurrency', 'rate', 'sweep'] as const).filter((key) => profile[key] !== undefined)
    if (given.length !== 1) {
      const found = given.length === 0 ? 'none of them' : given.join(' and ')
      ctx.issues.push({ code: 'custom', input: profile, message: `give exactly one of concurrency, rate or sweep (found ${found})` })
    }
    if (profile.arrivals !== undefined && profile.concurrency !== undefined) {
      ctx.issues.push({ code: 'custom', input: profile.arrivals, path: ['arrivals'], message: 'arrivals apply to rate and sweep levels, not to concurrency levels' })
    }
  })

export type LoadProfileInput = z.input<typeof LoadProfileSchema>
export type LoadProfile = z.output<typeof LoadProfileSchema>
export type Arrivals = z.output<typeof ArrivalsSchema>

/**
 * What the options cannot say alone (preflight, bench mode): a concurrency level above a
 * provider's own `concurrency` limit would never have that many requests in flight.
 */
export function loadProfileProblems(profile: LoadProfile | undefined, providers: readonly { id: string; concurrency: number }[]): string[] {
  if (!profile?.concurrency) return []
  const levels = typeof profile.concurrency === 'number' ? [profile.concurrency] : profile.concurrency
  const top = Math.max(...levels)
  return providers
    .filter((p) => p.concurrency < top)
    .map((p) => `bench.load.concurrency: level ${top} is above provider "${p.id}"'s concurrency limit ${p.concurrency}, so it would never have ${top} requests in flight; raise the provider's \`concurrency\` to at least ${top} or lower the level`)
}
