import { percentileOfSorted } from '../../metrics/percentile.ts'
import { bootstrapMean } from '../stats/bootstrap.ts'
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
  const sorted = sortedFinite(values)
  const n = sorted.length
  if (n < 2) return percentiles.map(() => null)
  const thinned = thin(sorted)
  const m = thinned.length
  const ranks = percentiles.map((q) => (q / 100) * (m - 1))
  const statistics = percentiles.map(() => new Float64Array(BOOTSTRAP_RESAMPLES))
  const counts = new Uint32Array(m)
  // stats/prng.ts's mulberry32 inlined (the same sequence, so the same bounds as bootstrapPercentile): the draws are the hot loop
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
    // one walk up the sorted values finds every percentile's two order statistics of the resample
    let seen = 0
    let next = 0
    for (let i = 0; i < m && next < ranks.length; i++) {
      seen += counts[i] as number
      while (next < ranks.length) {
        const rank = ranks[next] as number
        const low = Math.floor(rank)
        const high = Math.ceil(rank)
        if (seen <= low) break
        const lowValue = thinned[i] as number
        // the high order statistic may lie further up
        let highValue = lowValue
        if (seen <= high) {
          let j = i + 1
          while (j < m && (counts[j] as number) === 0) j++
          highValue = thinned[j] as number
        }
        ;(statistics[next] as Float64Array)[r] = lowValue + (highValue - lowValue) * (rank - low)
        next++
      }
    }
  }
  return percentiles.map((q, k) => {
    const resampled = (statistics[k] as Float64Array).sort()
    const small = percentileOfSorted(thinned, q) as number
    const estimate = percentileOfSorted(sorted, q) as number
    return scaled(estimate, small, resampled, n, m, confidence)
  })
}

/** A seeded bootstrap 95% interval of the mean of `values` (non-finite ones left out), capped as above; null under 2 values. */
export function meanBootstrap(values: readonly number[], confidence = 0.95): BootstrapInterval | null {
  const sorted = sortedFinite(values)
  const n = sorted.length
  if (n < 2) return null
  const thinned = thin(sorted)
  const small = bootstrapMean(Array.from(thinned), { seed: BOOTSTRAP_SEED, resamples: BOOTSTRAP_RESAMPLES, confidence })
  let total = 0
  for (const v of sorted) total += v
  const estimate = total / n
  const scale = Math.sqrt(thinned.length / n)
  return { lower: Math.min(estimate, estimate - (small.estimate - small.lower) * scale), upper: Math.max(estimate, estimate + (small.upper - small.estimate) * scale), method: 'bootstrap', confidence }
}

function sortedFinite(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length)
  let count = 0
  for (const v of values) if (Number.isFinite(v)) out[count++] = v
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
