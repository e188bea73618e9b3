import { describe, expect, test } from 'vitest'
import toEqualExpected, { normalizeAnswer } from '../../src/evaluators/matchers/to-equal-expected.ts'
import { STORY, makeCase } from './fixtures.ts'

const score = toEqualExpected.evaluate

describe('normalizeAnswer', () => {
  test.each([
    ['  Paris  ', 'paris'],
    ['"Paris".', 'paris'],
    ['“Paris.”', 'paris'],
    ["'Lily'!", 'lily'],
    ['Lily...', 'lily'],
    ['Lily…', 'lily'],
    ['Once upon a time,\n  there   was Lily.', 'once upon a time, there was lily'],
    ['ＬＩＬＹ', 'lily'],
    ['Straße', 'strasse'],
    ['caf\u0065\u0301', 'café'],
    ['f(x)', 'f(x)'],
    ['The answer is "42".', 'the answer is "42"'],
    ['', ''],
  ])('%j -> %j', (input, normalised) => {
    expect(normalizeAnswer(input)).toBe(normalised)
  })
})

describe('toEqualExpected scoring', () => {
  test('a model answer with a trailing period and different case passes', () => {
    expect(score('Lily.\n', 'lily')).toEqual({
      pass: true,
      score: 1,
      threshold: 1,
      reason: 'normalised output "lily" equals normalised expected "lily"',
      details: { expected: 'lily', received: 'lily', normalize: true },
    })
  })

  test('a different answer fails with score 0; the reason shows both normalised strings', () => {
    const result = score(STORY, 'Once upon a time, there was a little boy named Tim.')
    expect(result).toMatchObject({ pass: false, score: 0, threshold: 1 })
    expect(result.reason).toMatch(/^normalised output "once upon a time, there was a little girl named lily\. she loved/)
    expect(result.reason).toContain('differs from normalised expected "once upon a time, there was a little boy named tim"')
  })

  test('normalize: false compares the raw strings', () => {
    expect(score('Lily.', 'lily', { normalize: false })).toMatchObject({ pass: false, reason: 'output "Lily." differs from expected "lily"' })
    expect(score('Lily', 'Lily', { normalize: false }).pass).toBe(true)
  })

  test('empty output against a non-empty expected fails; against empty expected passes', () => {
    expect(score('', 'Lily').pass).toBe(false)
    expect(score('  \n', '').pass).toBe(true)
  })

  test('unicode compatibility forms and whitespace are equal after NFKC', () => {
    expect(score('Ｏｎｃｅ\u00A0upon a time', 'once upon a time').pass).toBe(true)
  })

  test('a long output is cut in the reason, kept whole in details', () => {
    const long = `${STORY} `.repeat(10)
    const result = score(long, 'Lily')
    expect(result.reason).toMatch(/… \(\d+ chars\)/)
    expect(result.details?.['received']).toBe(normalizeAnswer(long))
  })
})

describe('toEqualExpected from a dataset case', () => {
  test('uses the case expected value', () => {
    expect(toEqualExpected.argsForCase(makeCase({ expected: 'Lily' }))).toEqual(['Lily', { normalize: true }])
  })

  test('a case without expected is a clear error', () => {
    expect(() => toEqualExpected.argsForCase(makeCase({ id: 'story-2' }), {})).toThrow(
      'toEqualExpected: case "story-2" has no `expected` value',
    )
  })

  test('unknown options are rejected', () => {
    expect(() => toEqualExpected.parseOptions({ min: 0.5 })).toThrow(/toEqualExpected: invalid options/)
  })
})
