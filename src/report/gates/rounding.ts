import type { ProviderNumbers } from './types.ts'

/**
 * How the baseline stores numbers (scores to 4 decimals, milliseconds to 0.1,
 * USD to 10 decimals): rewriting the baseline after an unchanged run changes
 * no line, and a run is compared with the baseline at the same precision.
 */
export const DECIMALS = { score: 4, ms: 1, usd: 10 } as const

export function roundTo<T extends number | null>(value: T, decimals: number): T {
  if (value === null) return value
  const factor = 10 ** decimals
  return (Math.round(value * factor) / factor) as T
}

/** A provider's numbers at the baseline's precision. */
export function roundProviderNumbers<T extends ProviderNumbers>(p: T): T {
  return { ...p, passRate: roundTo(p.passRate, DECIMALS.score), e2eP95Ms: roundTo(p.e2eP95Ms, DECIMALS.ms), cost: roundTo(p.cost, DECIMALS.usd) }
}
