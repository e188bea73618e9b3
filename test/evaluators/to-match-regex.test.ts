import { describe, expect, test } from 'vitest'
import toMatchRegex, { compileRegex } from '../../src/evaluators/matchers/to-match-regex.ts'
import { STORY, makeCase } from './fixtures.ts'

const score = toMatchRegex.evaluate

describe('toMatchRegex scoring', () => {
  test('a story opening matches an anchored pattern', () => {
    expect(score(STORY, '^Once upon a time')).toEqual({
      pass: true,
      score: 1,
      threshold: 1,
      reason: '/^Once upon a time/ matched "Once upon a time" at index 0',
      details: { pattern: '^Once upon a time', flags: '', match: 'Once upon a time', index: 0 },
    })
  })

  test('no match: score 0 and a reason saying so', () => {
    expect(score(STORY, '\\bdragon\\b')).toEqual({
      pass: false,
      score: 0,
      threshold: 1,
      reason: '/\\bdragon\\b/ found no match in the output',
      details: { pattern: '\\bdragon\\b', flags: '', match: null, index: null },
    })
  })

  test('flags option for a string pattern', () => {
    expect(score(STORY, '^once', { flags: 'i' }).pass).toBe(true)
    expect(score(STORY, '^once').pass).toBe(false)
    expect(score(STORY, 'named (\\w+)\\.', { flags: 'u' }).details).toMatchObject({ match: 'named Lily.' })
  })

  test('a RegExp keeps its flags unless flags are given; g/y do not leak state between calls', () => {
    const global = /lily/gi
    expect(score(STORY, global).pass).toBe(true)
    expect(score(STORY, global).pass).toBe(true)
    expect(score(STORY, /LILY/).pass).toBe(false)
    expect(score(STORY, /LILY/, { flags: 'i' }).pass).toBe(true)
  })

  test('empty output matches only a pattern that accepts it', () => {
    expect(score('', '^$').pass).toBe(true)
    expect(score('', '\\w').pass).toBe(false)
  })

  test('unicode property escapes with the u flag', () => {
    expect(score('Lily said: こんにちは', '\\p{Script=Hiragana}+', { flags: 'u' }).details).toMatchObject({ match: 'こんにちは' })
  })

  test('an invalid pattern is an error naming it', () => {
    expect(() => score(STORY, '(Once upon')).toThrow(/toMatchRegex: invalid regular expression "\(Once upon" with flags ""/)
    expect(() => compileRegex('^Once', 'q')).toThrow(/invalid regular expression "\^Once" with flags "q"/)
  })
})

describe('toMatchRegex from a dataset case', () => {
  const testCase = makeCase()

  test('{ pattern, flags }', () => {
    expect(toMatchRegex.argsForCase(testCase, { pattern: '^Once', flags: 'i' })).toEqual(['^Once', { flags: 'i' }])
  })

  test('the shorthand { value: pattern }', () => {
    expect(toMatchRegex.argsForCase(testCase, { value: 'Lily' })).toEqual(['Lily', {}])
  })

  test('no pattern, both forms, or an invalid pattern are clear errors at option parsing', () => {
    expect(() => toMatchRegex.parseOptions({})).toThrow(/toMatchRegex: invalid options[\s\S]*a `pattern` is required/)
    expect(() => toMatchRegex.parseOptions({ pattern: 'a', value: 'b' })).toThrow(/not both/)
    expect(() => toMatchRegex.parseOptions({ pattern: '[unclosed' })).toThrow(/invalid regular expression "\[unclosed"/)
  })

  test('evaluateCase', async () => {
    await expect(toMatchRegex.evaluateCase(STORY, testCase, { pattern: 'girl named (Lily|Sue)' })).resolves.toMatchObject({
      name: 'toMatchRegex',
      pass: true,
      details: { match: 'girl named Lily' },
    })
  })
})
