import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import toBeCloseToNumber from '../../../src/evaluators/matchers/to-be-close-to-number.ts'
import { makeCase } from '../fixtures.ts'
import '../../../src/evaluators/setup.ts'

const score = toBeCloseToNumber.evaluate

interface Gsm8kRow {
  question: string
  answer: string
}
const GSM8K: Gsm8kRow[] = readFileSync('/work/shared/benchmarks/gsm8k-train-sample.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Gsm8kRow)
const finalAnswer = (row: Gsm8kRow): number => Number(/#### (.+)$/m.exec(row.answer)?.[1]?.replace(/,/g, ''))

describe('toBeCloseToNumber on real GSM8K answers', () => {
  test('the sample is there', () => {
    expect(GSM8K.length).toBeGreaterThanOrEqual(20)
  })

  test('every full worked answer yields its #### number', () => {
    for (const row of GSM8K) {
      expect(row.answer).toBeCloseToNumber(finalAnswer(row))
      expect(row.answer).not.toBeCloseToNumber(finalAnswer(row) + 1)
    }
  })

  test('the full answer text as expected (a dataset case) gives the #### number', () => {
    for (const row of GSM8K.slice(0, 10)) {
      const testCase = makeCase({ prompt: row.question, expected: row.answer })
      expect(toBeCloseToNumber.argsForCase(testCase)).toEqual([finalAnswer(row), { tolerance: 1e-6 }])
    }
  })

  test('a model answer in prose against the GSM8K answer', async () => {
    const [row] = GSM8K
    if (row === undefined) throw new Error('empty sample')
    const testCase = makeCase({ prompt: row.question, expected: row.answer })
    const output = 'In May she sold 48 / 2 = 24 clips. Altogether 48 + 24 = 72.\nThe answer is 72.'
    await expect(toBeCloseToNumber.evaluateCase(output, testCase)).resolves.toMatchObject({ name: 'toBeCloseToNumber', pass: true, score: 1 })
    await expect(toBeCloseToNumber.evaluateCase('So the total is 70.', testCase)).resolves.toMatchObject({ pass: false, score: 0 })
  })
})

describe('toBeCloseToNumber scoring', () => {
  test('the reason names the number and where it came from', () => {
    expect(score('First 3 boxes, then 5. The answer is $1,234.50. Check: 10 + 20', 1234.5)).toEqual({
      pass: true,
      score: 1,
      threshold: 1,
      reason: 'extracted 1234.5 from "$1,234.50" (final-answer marker "answer is"); expected 1234.5: within tolerance 0.000001',
      details: { expected: 1234.5, extracted: 1234.5, text: '$1,234.50', source: 'final-answer marker "answer is"', difference: 0, tolerance: 1e-6, relative: null },
    })
  })

  test('a miss says by how much', () => {
    expect(score('so 41 apples', 42).reason).toBe('extracted 41 from "41" (the only number); expected 42: off by 1 (tolerance 0.000001)')
  })

  test('no number', () => {
    expect(score('I do not know.', 42)).toMatchObject({ pass: false, score: 0, reason: 'no number found in the output; expected 42' })
  })

  test('absolute and relative tolerance', () => {
    expect(score('about 3.14', Math.PI).pass).toBe(false)
    expect(score('about 3.14', Math.PI, { tolerance: 0.01 }).pass).toBe(true)
    expect(score('1,010 people', 1000, { relative: 0.01 }).pass).toBe(true)
    expect(score('1,020 people', 1000, { relative: 0.01 }).pass).toBe(false)
  })

  test('a percentage matches its number or its fraction', () => {
    expect(score('The rate is 50%.', 50).pass).toBe(true)
    expect(score('The rate is 50 percent.', 0.5).pass).toBe(true)
  })

  test('expected as text uses its answer number', () => {
    expect(score('forty-two', '#### 42').pass).toBe(true)
    expect(score('3/4', 'three quarters').pass).toBe(true)
    expect(() => score('42', 'none')).toThrow('toBeCloseToNumber: expected "none" contains no number')
    expect(() => score('42', Number.NaN)).toThrow('expected must be a finite number')
  })
})

describe('toBeCloseToNumber as a matcher', () => {
  test('adversarial outputs', () => {
    expect('The answer is forty-two.').toBeCloseToNumber(42)
    expect('Roughly $1,234.50 in total').toBeCloseToNumber('1234.5')
    expect('She ate about 3/4 of the pie').toBeCloseToNumber(0.75)
    expect('Step 1: 12 + 30 = 42. The answer is 42. (I double-checked with 6 x 7 = 42 and 100 - 58.)').toBeCloseToNumber(42)
  })

  test('.not, and the recorded evaluation', (ctx) => {
    expect('The answer is 7').not.toBeCloseToNumber(8)
    expect(ctx.task.meta.llmBenchEvaluations).toEqual([
      expect.objectContaining({ name: 'not.toBeCloseToNumber', pass: true, score: 0, threshold: 1 }),
    ])
  })

  test('the failure message shows the extraction', () => {
    expect(() => expect('The answer is 7').toBeCloseToNumber(8)).toThrow(
      'Reason: extracted 7 from "7" (final-answer marker "answer is"); expected 8: off by 1 (tolerance 0.000001)',
    )
  })
})

describe('toBeCloseToNumber from a dataset case', () => {
  test('value and options from the assertion', () => {
    expect(toBeCloseToNumber.argsForCase(makeCase(), { value: 42, tolerance: 0.5 })).toEqual([42, { tolerance: 0.5 }])
    expect(toBeCloseToNumber.argsForCase(makeCase({ expected: 'The answer is 3.5' }), { relative: 0.1 })).toEqual([
      3.5,
      { tolerance: 1e-6, relative: 0.1 },
    ])
  })

  test('a case without expected or a number is a clear error', () => {
    expect(() => toBeCloseToNumber.argsForCase(makeCase())).toThrow('toBeCloseToNumber: case "story-1" has no `expected` value')
    expect(() => toBeCloseToNumber.argsForCase(makeCase({ expected: 'Paris' }))).toThrow('the expected value of case "story-1" "Paris" contains no number')
    expect(() => toBeCloseToNumber.parseOptions({ tolerance: -1 })).toThrow(/toBeCloseToNumber: invalid options/)
  })
})
