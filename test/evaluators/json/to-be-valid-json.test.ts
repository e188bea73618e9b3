import { describe, expect, test } from 'vitest'
import toBeValidJson from '../../../src/evaluators/matchers/to-be-valid-json.ts'
import { makeCase } from '../fixtures.ts'
import '../../../src/evaluators/setup.ts'

const score = toBeValidJson.evaluate
const TRAILING = '{"city": "Paris", "population": 2102650}\nI hope this helps!'

describe('toBeValidJson scoring', () => {
  test('details carry the parsed value', () => {
    expect(score('[1, 2, 3]')).toEqual({
      pass: true,
      score: 1,
      threshold: 1,
      reason: 'a JSON array (3 items) as the whole output',
      details: { mode: 'extract', value: [1, 2, 3], source: 'the whole output', start: 0, end: 9 },
    })
  })

  test('trailing prose passes with extract, fails with strict', () => {
    expect(score(TRAILING)).toMatchObject({ pass: true, reason: 'a JSON object (2 keys) embedded in text at 1:1' })
    expect(score(TRAILING, { strict: true })).toMatchObject({
      pass: false,
      score: 0,
      reason: 'the output is not JSON (strict): Unexpected non-whitespace character after JSON at 2:1 (the whole output)',
    })
    expect(score(TRAILING, { extract: false }).pass).toBe(false)
  })

  test('invalid JSON: the message has the parse error with line:column', () => {
    expect(score('```json\n{\n  "a": 1\n  "b": 2\n}\n```').reason).toBe(
      "no valid JSON found in the output (extract): Expected ',' or '}' after property value at 4:3 (a ```json fence)",
    )
  })
})

describe('toBeValidJson as a matcher', () => {
  test('a fence is named in the reason', () => {
    expect(score('Here:\n```json\n{"a": "}"}\n```').reason).toBe('a JSON object (1 key) in a ```json fence at 3:1')
  })

  test('.not and recording', (ctx) => {
    expect('```json\n{"braces": "{}}"}\n```').toBeValidJson()
    expect('Sorry, I cannot help with that.').not.toBeValidJson()
    expect(TRAILING).not.toBeValidJson({ strict: true })
    expect(ctx.task.meta.llmBenchEvaluations?.map(({ name, pass }) => ({ name, pass }))).toEqual([
      { name: 'toBeValidJson', pass: true },
      { name: 'not.toBeValidJson', pass: true },
      { name: 'not.toBeValidJson', pass: true },
    ])
  })

  test('failure message', () => {
    expect(() => expect('{"a": 1,}').toBeValidJson()).toThrow('Reason: no valid JSON found in the output (extract): Expected double-quoted property name at 1:9 (the whole output)')
  })
})

describe('toBeValidJson from a dataset case', () => {
  test('options', async () => {
    expect(toBeValidJson.argsForCase(makeCase(), { strict: true })).toEqual([{ extract: true, strict: true }])
    await expect(toBeValidJson.evaluateCase(TRAILING, makeCase(), { strict: true })).resolves.toMatchObject({ name: 'toBeValidJson', pass: false })
    expect(() => toBeValidJson.parseOptions({ strict: 'yes' })).toThrow(/toBeValidJson: invalid options/)
  })
})
