import type { LoadProfile } from '../../config/load-profile.ts'
import type { LoadPoint } from '../../record/schema.ts'

/**
 * The measurements of a load profile, in the order they run. A sweep's rate levels are known
 * only at run time (from the synchronous and throughput measurements before them): they carry
 * their position instead of a rate.
 */
export type MeasurementPlan =
  | { index: number; kind: 'concurrency'; concurrency: number; title: string }
  | { index: number; kind: 'rate'; ratePerS: number; title: string }
  | { index: number; kind: 'sweep-rate'; position: number; of: number; title: string }
  | { index: number; kind: 'synchronous' | 'throughput'; title: string }

export function planMeasurements(profile: LoadProfile): MeasurementPlan[] {
  if (profile.sweep !== undefined) {
    const rates = profile.sweep === true ? 8 : profile.sweep.rates
    return [
      { index: 0, kind: 'synchronous', title: 'synchronous' },
      { index: 1, kind: 'throughput', title: 'throughput' },
      ...Array.from({ length: rates }, (_, i) => ({ index: i + 2, kind: 'sweep-rate' as const, position: i + 1, of: rates, title: `sweep rate ${i + 1}/${rates}` })),
    ]
  }
  if (profile.rate !== undefined) {
    const rates = typeof profile.rate === 'number' ? [profile.rate] : profile.rate
    return rates.map((ratePerS, index) => ({ index, kind: 'rate', ratePerS, title: rateLabel(ratePerS) }))
  }
  const levels = typeof profile.concurrency === 'number' ? [profile.concurrency] : (profile.concurrency ?? [])
  return levels.map((concurrency, index) => ({ index, kind: 'concurrency', concurrency, title: `concurrency=${concurrency}` }))
}

/** `rate=10/s`, `rate=2.35/s` (two decimals at most). */
export function rateLabel(ratePerS: number): string {
  return `rate=${Number(ratePerS.toFixed(2))}/s`
}

/**
 * A sweep's rate levels between the synchronous and the throughput request rates: `of` rates
 * evenly spaced strictly between the two (position 1..of); the synchronous rate when throughput
 * was no higher.
 */
export function sweepRate(position: number, of: number, synchronousPerS: number, throughputPerS: number): number {
  const high = Math.max(synchronousPerS, throughputPerS)
  return synchronousPerS + ((high - synchronousPerS) * position) / (of + 1)
}

/** The level a measurement runs at on one provider, as records carry it (`scheduledMs` is per request). */
export type Level = Omit<LoadPoint, 'scheduledMs'>
