import { describe, expect, test } from 'vitest'
import { findJson, matchingClose } from '../../../src/evaluators/json/find.ts'
import { locateError } from '../../../src/evaluators/json/position.ts'

const extract = { extract: true, strict: false }
const strict = { extract: true, strict: true }

describe('findJson', () => {
  test('the whole output', () => {
    expect(findJson(' {"a": 1}\n', strict)).toMatchObject({ ok: true, value: { a: 1 }, source: 'the whole output', start: 1, end: 9 })
    expect(findJson('42', strict)).toMatchObject({ ok: true, value: 42 })
  })

  test('JSON with trailing prose: found with extract, an error at the prose with strict', () => {
    const output = '{"name": "Ada", "age": 36}\nLet me know if you need anything else!'
    expect(findJson(output, extract)).toMatchObject({ ok: true, value: { name: 'Ada', age: 36 }, source: 'embedded in text', line: 1, column: 1 })
    expect(findJson(output, strict)).toMatchObject({
      ok: false,
      error: { message: 'Unexpected non-whitespace character after JSON', line: 2, column: 1, position: 27 },
    })
  })

  test('a ```json fence after prose, braces and brackets inside strings', () => {
    const output = 'Sure! Here it is {like this}:\n\n```json\n{\n  "template": "Hello {name}, see [1]",\n  "quote": "a \\"}\\" brace"\n}\n```\nDone.'
    expect(findJson(output, extract)).toMatchObject({
      ok: true,
      value: { template: 'Hello {name}, see [1]', quote: 'a "}" brace' },
      source: 'a ```json fence',
      line: 4,
      column: 1,
    })
  })

  test('embedded without a fence: braces in strings do not end the object early', () => {
    const output = 'Result: {"pattern": "}{", "list": ["]", "[["]} (as requested)'
    expect(findJson(output, extract)).toMatchObject({ ok: true, value: { pattern: '}{', list: [']', '[['] } })
  })

  test('prose brackets before the JSON are skipped', () => {
    expect(findJson('[Note] the data: [1, 2, 3].', extract)).toMatchObject({ ok: true, value: [1, 2, 3], column: 18 })
  })

  test('invalid JSON: the error with its line and column in the whole output', () => {
    const output = 'Here you go:\n{\n  "name": "Ada",\n  "age": 36,\n}'
    expect(findJson(output, extract)).toMatchObject({
      ok: false,
      error: { message: 'Expected double-quoted property name', line: 5, column: 1 },
      source: 'embedded in text',
    })
  })

  test('a truncated object: the error at the end', () => {
    expect(findJson('{"a": [1, 2', extract)).toMatchObject({ ok: false, error: { message: "Expected ',' or ']' after array element", line: 1, column: 12 } })
  })

  test('an invalid ```json fence is the error reported', () => {
    expect(findJson('```json\n{"a": tru}\n```', extract)).toMatchObject({ ok: false, source: 'a ```json fence', error: { line: 2, column: 10 } })
  })

  test('no JSON at all', () => {
    expect(findJson('hello', extract)).toMatchObject({ ok: false, error: { message: 'Unexpected token "h"', line: 1, column: 1 } })
  })

  test('matchingClose', () => {
    expect(matchingClose('x {"a": "}"} y', 2)).toBe(12)
    expect(matchingClose('{"a": [', 0)).toBe(7)
  })

  test('errors without a position in the message are located by bisection', () => {
    const text = '{\n  "a": tru\n}'
    let error: unknown
    try {
      JSON.parse(text)
    } catch (caught) {
      error = caught
    }
    expect(locateError(text, 0, text, error)).toEqual({ message: 'Unexpected token "\\n"', position: 12, line: 2, column: 11 })
  })
})
