import { describe, expect, test } from 'vitest'
import { costFor, costOf, lookupPrice } from '../../src/providers/pricing/index.ts'

const usage = (inputTokens: number | null, outputTokens: number | null, extra: { cacheReadTokens?: number; cacheWriteTokens?: number } = {}) => ({
  inputTokens,
  outputTokens,
  source: 'provider' as const,
  ...extra,
})

const builtin = (type: string, model: string) => {
  const match = lookupPrice({ id: `${type}:${model}`, type, model })
  if (!match) throw new Error(`no built-in price for ${type}:${model}`)
  return match.price
}

describe('costOf', () => {
  test('gpt-4o: 1000 in × $2.50 + 500 out × $10 = $0.0075', () => {
    expect(costOf(usage(1000, 500), builtin('openai', 'gpt-4o'))).toEqual({ cost: 0.0075, note: null })
  })

  test('gpt-4o-mini with cache reads: 800 × 0.15 + 1200 × 0.075 + 300 × 0.60 = 390 → $0.00039', () => {
    expect(costOf(usage(2000, 300, { cacheReadTokens: 1200 }), builtin('openai', 'gpt-4o-mini'))).toEqual({ cost: 0.00039, note: null })
  })

  test('claude-sonnet-4-5 with cache reads and writes: 5000 × 3 + 2000 × 0.30 + 3000 × 3.75 + 1000 × 15 = 41850 → $0.04185', () => {
    const result = costOf(usage(10_000, 1000, { cacheReadTokens: 2000, cacheWriteTokens: 3000 }), builtin('anthropic', 'claude-sonnet-4-5'))
    expect(result).toEqual({ cost: 0.04185, note: null })
  })

  test('no cachedInput: cache reads at the input price; no cacheWrite: writes at 1.25 × input', () => {
    const price = { input: 2, output: 4 }
    // 500 × 2 + 500 × 2 = 2000 → $0.002
    expect(costOf(usage(1000, 0, { cacheReadTokens: 500 }), price).cost).toBe(0.002)
    // 1000 × 2 × 1.25 = 2500 → $0.0025
    expect(costOf(usage(1000, 0, { cacheWriteTokens: 1000 }), price).cost).toBe(0.0025)
  })

  test('a cost has no float noise: 3 × 0.1 per 1M', () => {
    expect(costOf(usage(3, 0), { input: 0.1, output: 0 }).cost).toBe(3e-7)
  })

  test('an unknown price is null with the note given, never 0', () => {
    expect(costOf(usage(10, 10), null, 'unknown price for openai:foo')).toEqual({ cost: null, note: 'unknown price for openai:foo' })
  })

  test('unknown token counts with a known price: null, with the reason', () => {
    const result = costOf({ inputTokens: null, outputTokens: 5, source: 'none' }, { input: 1, output: 1 })
    expect(result.cost).toBeNull()
    expect(result.note).toBe('token counts unknown (usage source: none)')
  })

  test('a known zero price costs 0 even without token counts', () => {
    expect(costOf({ inputTokens: null, outputTokens: null, source: 'none' }, { input: 0, output: 0 })).toEqual({ cost: 0, note: null })
  })

  test('cache parts larger than the input: null, usage inconsistent', () => {
    const result = costOf(usage(100, 0, { cacheReadTokens: 80, cacheWriteTokens: 30 }), { input: 1, output: 1 })
    expect(result.cost).toBeNull()
    expect(result.note).toMatch(/usage inconsistent/)
  })

  test('re-tokenised counts: a cost, noted as an estimate', () => {
    const result = costOf({ inputTokens: 1_000_000, outputTokens: 0, source: 'tokenizer' }, { input: 1, output: 1 })
    expect(result.cost).toBe(1)
    expect(result.note).toMatch(/estimated/)
  })
})

describe('costFor', () => {
  test('an unknown model: null and a note saying how to price it', () => {
    const result = costFor({ id: 'openai:foo', type: 'openai', model: 'foo' }, usage(10, 10))
    expect(result.cost).toBeNull()
    expect(result.note).toMatch(/^unknown price for openai:foo; add it to pricing: \{ 'openai:foo': \{ input, output, cachedInput \} \}/)
  })

  test('a configured price: 1000 × 1 + 1000 × 2 = 3000 → $0.003', () => {
    const result = costFor({ id: 'openai:foo', type: 'openai', model: 'foo' }, usage(1000, 1000), { 'openai:foo': { input: 1, output: 2 } })
    expect(result).toEqual({ cost: 0.003, note: null })
  })

  test('a local model costs 0', () => {
    expect(costFor({ id: 'local', type: 'local', model: 'default' }, usage(500, 500))).toEqual({ cost: 0, note: null })
  })

  test('a dated snapshot is priced as its model: gpt-4.1-mini-2025-04-14, 1M in × 0.40 + 1M out × 1.60 = $2', () => {
    expect(costFor({ id: 'x', type: 'openai', model: 'gpt-4.1-mini-2025-04-14' }, usage(1_000_000, 1_000_000)).cost).toBe(2)
  })
})

describe('costFor per provider (issue 11: one price lookup per spec, not per case)', () => {
  test('the same spec and pricing objects are looked up once; the cost still follows each call\'s usage', () => {
    let reads = 0
    const spec = {
      id: 'openai:gpt-4o',
      type: 'openai',
      get model(): string {
        reads++
        return 'gpt-4o'
      },
    }
    const pricing = {}
    expect(costFor(spec, usage(1000, 500), pricing)).toEqual({ cost: 0.0075, note: null })
    const afterFirst = reads
    expect(afterFirst).toBeGreaterThan(0)
    expect(costFor(spec, usage(2000, 1000), pricing)).toEqual({ cost: 0.015, note: null })
    expect(reads).toBe(afterFirst)
    // other pricing: looked up again, and it wins
    expect(costFor(spec, usage(1000, 0), { 'openai:gpt-4o': { input: 1, output: 1 } })).toEqual({ cost: 0.001, note: null })
    expect(reads).toBeGreaterThan(afterFirst)
  })
})
