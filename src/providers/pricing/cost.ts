import type { Usage } from '../types.ts'
import { lookupPrice, unknownPriceNote, type PriceTarget } from './lookup.ts'
import { CACHE_WRITE_FACTOR, isZeroPrice, type ModelPrice, type PricingOverrides } from './price.ts'

/**
 * Token counts a cost is computed from (a provider's `Usage` is one):
 * `inputTokens` counts every prompt token, cache reads and writes included;
 * `cacheReadTokens` / `cacheWriteTokens` are the parts of it read from /
 * written to the provider's prompt cache.
 */
export interface CostUsage {
  inputTokens: number | null
  outputTokens: number | null
  cacheReadTokens?: number | null | undefined
  cacheWriteTokens?: number | null | undefined
  source?: Usage['source'] | undefined
}

export interface CostResult {
  /** USD; null when the price or the token counts are unknown (never 0 for an unknown). */
  cost: number | null
  /** Why `cost` is null, or how it was estimated; null when it is exact. */
  note: string | null
}

/**
 * What a call cost in USD: uncached input tokens at `input`, cache reads at
 * `cachedInput` (else `input`), cache writes at `cacheWrite` (else 1.25 ×
 * `input`), output tokens at `output`. A known zero price costs 0 whatever the
 * counts; `unknownNote` is the note for a null price.
 */
export function costOf(usage: CostUsage, price: ModelPrice | null, unknownNote = 'unknown price'): CostResult {
  if (price === null) return { cost: null, note: unknownNote }
  if (isZeroPrice(price)) return { cost: 0, note: null }
  const { inputTokens, outputTokens } = usage
  if (inputTokens === null || outputTokens === null) {
    return { cost: null, note: `token counts unknown (usage source: ${usage.source ?? 'none'})` }
  }
  const cachedRead = usage.cacheReadTokens ?? 0
  const cacheWrite = usage.cacheWriteTokens ?? 0
  const uncached = inputTokens - cachedRead - cacheWrite
  if (uncached < 0) {
    return { cost: null, note: `usage inconsistent: ${cachedRead} cached + ${cacheWrite} cache-write tokens exceed ${inputTokens} input tokens` }
  }
  const perMillion =
    uncached * price.input +
    cachedRead * (price.cachedInput ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input * CACHE_WRITE_FACTOR) +
    outputTokens * price.output
  const cost = Number((perMillion / 1_000_000).toPrecision(12))
  return { cost, note: usage.source === 'tokenizer' ? 'estimated from re-tokenised counts (the provider reported no usage)' : null }
}

/** `lookupPrice` then `costOf`: a call's cost and note for one provider. */
export function costFor(target: PriceTarget, usage: CostUsage, overrides: PricingOverrides = NO_OVERRIDES): CostResult {
  const { price, note } = priceOf(target, overrides)
  return costOf(usage, price, note)
}

const NO_OVERRIDES: PricingOverrides = {}

/**
 * A provider's price and unknown-price note, looked up once per provider spec and `pricing`
 * object (a worker calls this for every case with the same two objects; the lookup and the note
 * were ~1% of its CPU at 20,000 cases). Both are read-only once a run starts.
 */
const prices = new WeakMap<PriceTarget, WeakMap<PricingOverrides, { price: ModelPrice | null; note: string }>>()
function priceOf(target: PriceTarget, overrides: PricingOverrides): { price: ModelPrice | null; note: string } {
  let byOverrides = prices.get(target)
  if (!byOverrides) prices.set(target, (byOverrides = new WeakMap()))
  let found = byOverrides.get(overrides)
  if (!found) byOverrides.set(overrides, (found = { price: lookupPrice(target, overrides)?.price ?? null, note: unknownPriceNote(target) }))
  return found
}
