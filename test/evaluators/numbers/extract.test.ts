import { describe, expect, test } from 'vitest'
import { extractAnswer, findNumbers, normalizeNumberText } from '../../../src/evaluators/numbers/extract.ts'

const answer = (text: string): number | undefined => extractAnswer(text)?.value

describe('extractAnswer: number formats', () => {
  test.each([
    ['#### 72', 72],
    ['The answer is $1,234.50', 1234.5],
    ['Answer: 42', 42],
    ['42.', 42],
    ['It dropped to -5 degrees overnight', -5],
    ['The temperature is \u22123.5 degrees', -3.5],
    ['She costs -$12 a day', -12],
    ['about 3/4 of the cake', 0.75],
    ['Add 1 1/2 cups', 1.5],
    ['Add 1 ½ cups', 1.5],
    ['The rate is 50%', 50],
    ['Avogadro: 6.022e23', 6.022e23],
    ['roughly 2.5 × 10^3 people', 2500],
    ['It costs $1.2 million', 1_200_000],
    ['.5 of a litre', 0.5],
    ['\\boxed{\\frac{3}{4}}', 0.75],
  ])('%j -> %d', (text, value) => {
    expect(answer(text)).toBeCloseTo(value, 9)
  })

  test.each([
    ['forty-two', 42],
    ['The answer is forty-two.', 42],
    ['one hundred and five', 105],
    ['twenty-one thousand three hundred', 21_300],
    ['three quarters of them', 0.75],
    ['two and a half hours', 2.5],
    ['a half', 0.5],
    ['a dozen eggs', 12],
    ['three point one four', 3.14],
    ['negative seven', -7],
  ])('words: %j -> %d', (text, value) => {
    expect(answer(text)).toBeCloseTo(value, 9)
  })
})

describe('extractAnswer: which number', () => {
  test('an explicit marker in the middle beats later numbers', () => {
    const found = extractAnswer('I tried 3, then 5. The answer is 18. Check: 9 + 9 = 18, plus 2 spare.')
    expect(found).toMatchObject({ value: 18, source: 'final-answer marker "answer is"' })
  })

  test('the last marker wins; #### beats "answer"', () => {
    expect(answer('Answer: 3. Wait, recount. Final answer: 5 apples')).toBe(5)
    expect(answer('The answer is 10.\n#### 12')).toBe(12)
  })

  test('without a marker, the last number', () => {
    expect(extractAnswer('She had 5 apples and bought 7 more, so 12')).toMatchObject({ value: 12, source: 'the last of 3 numbers' })
  })

  test('a marker with no number near it falls back to the last number', () => {
    expect(answer('The answer is unclear. We know 4 and 9')).toBe(9)
  })

  test('the lone word "one" is a pronoun unless nothing else is found', () => {
    expect(answer('12 of them came, and no one else')).toBe(12)
    expect(answer('Only one')).toBe(1)
  })

  test('hyphens after letters and digits are not minus signs; versions are not decimals', () => {
    expect(findNumbers('GPT-4 scored 3-4').map((n) => n.value)).toEqual([4, 3, 4])
  })

  test('GSM8K calculator notes are ignored', () => {
    expect(findNumbers(normalizeNumberText('48/2 = <<48/2=24>>24 clips')).map((n) => n.value)).toEqual([24, 24])
  })

  test('no number at all', () => {
    expect(extractAnswer('I cannot answer that.')).toBeNull()
  })
})
