import { z } from 'zod'

/**
 * A model's price in USD per 1M tokens. `cachedInput`: prompt tokens read from
 * the provider's prompt cache (absent: charged as `input`). `cacheWrite`: prompt
 * tokens written to it (Anthropic; absent: 1.25 × `input`, the 5-minute TTL rate).
 */
export const ModelPriceSchema = z.strictObject({
  input: z.number().min(0),
  output: z.number().min(0),
  cachedInput: z.number().min(0).optional(),
  cacheWrite: z.number().min(0).optional(),
})
export type ModelPrice = z.output<typeof ModelPriceSchema>

/** Anthropic's 5-minute cache write rate, as a multiple of the input price. */
export const CACHE_WRITE_FACTOR = 1.25

/**
 * The `pricing` option: prices by `<type>:<model>` (`openai:my-model`) or by a
 * provider id (`openai:stories@http://10.0.0.2:8080/v1`). They extend and
 * override the built-in table; a provider spec's own `price` wins over them.
 */
export const PricingOverridesSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_-]*:.+$/i, 'a "<type>:<model>" key such as "openai:my-model", or a provider id'),
  ModelPriceSchema,
)
export type PricingOverrides = z.output<typeof PricingOverridesSchema>

export const ZERO_PRICE: ModelPrice = { input: 0, output: 0, cachedInput: 0, cacheWrite: 0 }

export function isZeroPrice(price: ModelPrice): boolean {
  return price.input === 0 && price.output === 0 && (price.cachedInput ?? 0) === 0 && (price.cacheWrite ?? 0) === 0
}
