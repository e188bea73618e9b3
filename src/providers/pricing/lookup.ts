import { isOfficialOpenAI } from '../openai-options.ts'
import { modelNameCandidates } from './model-name.ts'
import { ZERO_PRICE, type ModelPrice, type PricingOverrides } from './price.ts'
import { BUILTIN_PRICES } from './table.ts'

/** What a price is looked up for: a provider spec fits (`ProviderSpec` is one). */
export interface PriceTarget {
  /** Provider id, e.g. `openai:gpt-4o-mini`. */
  id: string
  /** Provider type: `openai`, `anthropic`, `local`, `ollama`, ... */
  type: string
  model: string
  baseURL?: string | undefined
  /** The spec's own price: wins over everything else. */
  price?: ModelPrice | undefined
}

export type PriceSource = 'provider' | 'config' | 'local' | 'builtin'

export interface PriceMatch {
  price: ModelPrice
  /** Where it came from: the spec's `price`, the `pricing` option, a local model (free), the built-in table. */
  source: PriceSource
  /** The key it was found under (`openai:gpt-4o` for `gpt-4o-2024-08-06`). */
  key: string
}

/** Provider types that run on this machine: free unless priced in the config. */
const LOCAL_TYPES = new Set(['local', 'ollama'])

/** Endpoints whose prices the built-in table lists: the provider's own API. */
const OFFICIAL: Readonly<Record<string, (baseURL: string | undefined) => boolean>> = {
  openai: isOfficialOpenAI,
  anthropic: (baseURL) => baseURL === undefined || hostOf(baseURL) === 'api.anthropic.com',
}

/**
 * The price of a provider's calls: its spec's `price`; else the `pricing`
 * option by provider id, then by `<type>:<model>` (exact, then the dated
 * snapshot's base model); else 0 for a model served on this machine (`local`,
 * `ollama`, or any server on a loopback address); else the built-in table, for
 * the provider's own API only (a proxy or another vendor's compatible server
 * may charge anything). Null when unknown.
 */
export function lookupPrice(target: PriceTarget, overrides: PricingOverrides = {}): PriceMatch | null {
  if (target.price) return { price: target.price, source: 'provider', key: target.id }
  const configured = fromOverrides(target, overrides)
  if (configured) return configured
  if (LOCAL_TYPES.has(target.type) || isLoopback(target.baseURL)) return { price: ZERO_PRICE, source: 'local', key: target.id }
  if (!OFFICIAL[target.type]?.(target.baseURL)) return null
  const table = BUILTIN_PRICES[target.type] ?? {}
  for (const name of modelNameCandidates(target.model)) {
    const price = table[name]
    if (price) return { price, source: 'builtin', key: `${target.type}:${name}` }
  }
  return null
}

/** Why a price is unknown, and how to give one. */
export function unknownPriceNote(target: PriceTarget): string {
  const key = `${target.type}:${target.model}`
  const where = OFFICIAL[target.type] && !OFFICIAL[target.type]?.(target.baseURL) ? ' (the built-in table covers the provider\'s own API only)' : ''
  return `unknown price for ${target.id}${where}; add it to pricing: { '${key}': { input, output, cachedInput } } (USD per 1M tokens) or set the provider's price`
}

function fromOverrides(target: PriceTarget, overrides: PricingOverrides): PriceMatch | null {
  const byKey = new Map(Object.entries(overrides).map(([key, price]) => [key.toLowerCase(), { key, price }]))
  const keys = [target.id.toLowerCase(), ...modelNameCandidates(target.model).map((name) => `${target.type.toLowerCase()}:${name}`)]
  for (const key of keys) {
    const hit = byKey.get(key)
    if (hit) return { price: hit.price, source: 'config', key: hit.key }
  }
  return null
}

function isLoopback(baseURL: string | undefined): boolean {
  if (baseURL === undefined) return false
  const host = hostOf(baseURL)
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host ?? '')
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase()
  } catch {
    return null
  }
}
