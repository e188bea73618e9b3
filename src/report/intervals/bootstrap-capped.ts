import { percentileOfSorted } from '../../metrics/percentile.ts'
import type { BootstrapInterval } from './schema.ts'

/** The most values a bootstrap resamples: a larger sample is thinned to this many first (see below). */
export const BOOTSTRAP_CAP = 1000
/** Resamples per interval. */
export const BOOTSTRAP_RESAMPLES = 1000
/** Every interval uses the same seed: the same records always give the same bounds. */
export const BOOTSTRAP_SEED = 1

/**
 * Seeded percentile-bootstrap 95% intervals of several percentiles (0..100)
 * of `values` (non-finite ones left out), from the same resamples; each null
 * under 2 values. The work is bounded: at most BOOTSTRAP_CAP values ×
 * BOOTSTRAP_RESAMPLES draws and one sort, whatever the sample's size. A larger
 * sample (n > cap) is thinned to m = cap evenly spaced order statistics (the
 * ⌊(j + ½)·n/m⌋-th smallest, which keep its shape), bootstrapped, and the
 * interval's distances from the thinned sample's estimate are scaled by
 * √(m/n), the ratio of the two samples' standard errors for a √n-consistent
 * statistic (percentiles and means are), around the whole sample's estimate.
 */
export function percentileBootstraps(values: readonly number[], percentiles: readonly number[], confidence = 0.95): Array<BootstrapInterval | null> {
  return percentileBootstrapsOfSorted(sortedFinite(values), percentiles, confidence)
}

/** percentileBootstraps of values already sorted ascending, every one finite (a caller that needs them sorted anyway: one sort). */
export function percentileBootstrapsOfSorted(sorted: Float64Array, percentiles: readonly number[], confidence = 0.95): Array<BootstrapInterval | null> {
  const n = sorted.length
  if (n < 2) return percentiles.map(() => null)
  const thinned = thin(sorted)
  const m = thinned.length
  const plan = percentilePlan(m, percentiles)
  return percentiles.map((q, k) => {
    const rank = (q / 100) * (m - 1)
    const fraction = rank - Math.floor(rank)
    const low = plan.low[k] as Uint32Array
    const high = plan.high[k] as Uint32Array
    const resampled = new Float64Array(BOOTSTRAP_RESAMPLES)
    for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
      const lowValue = thinned[low[r] as number] as number
      resampled[r] = lowValue + ((thinned[high[r] as number] as number) - lowValue) * fraction
    }
    resampled.sort()
    const small = percentileOfSorted(thinned, q) as number
    const estimate = percentileOfSorted(sorted, q) as number
    return scaled(estimate, small, resampled, n, m, confidence)
  })
}

/**
 * Where each resample's percentiles lie in a sorted sample of m values: for
 * resample r and the k-th percentile, the positions of the two order
 * statistics it interpolates between. The draws depend on nothing but the
 * seed and m, so neither do these: they are made once per m (every group
 * over BOOTSTRAP_CAP values has m = BOOTSTRAP_CAP) and each interval then
 * reads BOOTSTRAP_RESAMPLES pairs of values instead of drawing m ×
 * BOOTSTRAP_RESAMPLES numbers; the bounds are the same to the bit.
 */
interface PercentilePlan {
  low: Uint32Array[]
  high: Uint32Array[]
}

const percentilePlans = new Map<string, PercentilePlan>()

function percentilePlan(m: number, percentiles: readonly number[]): PercentilePlan {
  const key = `${m}:${percentiles.join(',')}`
  const known = percentilePlans.get(key)
  if (known) return known
  const ranks = percentiles.map((q) => (q / 100) * (m - 1))
  const plan: PercentilePlan = { low: percentiles.map(() => new Uint32Array(BOOTSTRAP_RESAMPLES)), high: percentiles.map(() => new Uint32Array(BOOTSTRAP_RESAMPLES)) }
  const counts = new Uint32Array(m)
  // stats/prng.ts's mulberry32 inlined (the same sequence, so the same bounds as bootstrapPercentile)
  let state = BOOTSTRAP_SEED >>> 0
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    counts.fill(0)
    for (let i = 0; i < m; i++) {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      const at = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * m)
      counts[at] = (counts[at] as number) + 1
    }
    // one walk up the sorted positions finds every percentile's two order statistics of the resample
    let seen = 0
    let next = 0
    for (let i = 0; i < m && next < ranks.length; i++) {
      seen += counts[i] as number
      while (next < ranks.length) {
        const rank = ranks[next] as number
        const low = Math.floor(rank)
        const high = Math.ceil(rank)
        if (seen <= low) break
        // the high order statistic may lie further up
        let highAt = i
        if (seen <= high) {
          let j = i + 1
          while (j < m && (counts[j] as number) === 0) j++
          highAt = j
        }
        ;(plan.low[next] as Uint32Array)[r] = i
        ;(plan.high[next] as Uint32Array)[r] = highAt
        next++
      }
    }
  }
  remember(percentilePlans, key, plan)
  return plan
}

/** A seeded bootstrap 95% interval of the mean of `values` (non-finite ones left out), capped as above; null under 2 values. */
export function meanBootstrap(values: readonly number[], confidence = 0.95): BootstrapInterval | null {
  const sorted = sortedFinite(values)
  const n = sorted.length
  if (n < 2) return null
  const thinned = thin(sorted)
  const small = meanOfResamples(thinned, confidence)
  let total = 0
  for (const v of sorted) total += v
  const estimate = total / n
  const scale = Math.sqrt(thinned.length / n)
  return { lower: Math.min(estimate, estimate - (small.estimate - small.lower) * scale), upper: Math.max(estimate, estimate + (small.upper - small.estimate) * scale), method: 'bootstrap', confidence }
}

/**
 * stats/bootstrap.ts's `bootstrapMean(sample, { seed: BOOTSTRAP_SEED,
 * resamples: BOOTSTRAP_RESAMPLES })`, to the bit: each resample's mean sums
 * the drawn values in the order drawn. The draws depend only on the seed and
 * the sample's size, so they are made once per size (meanPlan) and read from
 * there instead of drawn again for every group.
 */
function meanOfResamples(sample: Float64Array, confidence: number): { estimate: number; lower: number; upper: number } {
  const m = sample.length
  const plan = meanPlan(m)
  const statistics = new Float64Array(BOOTSTRAP_RESAMPLES)
  for (let r = 0, at = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    let total = 0
    for (let i = 0; i < m; i++, at++) total += sample[plan[at] as number] as number
    statistics[r] = total / m
  }
  statistics.sort()
  let total = 0
  for (let i = 0; i < m; i++) total += sample[i] as number
  const tail = ((1 - confidence) / 2) * 100
  return { estimate: total / m, lower: percentileOfSorted(statistics, tail) as number, upper: percentileOfSorted(statistics, 100 - tail) as number }
}

const meanPlans = new Map<number, Uint16Array>()

/** The indices every resample draws from a sample of m ≤ BOOTSTRAP_CAP values, in order (m × BOOTSTRAP_RESAMPLES of them: 2 MB at the cap). */
function meanPlan(m: number): Uint16Array {
  const known = meanPlans.get(m)
  if (known) return known
  const plan = new Uint16Array(m * BOOTSTRAP_RESAMPLES)
  // mulberry32 (stats/prng.ts), inlined: the same sequence as bootstrapIndices draws
  let state = BOOTSTRAP_SEED >>> 0
  for (let at = 0; at < plan.length; at++) {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    plan[at] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * m)
  }
  remember(meanPlans, m, plan)
  return plan
}

/** Plans kept per cache: the cap's and a few smaller samples' (a run has few sizes under the cap that repeat). */
const PLANS_KEPT = 8

function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= PLANS_KEPT) cache.delete(cache.keys().next().value as K)
  cache.set(key, value)
}

/** The finite values, sorted ascending, in a new Float64Array. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length)
  let count = 0
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number
    if (Number.isFinite(v)) out[count++] = v
  }
  return out.subarray(0, count).sort()
}

/** The sorted sample itself when it has at most BOOTSTRAP_CAP values, else that many evenly spaced order statistics. */
function thin(sorted: Float64Array): Float64Array {
  const n = sorted.length
  if (n <= BOOTSTRAP_CAP) return sorted
  const m = BOOTSTRAP_CAP
  const out = new Float64Array(m)
  for (let j = 0; j < m; j++) out[j] = sorted[Math.floor(((j + 0.5) * n) / m)] as number
  return out
}

function scaled(estimate: number, small: number, resampled: Float64Array, n: number, m: number, confidence: number): BootstrapInterval {
  const tail = ((1 - confidence) / 2) * 100
  const lowerSmall = percentileOfSorted(resampled, tail) as number
  const upperSmall = percentileOfSorted(resampled, 100 - tail) as number
  const scale = Math.sqrt(m / n)
  return { lower: Math.min(estimate, estimate - (small - lowerSmall) * scale), upper: Math.max(estimate, estimate + (upperSmall - small) * scale), method: 'bootstrap', confidence }
}
