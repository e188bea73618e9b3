import { describe, expect, test } from 'vitest'
import type { Evaluation } from '../../src/record/schema.ts'
import { STORY } from './fixtures.ts'
import '../../src/evaluators/setup.ts'

/** A matcher called while the file is collected (no running test) must not throw or record. */
expect(STORY).toMatchRegex('^Once')

describe('matchers on the global expect', () => {
  test('a passing toContainReferences records its evaluation on the test', (ctx) => {
    expect(STORY).toContainReferences(['Lily', 'dog', 'ball'])
    expect(ctx.task.meta.llmBenchEvaluations).toEqual([
      {
        name: 'toContainReferences',
        pass: true,
        score: 1,
        threshold: 1,
        reason: '3 of 3 references found (score 1.00, needs 1.00)',
        details: { found: ['Lily', 'dog', 'ball'], missing: [], caseSensitive: false },
      },
    ])
  })

  test('every matcher records in call order, options included', (ctx) => {
    expect(STORY).toContainReferences(['Lily', 'dragon'], { min: 0.5 })
    expect('"Lily."').toEqualExpected('lily')
    expect(STORY).toMatchRegex('^once', { flags: 'i' })
    expect(STORY).toMatchRegex(/stuck!$/m)
    expect(ctx.task.meta.llmBenchEvaluations?.map(({ name, pass, score, threshold }) => ({ name, pass, score, threshold }))).toEqual([
      { name: 'toContainReferences', pass: true, score: 0.5, threshold: 0.5 },
      { name: 'toEqualExpected', pass: true, score: 1, threshold: 1 },
      { name: 'toMatchRegex', pass: true, score: 1, threshold: 1 },
      { name: 'toMatchRegex', pass: true, score: 1, threshold: 1 },
    ])
  })

  test('a failure message says what was missing, the score and threshold, and what was received', (ctx) => {
    const failing = (): void => expect(STORY).toContainReferences(['Lily', 'dragon', 'castle', 'park'])
    expect(failing).toThrow(
      [
        'expect(received).toContainReferences(...)',
        '',
        'Expected the output to satisfy toContainReferences, but it did not (score 0.50, threshold 1.00).',
        'Reason: 2 of 4 references found (score 0.50, needs 1.00); missing: "dragon", "castle"',
        `Received: ${JSON.stringify(STORY)}`,
      ].join('\n'),
    )
    // a caught failure is still recorded: the evaluation happened
    expect(ctx.task.meta.llmBenchEvaluations).toEqual([expect.objectContaining({ name: 'toContainReferences', pass: false, score: 0.5 })])
  })

  test('toMatchRegex and toEqualExpected failure messages', () => {
    expect(() => expect('x').toMatchRegex('^y')).toThrow(/toMatchRegex, but it did not \(score 0\.00, threshold 1\.00\)\.\nReason: \/\^y\/ found no match in the output\nReceived: "x"/)
    expect(() => expect('The capital is Paris.').toEqualExpected('Paris')).toThrow(
      'Reason: normalised output "the capital is paris" differs from normalised expected "paris"',
    )
  })

  test('a long output is cut in the message', () => {
    expect(() => expect(STORY.repeat(5)).toMatchRegex('dragon')).toThrow(/Received: "Once upon a time[^"]*"… \(\d+ chars\)$/)
  })

  test('errors in the arguments surface as errors naming the matcher', () => {
    expect(() => expect(STORY).toMatchRegex('(unclosed')).toThrow(/toMatchRegex: invalid regular expression "\(unclosed"/)
    expect(() => expect(STORY).toContainReferences([])).toThrow('toContainReferences: no references given')
    expect(() => expect(42).toEqualExpected('42')).toThrow('toEqualExpected: the received value must be a string (the model output), got number 42')
    expect(() => expect(null).toMatchRegex('x')).toThrow('got null')
  })
})

describe('.not', () => {
  test('passes when the evaluation fails, and records the assertion outcome', (ctx) => {
    expect(STORY).not.toMatchRegex('^Sorry, I cannot')
    expect(STORY).not.toContainReferences(['dragon', 'castle'], { min: 0.5 })
    expect(ctx.task.meta.llmBenchEvaluations).toEqual([
      expect.objectContaining({ name: 'not.toMatchRegex', pass: true, score: 0, threshold: 1, reason: 'negated: /^Sorry, I cannot/ found no match in the output' }),
      expect.objectContaining({ name: 'not.toContainReferences', pass: true, score: 0, threshold: 0.5 }),
    ])
  })

  test('fails with a message when the evaluation passes', (ctx) => {
    expect(() => expect(STORY).not.toMatchRegex('^Once')).toThrow(
      /^expect\(received\)\.not\.toMatchRegex\(\.\.\.\)\n\nExpected the output NOT to satisfy toMatchRegex, but it did \(score 1\.00, threshold 1\.00\)\.\nReason: \/\^Once\/ matched "Once" at index 0/,
    )
    expect(ctx.task.meta.llmBenchEvaluations).toEqual([expect.objectContaining({ name: 'not.toMatchRegex', pass: false, score: 1 })])
  })
})

describe('expect.soft', () => {
  let observed: { errors: string[]; evaluations: Evaluation[] } | undefined

  test.fails('a soft failure is recorded and the test goes on (this test must fail)', (ctx) => {
    ctx.expect.soft(STORY).toContainReferences(['dragon'])
    ctx.expect.soft(STORY).toMatchRegex('^Once')
    observed = {
      errors: (ctx.task.result?.errors ?? []).map((error) => error.message),
      evaluations: [...(ctx.task.meta.llmBenchEvaluations ?? [])],
    }
  })

  test('what the soft test saw', () => {
    expect(observed?.evaluations.map(({ name, pass }) => ({ name, pass }))).toEqual([
      { name: 'toContainReferences', pass: false },
      { name: 'toMatchRegex', pass: true },
    ])
    expect(observed?.errors).toEqual([expect.stringContaining('Reason: 0 of 1 references found (score 0.00, needs 1.00); missing: "dragon"')])
  })
})

describe.concurrent('test.concurrent with the context expect', () => {
  const started = Promise.withResolvers<void>()
  let running = 0
  const bothStarted = async (): Promise<void> => {
    running += 1
    if (running === 2) started.resolve()
    await started.promise
  }

  test('first story', async ({ expect, task }) => {
    await bothStarted()
    expect('Once upon a time, there was a little girl named Lily.').toContainReferences(['Lily'])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect('Once upon a time, there was a little girl named Lily.').toMatchRegex('Lily')
    expect(task.meta.llmBenchEvaluations?.map((e) => e.reason)).toEqual([
      '1 of 1 references found (score 1.00, needs 1.00)',
      '/Lily/ matched "Lily" at index 48',
    ])
  })

  test('second story', async ({ expect, task }) => {
    await bothStarted()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect('One day, a boy named Tim found a shiny rock.').toContainReferences(['Tim', 'rock'])
    expect(task.meta.llmBenchEvaluations?.map((e) => e.reason)).toEqual(['2 of 2 references found (score 1.00, needs 1.00)'])
  })
})

/** Never called: `npx tsc` checks the matcher types that the `Matchers` augmentations declare. */
export function matcherTypeChecks(): void {
  expect(STORY).toContainReferences(['Lily'], { min: 0.5, caseSensitive: true })
  // @ts-expect-error references are a list
  expect(STORY).toContainReferences('Lily')
  // @ts-expect-error unknown option
  expect(STORY).toContainReferences(['Lily'], { minimum: 1 })
  expect(STORY).toMatchRegex(/Lily/, { flags: 'i' })
  // @ts-expect-error a pattern is a string or a RegExp
  expect(STORY).toMatchRegex(42)
  expect(STORY).toEqualExpected('Lily', { normalize: false })
  // @ts-expect-error options are an object
  expect(STORY).toEqualExpected('Lily', true)
  expect.soft(STORY).not.toMatchRegex('^Sorry')
}
