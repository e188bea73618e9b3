import { percentileOfSorted } from '../../metrics/percentile.ts'
import type { Interval } from './interval.ts'
import { assertConfidence } from './normal.ts'
import { mulberry32 } from './prng.ts'

export interface BootstrapOptions {
  /** Seed of the resampling generator: the same seed and sample give the same interval. Default 1. */
  seed?: number
  /** Number of resamples. Default 2000. */
  resamples?: number
  /** Confidence level. Default 0.95. */
  confidence?: number
}

/** Resolved bootstrap options with their defaults. */
export function bootstrapSettings(options: BootstrapOptions = {}): Required<BootstrapOptions> {
  const settings = { seed: options.seed ?? 1, resamples: options.resamples ?? 2000, confidence: options.confidence ?? 0.95 }
  assertConfidence(settings.confidence)
  if (!Number.isInteger(settings.resamples) || settings.resamples < 1) throw new RangeError(`resamples must be a whole number ≥ 1, found ${settings.resamples}`)
  return settings
}

/**
 * The percentile bootstrap: `resamples` times, draw `size` indices with
 * replacement (seeded mulberry32), compute the statistic on them, and take the
 * (1−confidence)/2 and (1+confidence)/2 percentiles of those statistics.
 * `statistic(indices)` reads the data itself, so paired data resamples whole pairs.
 */
export function bootstrapIndices(size: number, statistic: (indices: Uint32Array) => number, estimate: number, options: BootstrapOptions = {}): Interval {
  const { seed, resamples, confidence } = bootstrapSettings(options)
  if (size === 0) return { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN, confidence }
  const random = mulberry32(seed)
  const indices = new Uint32Array(size)
  const statistics = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < size; i++) indices[i] = Math.floor(random() * size)
    statistics[r] = statistic(indices)
  }
  statistics.sort()
  const tail = ((1 - confidence) / 2) * 100
  return { estimate, lower: percentileOfSorted(statistics, tail) as number, upper: percentileOfSorted(statistics, 100 - tail) as number, confidence }
}

function mean(values: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  return sum / values.length
}

/** A bootstrap interval for the mean of a sample (e.g. the mean score over cases). */
export function bootstrapMean(sample: readonly number[], options: BootstrapOptions = {}): Interval {
  return bootstrapIndices(
    sample.length,
    (indices) => {
      let sum = 0
      for (const i of indices) sum += sample[i] as number
      return sum / indices.length
    },
    mean(sample),
    options,
  )
}

/**
 * A bootstrap interval for the q-th percentile (0..100) of a sample (e.g. the
 * latency p50 or p95), with the same linear-interpolation percentile the report
 * prints. Resamples draw indices into the sorted sample and count them, so the
 * order statistics are found by one O(n) walk per resample, with no sorting.
 */
export function bootstrapPercentile(sample: readonly number[], q: number, options: BootstrapOptions = {}): Interval {
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile must be in 0..100, found ${q}`)
  const sorted = Float64Array.from(sample).sort()
  const n = sorted.length
  const counts = new Uint32Array(n)
  const rank = (q / 100) * (n - 1)
  const lowRank = Math.floor(rank)
  const highRank = Math.ceil(rank)
  return bootstrapIndices(
    n,
    (indices) => {
      counts.fill(0)
      for (const i of indices) counts[i] = (counts[i] as number) + 1
      // the values at positions lowRank and highRank of the resample once sorted
      let seen = 0
      let low = Number.NaN
      for (let i = 0; i < n; i++) {
        seen += counts[i] as number
        if (Number.isNaN(low) && seen > lowRank) low = sorted[i] as number
        if (seen > highRank) {
          const high = sorted[i] as number
          return low + (high - low) * (rank - lowRank)
        }
      }
      return low
    },
    n === 0 ? Number.NaN : (percentileOfSorted(sorted, q) as number),
    options,
  )
}
