import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { defineEvaluator, isEvaluatorDefinition, type EvaluatorDefinition } from '../../src/evaluators/define-evaluator.ts'
import { asRecorded, recordEvaluation, registerMatchers } from '../../src/evaluators/expect.ts'
import type { Evaluation } from '../../src/record/schema.ts'
import { STORY, makeCase } from './fixtures.ts'

type MatcherCall = (...args: unknown[]) => unknown

/** Calls a matcher that is registered at run time but not declared in `Matchers`. */
function callMatcher(assertion: unknown, name: string, ...args: unknown[]): unknown {
  const matcher = (assertion as Record<string, MatcherCall>)[name]
  if (!matcher) throw new Error(`${name} is not registered`)
  return Reflect.apply(matcher, assertion, args)
}

const wordCount = defineEvaluator({
  name: 'toHaveAtLeastWords',
  description: 'at least n words',
  options: z.strictObject({ words: z.int().positive().default(10) }),
  argsFromCase: (_testCase, options): [number] => [options.words],
  evaluate(received: string, words: number) {
    const count = received.split(/\s+/u).filter(Boolean).length
    const score = Math.min(1, count / words)
    return { pass: count >= words, score, threshold: 1, reason: `${count} words, wanted ${words}` }
  },
})

const slowJudge = defineEvaluator({
  name: 'toBeJudgedAStory',
  description: 'an async evaluator, as an LLM judge would be',
  options: z.object({}),
  argsFromCase: (): [] => [],
  async evaluate(received: string) {
    await new Promise((resolve) => setTimeout(resolve, 5))
    const pass = /^Once upon a time/u.test(received)
    return { pass, score: pass ? 1 : 0, threshold: 1, reason: pass ? 'reads like a story' : 'no story opening' }
  },
})

const broken = defineEvaluator({
  name: 'toBeBroken',
  description: 'returns a score outside 0..1',
  options: z.object({}),
  argsFromCase: (): [] => [],
  evaluate: () => ({ pass: true, score: 1.5, threshold: 1, reason: 'too good' }),
})

registerMatchers(
  expect,
  new Map<string, EvaluatorDefinition>([
    [wordCount.name, wordCount],
    [slowJudge.name, slowJudge],
    [broken.name, broken],
  ]),
)

describe('defineEvaluator', () => {
  test('keeps the spec and adds parseOptions, argsForCase, evaluateCase', async () => {
    expect(wordCount).toMatchObject({ name: 'toHaveAtLeastWords', description: 'at least n words' })
    expect(isEvaluatorDefinition(wordCount)).toBe(true)
    expect(isEvaluatorDefinition({ name: 'x', evaluate: () => null })).toBe(false)
    expect(wordCount.parseOptions(undefined)).toEqual({ words: 10 })
    expect(wordCount.argsForCase(makeCase(), { words: 3 })).toEqual([3])
    await expect(wordCount.evaluateCase(STORY, makeCase(), { words: 500 })).resolves.toEqual({
      name: 'toHaveAtLeastWords',
      pass: false,
      score: 44 / 500,
      threshold: 1,
      reason: '44 words, wanted 500',
    })
  })

  test('an evaluation outside the schema is an error naming the evaluator', () => {
    expect(() => broken.evaluate(STORY)).toThrow(/toBeBroken: the evaluator returned an invalid evaluation[\s\S]*score/)
  })

  test('invalid dataset options name the evaluator', () => {
    expect(() => wordCount.parseOptions({ words: -1 })).toThrow(/toHaveAtLeastWords: invalid options \{"words":-1\}/)
  })
})

describe('registerMatchers with other definitions', () => {
  test('a sync matcher from a new definition records and fails like the built-ins', (ctx) => {
    callMatcher(expect(STORY), 'toHaveAtLeastWords', 5)
    expect(() => callMatcher(expect('Once upon a time.'), 'toHaveAtLeastWords', 5)).toThrow(
      'Reason: 4 words, wanted 5',
    )
    expect(ctx.task.meta.llmBenchEvaluations?.map((e) => [e.name, e.pass])).toEqual([
      ['toHaveAtLeastWords', true],
      ['toHaveAtLeastWords', false],
    ])
  })

  test('an async evaluator makes an async matcher', async (ctx) => {
    await callMatcher(ctx.expect(STORY), 'toBeJudgedAStory')
    await expect(callMatcher(ctx.expect('I am a language model.'), 'toBeJudgedAStory')).rejects.toThrow('Reason: no story opening')
    await callMatcher(ctx.expect('Sure! Here is a poem.').not, 'toBeJudgedAStory')
    expect(ctx.task.meta.llmBenchEvaluations?.map((e) => [e.name, e.pass])).toEqual([
      ['toBeJudgedAStory', true],
      ['toBeJudgedAStory', false],
      ['not.toBeJudgedAStory', true],
    ])
  })

  test('a broken evaluator fails the assertion with its error and records nothing', (ctx) => {
    expect(() => callMatcher(expect(STORY), 'toBeBroken')).toThrow('toBeBroken: the evaluator returned an invalid evaluation')
    expect(ctx.task.meta.llmBenchEvaluations).toBeUndefined()
  })
})

describe('recording', () => {
  const evaluation: Evaluation = { name: 'toMatchRegex', pass: false, score: 0, threshold: 1, reason: '/x/ found no match in the output' }

  test('outside a test (no task) nothing is recorded and nothing throws', () => {
    expect(() => recordEvaluation(undefined, evaluation)).not.toThrow()
  })

  test('.not renames the record and flips pass; score and threshold stay', () => {
    expect(asRecorded(evaluation, true)).toEqual({
      name: 'not.toMatchRegex',
      pass: true,
      score: 0,
      threshold: 1,
      reason: 'negated: /x/ found no match in the output',
    })
    expect(asRecorded(evaluation, false)).toBe(evaluation)
  })
})

describe('parseOptions per options object (issue 11: no zod parse per case)', () => {
  test('one raw options object is parsed once for every case; another object, or an invalid one, is parsed again', () => {
    let parses = 0
    const counted = defineEvaluator({
      name: 'toHaveCountedWords',
      description: 'counts its option parses',
      options: z.strictObject({ words: z.int().positive().default(10) }).transform((o) => {
        parses++
        return o
      }),
      argsFromCase: (_testCase, options): [number] => [options.words],
      evaluate: (received: string, words: number) => ({ pass: received.length >= words, score: 1, threshold: 1, reason: '' }),
    })
    const shared = { words: 3 }
    const first = counted.argsForCase(makeCase({ id: 'a' }), shared)
    const second = counted.argsForCase(makeCase({ id: 'b' }), shared)
    expect([first, second, parses]).toEqual([[3], [3], 1])
    expect(counted.argsForCase(makeCase({ id: 'c' }), { words: 4 })).toEqual([4])
    expect(parses).toBe(2)
    const bad = { words: -1 }
    expect(() => counted.argsForCase(makeCase({ id: 'd' }), bad)).toThrow(/toHaveCountedWords: invalid options/)
    expect(() => counted.argsForCase(makeCase({ id: 'd' }), bad)).toThrow(/toHaveCountedWords: invalid options/)
  })
})
