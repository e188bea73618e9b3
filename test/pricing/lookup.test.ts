import { describe, expect, test } from 'vitest'
import { resolveOptions } from '../../src/config/options.ts'
import {
  BUILTIN_PRICES,
  PRICES_CHECKED,
  PRICE_SOURCES,
  PricingOverridesSchema,
  lookupPrice,
  snapshotBase,
  unknownPriceNote,
  type PriceTarget,
} from '../../src/providers/pricing/index.ts'

const openai = (model: string, extra: Partial<PriceTarget> = {}): PriceTarget => ({ id: `openai:${model}`, type: 'openai', model, ...extra })
const anthropic = (model: string): PriceTarget => ({ id: `anthropic:${model}`, type: 'anthropic', model })

describe('the built-in table', () => {
  test('covers the current OpenAI and Anthropic models, with a date and sources', () => {
    const openaiModels = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano']
    const anthropicModels = ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-3-5-haiku']
    for (const model of openaiModels) expect(BUILTIN_PRICES.openai?.[model], model).toBeDefined()
    for (const model of anthropicModels) expect(BUILTIN_PRICES.anthropic?.[model], model).toBeDefined()
    expect(PRICES_CHECKED).toMatch(/^\d{4}-\d{2}/)
    expect(PRICE_SOURCES.openai).toMatch(/^https:\/\/openai\.com\//)
    expect(PRICE_SOURCES.anthropic).toMatch(/^https:\/\/www\.anthropic\.com\//)
  })

  test('cache reads never cost more than input, and every entry is a valid price', () => {
    for (const [type, table] of Object.entries(BUILTIN_PRICES)) {
      for (const [model, price] of Object.entries(table)) {
        expect(price.input, `${type}:${model}`).toBeGreaterThan(0)
        expect(price.output, `${type}:${model}`).toBeGreaterThanOrEqual(price.input)
        expect(price.cachedInput ?? 0, `${type}:${model}`).toBeLessThanOrEqual(price.input)
      }
    }
  })

  test('Anthropic cache writes are 1.25 × input, reads 0.1 ×', () => {
    expect(BUILTIN_PRICES.anthropic?.['claude-sonnet-4-5']).toEqual({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 })
    expect(BUILTIN_PRICES.anthropic?.['claude-haiku-4-5']).toEqual({ input: 1, output: 5, cachedInput: 0.1, cacheWrite: 1.25 })
  })
})

describe('snapshotBase', () => {
  test.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['claude-3-5-haiku-latest', 'claude-3-5-haiku'],
  ])('%s → %s', (model, base) => expect(snapshotBase(model)).toBe(base))

  test.each(['gpt-4o', 'gpt-4o-mini', 'o3', 'gpt-4.1-nano', 'claude-opus-4-1'])('%s has no snapshot suffix', (model) => {
    expect(snapshotBase(model)).toBeNull()
  })
})

describe('lookupPrice', () => {
  test('exact name', () => {
    expect(lookupPrice(openai('gpt-4o'))).toEqual({ price: { input: 2.5, output: 10, cachedInput: 1.25 }, source: 'builtin', key: 'openai:gpt-4o' })
  })

  test('a dated snapshot falls back to its model, never to a shorter model', () => {
    expect(lookupPrice(openai('gpt-4o-2024-08-06'))?.key).toBe('openai:gpt-4o')
    expect(lookupPrice(openai('gpt-4o-mini-2024-07-18'))?.key).toBe('openai:gpt-4o-mini')
    expect(lookupPrice(anthropic('claude-sonnet-4-5-20250929'))?.key).toBe('anthropic:claude-sonnet-4-5')
    expect(lookupPrice(anthropic('claude-3-5-haiku-latest'))?.key).toBe('anthropic:claude-3-5-haiku')
    expect(lookupPrice(openai('gpt-4o-mini-tts'))).toBeNull()
  })

  test('an exact snapshot entry wins over its model (gpt-4o-2024-05-13 kept its launch price)', () => {
    expect(lookupPrice(openai('gpt-4o-2024-05-13'))?.price).toEqual({ input: 5, output: 15 })
  })

  test('names match case-insensitively', () => {
    expect(lookupPrice(openai('GPT-4o'))?.key).toBe('openai:gpt-4o')
  })

  test('unknown model: null', () => {
    expect(lookupPrice(openai('my-finetune'))).toBeNull()
    expect(lookupPrice({ id: 'x', type: 'mystery', model: 'gpt-4o' })).toBeNull()
  })

  test('the pricing option extends and overrides the table, by type:model or provider id', () => {
    const overrides = { 'openai:my-model': { input: 1, output: 2 }, 'openai:gpt-4o': { input: 9, output: 9 }, 'openai:gw': { input: 3, output: 3 } }
    expect(lookupPrice(openai('my-model'), overrides)).toMatchObject({ price: { input: 1, output: 2 }, source: 'config', key: 'openai:my-model' })
    expect(lookupPrice(openai('my-model-2025-01-01'), overrides)?.key).toBe('openai:my-model')
    expect(lookupPrice(openai('gpt-4o'), overrides)?.price.input).toBe(9)
    expect(lookupPrice({ id: 'openai:gw', type: 'openai', model: 'llama', baseURL: 'https://gw.example.com/v1' }, overrides)?.price.input).toBe(3)
  })

  test("the spec's own price wins over the option and the table", () => {
    const target = openai('gpt-4o', { price: { input: 7, output: 8 } })
    expect(lookupPrice(target, { 'openai:gpt-4o': { input: 9, output: 9 } })).toEqual({ price: { input: 7, output: 8 }, source: 'provider', key: 'openai:gpt-4o' })
  })

  test('local and ollama models cost 0 unless configured', () => {
    expect(lookupPrice({ id: 'local', type: 'local', model: 'default' })).toMatchObject({ source: 'local', price: { input: 0, output: 0 } })
    expect(lookupPrice({ id: 'ollama:llama3', type: 'ollama', model: 'llama3' })?.source).toBe('local')
    expect(lookupPrice({ id: 'local', type: 'local', model: 'default' }, { 'local:default': { input: 0.1, output: 0.2 } })?.price.input).toBe(0.1)
  })

  test('an OpenAI-compatible server on this machine costs 0; elsewhere the built-in table does not apply', () => {
    const here = openai('stories', { id: 'openai:stories@http://127.0.0.1:8080/v1', baseURL: 'http://127.0.0.1:8080/v1' })
    expect(lookupPrice(here)?.source).toBe('local')
    const proxy = openai('gpt-4o', { id: 'openai:gpt-4o@https://proxy.example.com/v1', baseURL: 'https://proxy.example.com/v1' })
    expect(lookupPrice(proxy)).toBeNull()
    expect(unknownPriceNote(proxy)).toMatch(/^unknown price for openai:gpt-4o@https:\/\/proxy\.example\.com\/v1 \(the built-in table covers the provider's own API only\); add it to pricing/)
    expect(lookupPrice(openai('gpt-4o', { baseURL: 'https://api.openai.com/v1' }))?.source).toBe('builtin')
  })
})

describe('options', () => {
  test('pricing and cache are llmBench options', () => {
    const options = resolveOptions({ pricing: { 'openai:my-model': { input: 1, output: 2, cachedInput: 0.5 } }, cache: 'replay' })
    expect(options.pricing).toEqual({ 'openai:my-model': { input: 1, output: 2, cachedInput: 0.5 } })
    expect(options.cache).toBe('replay')
    expect(resolveOptions({}).pricing).toEqual({})
    expect(resolveOptions({}).cache).toBeUndefined()
  })

  test('a pricing key must name a type, a price must be complete', () => {
    expect(PricingOverridesSchema.safeParse({ 'my-model': { input: 1, output: 1 } }).success).toBe(false)
    expect(() => resolveOptions({ pricing: { 'openai:x': { input: 1 } } } as never)).toThrow(/pricing\.openai:x\.output/)
    expect(() => resolveOptions({ cache: 'sometimes' } as never)).toThrow(/cache/)
  })
})
