import { describe, expect, test } from 'vitest'
import { buildFromLogs } from '../../../src/dataset/from-logs/build.ts'
import type { LogEntry } from '../../../src/dataset/from-logs/entry.ts'
import { allocate, feedbackScore, sampleEntries } from '../../../src/dataset/from-logs/sample.ts'
import { log, options } from './helpers.ts'

/** Entries with the given categories and feedback scores. */
function entries(categories: readonly string[], score: (index: number) => number | undefined = () => undefined): LogEntry[] {
  return categories.map((category, index) => {
    const value = score(index)
    return { file: 'x.jsonl', line: index + 1, format: 'jsonl', time: null, prompt: `p${index}`, metadata: { category }, ...(value === undefined ? {} : { feedback: { score: value } }) }
  })
}

const count = (list: readonly LogEntry[], category: string): number => list.filter((entry) => entry.metadata?.['category'] === category).length

describe('dataset from-logs: sampling', () => {
  test('random: N distinct entries, in file order, the same for a seed, different across seeds', () => {
    const all = entries(Array.from({ length: 100 }, (_, i) => `c${i % 4}`))
    const a = sampleEntries(all, { strategy: 'random', count: 10, seed: 3, by: 'metadata.category' })
    expect(new Set(a).size).toBe(10)
    expect(a.map((entry) => entry.line)).toEqual([...a.map((entry) => entry.line)].sort((x, y) => x - y))
    expect(sampleEntries(all, { strategy: 'random', count: 10, seed: 3, by: 'metadata.category' })).toEqual(a)
    expect(sampleEntries(all, { strategy: 'random', count: 10, seed: 4, by: 'metadata.category' })).not.toEqual(a)
  })

  test('stratified: proportions within ±1 case of the population, for every seed and several counts', () => {
    // 50% a, 30% b, 15% c, 5% d
    const categories = [...Array<string>(100).fill('a'), ...Array<string>(60).fill('b'), ...Array<string>(30).fill('c'), ...Array<string>(10).fill('d')]
    const all = entries(categories)
    for (const n of [7, 20, 33, 50]) {
      for (let seed = 1; seed <= 20; seed++) {
        const picked = sampleEntries(all, { strategy: 'stratified', count: n, seed, by: 'metadata.category' })
        expect(picked).toHaveLength(n)
        for (const [category, share] of [['a', 0.5], ['b', 0.3], ['c', 0.15], ['d', 0.05]] as const) {
          expect(Math.abs(count(picked, category) - n * share)).toBeLessThanOrEqual(1)
        }
      }
    }
  })

  test('stratified on the fixture log: billing 30 / shipping 20 / returns 10 → 15 / 10 / 5 of 30', async () => {
    const result = await buildFromLogs(options([log('production.jsonl')], 'x.dataset.yaml', { strategy: 'stratified', count: 30, seed: 5 }))
    const categories = result.dataset.test_cases?.map((testCase) => testCase.category) ?? []
    expect(categories.filter((c) => c === 'billing')).toHaveLength(15)
    expect(categories.filter((c) => c === 'shipping')).toHaveLength(10)
    expect(categories.filter((c) => c === 'returns')).toHaveLength(5)
  })

  test('stratified by another field (--by metadata.user_tier); a missing value is its own stratum', () => {
    const all = entries(Array.from({ length: 30 }, () => 'x')).map((entry, index) => ({ ...entry, metadata: index < 20 ? { tier: 'free' } : index < 27 ? { tier: 'pro' } : {} }))
    const picked = sampleEntries(all, { strategy: 'stratified', count: 10, seed: 1, by: 'metadata.tier' })
    const tiers = picked.map((entry) => entry.metadata?.['tier'] ?? '(none)')
    // 20/30·10 = 6.67 → 6 (+1), 7/30·10 = 2.33 → 2, 3/30·10 = 1 → 1: the one left goes to the largest remainder (free)
    expect(tiers.filter((tier) => tier === 'free')).toHaveLength(7)
    expect(tiers.filter((tier) => tier === 'pro')).toHaveLength(2)
    expect(tiers.filter((tier) => tier === '(none)')).toHaveLength(1)
  })

  test('largest-remainder allocation: sums to N; ties go to the larger stratum, then by name', () => {
    expect(allocate(new Map([['a', 1], ['b', 1], ['c', 1]]), 2)).toEqual(new Map([['a', 1], ['b', 1], ['c', 0]]))
    expect(allocate(new Map([['a', 1], ['b', 2]]), 2)).toEqual(new Map([['a', 1], ['b', 1]]))
    expect([...allocate(new Map([['x', 13], ['y', 29], ['z', 58]]), 17).values()].reduce((a, b) => a + b, 0)).toBe(17)
  })

  test('feedback-weighted: poorly rated lines are picked far more often than well rated ones over many seeds', () => {
    // 10 lines scored 0 (weight 1), 90 scored 1 (weight 0.05)
    const all = entries(Array.from({ length: 100 }, () => 'x'), (index) => (index < 10 ? 0 : 1))
    let poor = 0
    let good = 0
    for (let seed = 1; seed <= 200; seed++) {
      const picked = sampleEntries(all, { strategy: 'feedback-weighted', count: 10, seed, by: 'metadata.category' })
      poor += picked.filter((entry) => entry.line <= 10).length
      good += picked.filter((entry) => entry.line > 10).length
    }
    // per line: a poor line is chosen in most samples, a good line rarely (uniform would be 10% for both)
    const poorRate = poor / (200 * 10)
    const goodRate = good / (200 * 90)
    expect(poorRate).toBeGreaterThan(0.5)
    expect(goodRate).toBeLessThan(0.06)
    expect(poorRate / goodRate).toBeGreaterThan(10)
  })

  test('feedback-weighted on the fixture log: the six zero-scored lines are picked about twice as often as at random', async () => {
    // weights: 6 lines scored 0 → 1; 27 unrated → 0.5; 27 scored 1 → 0.05. At random, 10 of 60 hold 1 of the 6 on average.
    let hits = 0
    for (let seed = 1; seed <= 40; seed++) {
      const result = await buildFromLogs(options([log('production.jsonl')], 'x.dataset.yaml', { strategy: 'feedback-weighted', count: 10, seed }))
      hits += result.dataset.test_cases?.filter((testCase) => (testCase.metadata?.['feedback'] as { score?: number } | undefined)?.score === 0).length ?? 0
    }
    expect(hits / 40).toBeGreaterThan(1.6)
  })

  test('feedback scores: score, rating 1..5, thumbs, thumbs_up; 0.5 without', () => {
    expect(feedbackScore({ score: 0.3 })).toBe(0.3)
    expect(feedbackScore({ rating: 5 })).toBe(1)
    expect(feedbackScore({ rating: 2 })).toBe(0.25)
    expect(feedbackScore({ thumbs: 'down' })).toBe(0)
    expect(feedbackScore({ thumbs_up: true })).toBe(1)
    expect(feedbackScore(undefined)).toBe(0.5)
    expect(feedbackScore({ comment: 'meh' })).toBe(0.5)
  })
})
