import type { ModelPrice } from './price.ts'

/**
 * Built-in prices, USD per 1M tokens, standard (non-batch, non-priority) tier.
 *
 * Sources: OpenAI https://openai.com/api/pricing/ and
 * https://platform.openai.com/docs/pricing; Anthropic https://www.anthropic.com/pricing#api
 * and https://docs.claude.com/en/docs/about-claude/pricing.
 *
 * As of PRICES_CHECKED, written from those pages as known at that date, NOT
 * re-read when this file was written (it was written offline). Entries marked
 * `unsure` are the least certain; check them (and the date) before relying on
 * the totals, and override anything stale with the `pricing` option.
 *
 * Not modelled: Anthropic's long-context rate (Sonnet 4/4.5 prompts over 200K
 * tokens cost 6 / 22.50), its 1-hour cache writes (2 × input), batch and
 * priority tiers, OpenAI's flex tier.
 */
export const PRICES_CHECKED = '2025-11'

export const PRICE_SOURCES: Readonly<Record<string, string>> = {
  openai: 'https://openai.com/api/pricing/',
  anthropic: 'https://www.anthropic.com/pricing#api',
}

/** Anthropic: cache reads 0.1 × input, 5-minute cache writes 1.25 × input. */
function anthropic(input: number, output: number): ModelPrice {
  return { input, output, cachedInput: round(input * 0.1), cacheWrite: round(input * 1.25) }
}

function round(value: number): number {
  return Number(value.toPrecision(12))
}

export const BUILTIN_PRICES: Readonly<Record<string, Readonly<Record<string, ModelPrice>>>> = {
  openai: {
    'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125 },
    'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025 },
    'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005 },
    'gpt-5-chat-latest': { input: 1.25, output: 10, cachedInput: 0.125 },
    // unsure: released after most of this table; priced like gpt-5 at launch
    'gpt-5.1': { input: 1.25, output: 10, cachedInput: 0.125 },
    // unsure
    'gpt-5-pro': { input: 15, output: 120 },
    'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
    'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
    'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025 },
    'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25 },
    // the first gpt-4o snapshot kept its launch price
    'gpt-4o-2024-05-13': { input: 5, output: 15 },
    'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075 },
    // o3 after its June 2025 price cut (it launched at 10 / 40)
    o3: { input: 2, output: 8, cachedInput: 0.5 },
    // unsure
    'o3-pro': { input: 20, output: 80 },
    'o3-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
    'o4-mini': { input: 1.1, output: 4.4, cachedInput: 0.275 },
    o1: { input: 15, output: 60, cachedInput: 7.5 },
    'o1-mini': { input: 1.1, output: 4.4, cachedInput: 0.55 },
    'gpt-4-turbo': { input: 10, output: 30 },
    'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  },
  anthropic: {
    // unsure: released November 2025 at a third of Opus 4.1's price
    'claude-opus-4-5': anthropic(5, 25),
    'claude-opus-4-1': anthropic(15, 75),
    'claude-opus-4': anthropic(15, 75),
    'claude-opus-4-0': anthropic(15, 75),
    'claude-sonnet-4-5': anthropic(3, 15),
    'claude-sonnet-4': anthropic(3, 15),
    'claude-sonnet-4-0': anthropic(3, 15),
    'claude-3-7-sonnet': anthropic(3, 15),
    'claude-3-5-sonnet': anthropic(3, 15),
    'claude-haiku-4-5': anthropic(1, 5),
    'claude-3-5-haiku': anthropic(0.8, 4),
    // its cache rates are rounded on the page (0.03 / 0.30), not exactly 0.1× / 1.25×
    'claude-3-haiku': { input: 0.25, output: 1.25, cachedInput: 0.03, cacheWrite: 0.3 },
    'claude-3-opus': anthropic(15, 75),
  },
}
