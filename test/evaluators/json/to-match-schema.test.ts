import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import toMatchSchema from '../../../src/evaluators/matchers/to-match-schema.ts'
import { formatPath } from '../../../src/evaluators/json/schema.ts'
import { makeCase } from '../fixtures.ts'
import '../../../src/evaluators/setup.ts'

const score = toMatchSchema.evaluate

const Person = z.object({ name: z.string(), age: z.number().int().min(0), tags: z.array(z.string()).optional() })
const PERSON_SCHEMA = {
  type: 'object',
  required: ['name', 'age'],
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
}
const GOOD = 'Here is the record:\n```json\n{"name": "Ada {Lovelace}", "age": 36, "tags": ["math"]}\n```'
const BAD = '{"age": -1.5, "tags": ["math", 7]} -- hope that helps'

describe('toMatchSchema with a zod schema', () => {
  test('valid JSON from a fence', () => {
    expect(score(GOOD, Person)).toEqual({
      pass: true,
      score: 1,
      threshold: 1,
      reason: 'a JSON object (3 keys) in a ```json fence at 3:1 matches the schema',
      details: { mode: 'extract', value: { name: 'Ada {Lovelace}', age: 36, tags: ['math'] }, source: 'a ```json fence', issues: [] },
    })
  })

  test('every issue with its path', () => {
    const result = score(BAD, Person)
    expect(result).toMatchObject({ pass: false, score: 0 })
    expect(result.reason).toBe(
      'a JSON object (2 keys) embedded in text at 1:1 has 3 schema issues: ' +
        'name: Invalid input: expected string, received undefined; age: Invalid input: expected int, received number; ' +
        'tags[1]: Invalid input: expected string, received number',
    )
  })

  test('strict: trailing prose means no JSON', () => {
    expect(score(BAD, Person, { strict: true }).reason).toBe(
      'no JSON to validate (strict): Unexpected non-whitespace character after JSON at 1:36 (the whole output)',
    )
  })
})

describe('toMatchSchema with a JSON Schema', () => {
  test('valid and invalid', () => {
    expect(score(GOOD, PERSON_SCHEMA).pass).toBe(true)
    expect(score(BAD, PERSON_SCHEMA).details).toMatchObject({
      issues: [
        { path: 'name', message: 'Invalid input: expected string, received undefined' },
        { path: 'age', message: expect.stringContaining('expected int') as string },
        { path: 'tags[1]', message: 'Invalid input: expected string, received number' },
      ],
    })
  })

  test('additionalProperties false, enums and nested paths', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: { kind: { enum: ['cat', 'dog'] }, owner: { type: 'object', properties: { 'first name': { type: 'string' } } } },
    }
    expect(score('{"kind": "fox", "owner": {"first name": 1}, "x": 0}', schema).details).toMatchObject({
      issues: [
        { path: 'kind', message: expect.stringContaining('Invalid option') as string },
        { path: 'owner["first name"]', message: expect.stringContaining('expected string') as string },
        { path: '(root)', message: 'Unrecognized key: "x"' },
      ],
    })
  })

  test('an unsupported schema is an error naming the matcher', () => {
    expect(() => score('{}', { type: 'strin' } as never)).toThrow('toMatchSchema: cannot use the JSON Schema: Unsupported type: strin')
    expect(() => score('{}', 42 as never)).toThrow('toMatchSchema: the schema must be a zod schema or a JSON Schema object, got number')
  })

  test('formatPath', () => {
    expect(formatPath([])).toBe('(root)')
    expect(formatPath(['items', 0, 'id'])).toBe('items[0].id')
  })
})

describe('toMatchSchema as a matcher and from a dataset case', () => {
  test('.not and recording', (ctx) => {
    expect(GOOD).toMatchSchema(Person)
    expect(BAD).not.toMatchSchema(PERSON_SCHEMA)
    expect(ctx.task.meta.llmBenchEvaluations?.map(({ name, pass }) => ({ name, pass }))).toEqual([
      { name: 'toMatchSchema', pass: true },
      { name: 'not.toMatchSchema', pass: true },
    ])
  })

  test('failure message lists the issues', () => {
    expect(() => expect('{"name": 3, "age": 1}').toMatchSchema(Person)).toThrow(
      'Reason: a JSON object (2 keys) as the whole output has 1 schema issue: name: Invalid input: expected string, received number',
    )
  })

  test('the dataset form { schema: {...} }', async () => {
    const options = { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } }
    expect(toMatchSchema.argsForCase(makeCase(), options)).toEqual([options.schema, { extract: true, strict: false }])
    await expect(toMatchSchema.evaluateCase('Sure: {"name": "Lily"}', makeCase(), options)).resolves.toMatchObject({ name: 'toMatchSchema', pass: true })
    await expect(toMatchSchema.evaluateCase('{"nom": "Lily"}', makeCase(), options)).resolves.toMatchObject({ pass: false })
  })

  test('a missing or unsupported schema fails at option parsing', () => {
    expect(() => toMatchSchema.parseOptions({})).toThrow(/toMatchSchema: invalid options/)
    expect(() => toMatchSchema.parseOptions({ schema: { type: 'strin' } })).toThrow(/Invalid type: expected one of string\|number\|integer.*\n.*at schema\.type/)
    expect(() => toMatchSchema.parseOptions({ schema: { $ref: '#/nowhere' } })).toThrow(/Reference not found: #\/nowhere/)
  })
})
