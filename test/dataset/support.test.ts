import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { describeValue } from '../../src/dataset/describe-value.ts'
import { DatasetError, formatDatasetIssue, type DatasetIssue } from '../../src/dataset/errors.ts'
import { findJsonSyntaxError } from '../../src/dataset/json-syntax.ts'
import { formatPath, locatePath } from '../../src/dataset/locate.ts'
import { parseSource } from '../../src/dataset/parse-source.ts'
import { closestName, editDistance } from '../../src/dataset/suggest.ts'

const issue = (line: number, message: string): DatasetIssue => ({
  file: path.resolve('datasets/x.dataset.yaml'),
  line,
  column: 3,
  path: 'test_cases[0].id',
  expected: null,
  found: null,
  message,
})

describe('DatasetError', () => {
  test('one problem: a singular header, the file relative to the working folder', () => {
    const error = new DatasetError(path.resolve('datasets/x.dataset.yaml'), [issue(4, 'bad')])
    expect(error.message).toBe('Invalid dataset datasets/x.dataset.yaml (1 problem):\ndatasets/x.dataset.yaml:4:3 test_cases[0].id: bad')
    expect(error.name).toBe('DatasetError')
    expect(error).toBeInstanceOf(Error)
  })

  test('issues are sorted by position and none is dropped', () => {
    const error = new DatasetError(path.resolve('datasets/x.dataset.yaml'), [issue(9, 'second'), issue(2, 'first')])
    expect(error.message.split('\n')).toHaveLength(3)
    expect(error.issues.map((item) => item.message)).toEqual(['first', 'second'])
  })

  test('a file outside the working folder is shown by its absolute path', () => {
    const outside = path.resolve('/', 'elsewhere', 'y.dataset.json')
    expect(formatDatasetIssue({ ...issue(1, 'm'), file: outside, path: '' })).toBe(`${outside}:1:3 (top level): m`)
  })
})

describe('locatePath', () => {
  const source = parseSource('/virtual/a.dataset.yaml', 'name: a\ntest_cases:\n  - id: x\n    config:\n      seed: 1\n    expected:\n')

  test('a value, a list item, a key, an empty value (its key) and a missing field (its map)', () => {
    expect(locatePath(source, ['test_cases', 0, 'config', 'seed'])).toEqual({ line: 5, column: 13 })
    expect(locatePath(source, ['test_cases', 0])).toEqual({ line: 3, column: 5 })
    expect(locatePath(source, ['test_cases', 0, 'config'], 'key')).toEqual({ line: 4, column: 5 })
    expect(locatePath(source, ['test_cases', 0, 'expected'])).toEqual({ line: 6, column: 5 })
    expect(locatePath(source, ['test_cases', 0, 'config', 'top_p'])).toEqual({ line: 5, column: 7 })
  })

  test('formatPath writes keys and indices the way users read them', () => {
    expect(formatPath(['test_cases', 2, 'config', 'temperature'])).toBe('test_cases[2].config.temperature')
    expect(formatPath(['variables', 'my var'])).toBe('variables["my var"]')
    expect(formatPath([])).toBe('')
  })
})

describe('findJsonSyntaxError', () => {
  test.each([
    ['{"a": 1}', null],
    ['[1, 2,]', { offset: 6, expected: 'a value', found: '"]"' }],
    ["{'a': 1}", { offset: 1, expected: 'a property name in double quotes', found: '"\'"' }],
    ['{"a" 1}', { offset: 5, expected: '":"', found: '"1"' }],
    ['{"a": "x\\q"}', { offset: 9, expected: 'a valid escape sequence', found: '"q"' }],
    ['{"a": 01}', { offset: 7, expected: '"," or "}"', found: '"1"' }],
    ['{} {}', { offset: 3, expected: 'end of input', found: '"{"' }],
    ['', { offset: 0, expected: 'a value', found: 'end of input' }],
  ])('%j', (text, expected) => {
    expect(findJsonSyntaxError(text)).toEqual(expected)
    // The scanner agrees with JSON.parse on validity.
    if (expected === null) expect(() => JSON.parse(text)).not.toThrow()
    else expect(() => JSON.parse(text)).toThrow(SyntaxError)
  })
})

describe('suggestions and value words', () => {
  test('closestName finds typos and refuses far-off names', () => {
    expect(closestName('temprature', ['temperature', 'top_p'])).toBe('temperature')
    expect(closestName('TOP_P', ['temperature', 'top_p'])).toBe('top_p')
    expect(closestName('banana', ['temperature', 'top_p'])).toBeNull()
    expect(editDistance('ab', 'ba')).toBe(1)
  })

  test('describeValue', () => {
    expect(describeValue('hot')).toBe('string "hot"')
    expect(describeValue(-5)).toBe('number -5')
    expect(describeValue(true)).toBe('boolean true')
    expect(describeValue(null)).toBe('null')
    expect(describeValue([])).toBe('empty list')
    expect(describeValue({ a: 1 })).toBe('map with key "a"')
    expect(describeValue('x'.repeat(60))).toBe(`string "${'x'.repeat(37)}..."`)
  })
})
