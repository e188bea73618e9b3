import { describe, expect, test } from 'vitest'
import toFuzzyMatch, { levenshtein, normalizeForFuzzy, similarity } from '../../../src/evaluators/matchers/to-fuzzy-match.ts'
import { STORY, makeCase } from '../fixtures.ts'
import '../../../src/evaluators/setup.ts'

const score = toFuzzyMatch.evaluate
const chars = (text: string): string[] => Array.from(text)

describe('Levenshtein similarity', () => {
  test.each([
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['same', 'same', 0],
    ['intention', 'execution', 5],
    ['ab', 'ba', 2],
  ])('distance(%j, %j) = %d, symmetric', (a, b, distance) => {
    expect(levenshtein(chars(a), chars(b))).toBe(distance)
    expect(levenshtein(chars(b), chars(a))).toBe(distance)
  })

  test('ratio = 1 − distance / longer length, in code points', () => {
    expect(similarity('kitten', 'sitting')).toEqual({ ratio: 1 - 3 / 7, distance: 3, length: 7 })
    expect(similarity('', '')).toEqual({ ratio: 1, distance: 0, length: 0 })
    expect(similarity('😀a', '😀b')).toEqual({ ratio: 0.5, distance: 1, length: 2 })
  })

  test('long outputs: one row of memory, still exact', () => {
    const long = STORY.repeat(20)
    const edited = long.replace(/Lily/g, 'Lucy')
    const { distance, length } = similarity(long, edited)
    expect(length).toBe(long.length)
    expect(distance).toBe(20 * 2 * 2) // "Lily" -> "Lucy": 2 substitutions, 2 places per story
  })
})

describe('normalisation', () => {
  test('NFKC, case folding, whitespace, punctuation at the ends only', () => {
    expect(normalizeForFuzzy('  «Straße,\n\n  ＮＹＣ!»  ')).toBe('strasse, nyc')
    expect(normalizeForFuzzy('"Hello, world."')).toBe('hello, world')
  })
})

describe('toFuzzyMatch scoring', () => {
  test('a near answer passes; the reason gives the ratio and the edits', () => {
    expect(score('The capital of France is Paris!', 'the capital of france is paris')).toMatchObject({ pass: true, score: 1 })
    const result = score('Once upon a time there was a girl named Lilly', 'Once upon a time, there was a girl named Lily.')
    expect(result.pass).toBe(true)
    expect(result.score).toBeCloseTo(1 - 2 / 45, 9)
    expect(result.reason).toMatch(/^similarity 0\.96 \(2 edits over 45 characters\), needs 0\.80; normalised expected "once upon/)
  })

  test('min sets the bar', () => {
    expect(score('colour', 'color').pass).toBe(true) // 1 − 1/6
    expect(score('colour', 'color', { min: 0.9 }).pass).toBe(false)
    expect(score('colour', 'color', { min: 0.9 }).threshold).toBe(0.9)
  })

  test('unrelated text scores low', () => {
    expect(score(STORY, 'The mitochondria is the powerhouse of the cell').pass).toBe(false)
  })

  test('bad arguments', () => {
    expect(() => score('a', 'a', { min: 2 })).toThrow(/toFuzzyMatch: invalid options/)
  })
})

describe('toFuzzyMatch as a matcher and from a dataset case', () => {
  test('.not and the recorded score', (ctx) => {
    expect('Paris').toFuzzyMatch('paris.')
    expect('Berlin').not.toFuzzyMatch('Paris')
    expect(ctx.task.meta.llmBenchEvaluations?.map(({ name, pass, score }) => ({ name, pass, score }))).toEqual([
      { name: 'toFuzzyMatch', pass: true, score: 1 },
      { name: 'not.toFuzzyMatch', pass: true, score: expect.any(Number) as number },
    ])
  })

  test('failure message', () => {
    expect(() => expect('Berlin').toFuzzyMatch('Paris')).toThrow(/Reason: similarity 0\.\d\d \(\d edits over 6 characters\), needs 0\.80/)
  })

  test('expected from the case', async () => {
    const testCase = makeCase({ expected: 'The Eiffel Tower' })
    expect(toFuzzyMatch.argsForCase(testCase, { min: 0.7 })).toEqual(['The Eiffel Tower', { min: 0.7 }])
    await expect(toFuzzyMatch.evaluateCase('the eifel tower', testCase)).resolves.toMatchObject({ name: 'toFuzzyMatch', pass: true })
    expect(() => toFuzzyMatch.argsForCase(makeCase())).toThrow('toFuzzyMatch: case "story-1" has no `expected` value')
  })
})
