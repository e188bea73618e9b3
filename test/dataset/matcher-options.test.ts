import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import type { z } from 'zod'
import { loadDataset, type LoadDatasetOptions } from '../../src/dataset/load.ts'
import { loadCustomEvaluators } from '../../src/evaluators/custom/load-custom.ts'
import { knownMatcherNames, loadMatchers, matcherCaseArguments, matcherOptionSchemas } from '../../src/evaluators/registry.ts'
import { REPO } from '../helpers/run-vitest.ts'
import { expectIssue, failingDataset, writeFiles } from './helpers.ts'

/**
 * Matcher options are checked when the dataset loads, against the option
 * schemas the evaluator registry exposes (the matchers' own zod schemas), so a
 * bad option is refused before any provider is called: every problem of the
 * file at once, each at its line, column and field path.
 */

let schemas: ReadonlyMap<string, z.ZodType>
let options: LoadDatasetOptions

beforeAll(async () => {
  schemas = matcherOptionSchemas(await loadMatchers(['toMatchRegex', 'toMatchSchema', 'toContainReferences']))
  options = { knownMatchers: new Set(knownMatcherNames()), matcherOptions: schemas }
})

const HEAD = 'name: opts\ntest_cases:\n  - id: a\n    prompt: hi\n    assert:\n'

describe('toMatchRegex', () => {
  test('a pattern that does not compile, inline, as shorthand and missing: all three at once, each at its place', () => {
    const text = HEAD + "      - toMatchRegex: { pattern: '(unclosed' }\n      - toMatchRegex: '[oops'\n      - toMatchRegex\n"
    const { error, file } = failingDataset('regex.dataset.yaml', text, {}, options)
    expect(error.issues).toHaveLength(3)
    expectIssue(error, file, {
      line: 6,
      column: 34,
      path: 'test_cases[0].assert[0].toMatchRegex.pattern',
      message:
        'toMatchRegex: invalid regular expression "(unclosed" with flags "": Invalid regular expression: /(unclosed/: Unterminated group; found string "(unclosed"',
    })
    expectIssue(error, file, {
      line: 7,
      column: 23,
      path: 'test_cases[0].assert[1].toMatchRegex',
      message:
        'toMatchRegex: invalid regular expression "[oops" with flags "": Invalid regular expression: /[oops/: Unterminated character class; found string "[oops"',
    })
    expectIssue(error, file, {
      line: 8,
      column: 9,
      path: 'test_cases[0].assert[2]',
      message: 'a `pattern` is required, e.g. { toMatchRegex: { pattern: "^Once", flags: "i" } }; found empty map',
    })
  })

  test('bad flags are refused too, and a misspelt option gets a suggestion', () => {
    const text = HEAD + "      - toMatchRegex: { pattern: 'a', flags: 'q' }\n      - toMatchRegex: { patern: 'a' }\n"
    const { error, file } = failingDataset('flags.dataset.yaml', text, {}, options)
    // the misspelt option leaves the pattern missing: both are said
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'test_cases[0].assert[0].toMatchRegex.pattern',
      'test_cases[0].assert[1].toMatchRegex',
      'test_cases[0].assert[1].toMatchRegex.patern',
    ])
    expect(error.issues[0]?.message).toContain("Invalid flags supplied to RegExp constructor 'q'")
    expectIssue(error, file, { line: 7, column: 25, path: 'test_cases[0].assert[1].toMatchRegex.patern', message: 'unknown option "patern", did you mean "pattern"?' })
  })
})

describe('toMatchSchema', () => {
  test('a JSON Schema with `type: strnig`, a bad keyword value and a dangling $ref: each at its own path', () => {
    const text =
      HEAD +
      [
        '      - toMatchSchema:',
        '          schema:',
        '            type: object',
        '            properties:',
        '              name: { type: strnig }',
        '              age: { type: integer, minimum: zero }',
        '            required: name',
        "      - toMatchSchema: { schema: { $ref: '#/nope' } }",
        '',
      ].join('\n')
    const { error, file } = failingDataset('schema.dataset.yaml', text, {}, options)
    expect(error.issues).toHaveLength(4)
    expectIssue(error, file, {
      line: 10,
      column: 29,
      path: 'test_cases[0].assert[0].toMatchSchema.schema.properties.name.type',
      message: 'expected one of string|number|integer|boolean|object|array|null, found "strnig"',
    })
    expectIssue(error, file, {
      line: 11,
      column: 46,
      path: 'test_cases[0].assert[0].toMatchSchema.schema.properties.age.minimum',
      message: 'expected number, found string "zero"',
    })
    expectIssue(error, file, { line: 12, column: 23, path: 'test_cases[0].assert[0].toMatchSchema.schema.required', message: 'expected list, found string "name"' })
    expectIssue(error, file, {
      line: 13,
      column: 34,
      path: 'test_cases[0].assert[1].toMatchSchema.schema',
      message: 'toMatchSchema: cannot use the JSON Schema: Reference not found: #/nope; found map with key "$ref"',
    })
  })

  test('a schema pattern that does not compile is found inside the schema', () => {
    const text = HEAD + "      - toMatchSchema: { schema: { type: string, pattern: '(a' } }\n"
    const { error } = failingDataset('pattern.dataset.yaml', text, {}, options)
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatchObject({ line: 6, path: 'test_cases[0].assert[0].toMatchSchema.schema.pattern' })
    expect(error.issues[0]?.message).toContain('a regular expression that compiles')
  })

  test('a missing schema is named', () => {
    const { error, file } = failingDataset('noschema.dataset.yaml', HEAD + '      - toMatchSchema: { strict: true }\n', {}, options)
    expectIssue(error, file, { line: 6, column: 24, path: 'test_cases[0].assert[0].toMatchSchema.schema', message: 'expected map or boolean, found nothing' })
  })
})

test('dataset-wide assertions are checked, and option problems are listed with every other problem of the file', () => {
  const text = "name: all\nassert:\n  - toMatchRegex: '(x'\ndefaults:\n  temperature: hot\ntest_cases:\n  - id: a\n    prompt: hi\n    assert:\n      - toContainReferences: { min: 2 }\n"
  const { error, file } = failingDataset('all.dataset.yaml', text, {}, options)
  expect(error.issues.map((issue) => `${issue.line}:${issue.path}`)).toEqual(['3:assert[0].toMatchRegex', '5:defaults.temperature', '10:test_cases[0].assert[0].toContainReferences.min'])
  expect(error.message.split('\n')[0]).toBe(`Invalid dataset ${file} (3 problems):`)
  expectIssue(error, file, { line: 10, column: 37, path: 'test_cases[0].assert[0].toContainReferences.min', message: 'expected number at most 1, found number 2' })
})

test('valid options load, and without schemas (no registry) options are not checked', () => {
  const text = HEAD + "      - toMatchRegex: { pattern: '^Once', flags: i }\n      - toMatchSchema: { schema: { type: object, required: [a] }, strict: true }\n"
  const dir = writeFiles({ 'ok.dataset.yaml': text, 'bad.dataset.yaml': HEAD + "      - toMatchRegex: '('\n" })
  const loaded = loadDataset(path.join(dir, 'ok.dataset.yaml'), options)
  expect(loaded.cases[0]?.assertions.map((a) => a.name)).toEqual(['toMatchRegex', 'toMatchSchema'])
  expect(() => loadDataset(path.join(dir, 'bad.dataset.yaml'), { knownMatchers: options.knownMatchers })).not.toThrow()
})

describe("what a matcher needs from the case", () => {
  test('a case without expected, references or a rubric, or with a non-numeric expected, is refused at its place', async () => {
    const definitions = await loadMatchers(['toEqualExpected', 'toContainReferences', 'toBeCloseToNumber', 'toSatisfyRubric'])
    const withArgs: LoadDatasetOptions = { ...options, matcherOptions: matcherOptionSchemas(definitions), matcherArgs: matcherCaseArguments(definitions) }
    const text = [
      'name: needs',
      'assert:',
      '  - toEqualExpected',
      'test_cases:',
      '  - id: fine',
      '    prompt: hi',
      '    expected: hello',
      '  - id: bare',
      '    prompt: hi',
      '  - id: refs',
      '    prompt: hi',
      '    expected: x',
      '    assert:',
      '      - toContainReferences',
      '      - toBeCloseToNumber',
      '      - toSatisfyRubric: { min: 0.5 }',
      '',
    ].join('\n')
    const { error, file } = failingDataset('needs.dataset.yaml', text, {}, withArgs)
    expect(error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}`)).toEqual([
      '8:5 test_cases[1]',
      '14:9 test_cases[2].assert[0]',
      '15:9 test_cases[2].assert[1]',
      '16:9 test_cases[2].assert[2]',
    ])
    expectIssue(error, file, {
      line: 8,
      column: 5,
      path: 'test_cases[1]',
      message: 'toEqualExpected: case "bare" has no `expected` value; add `expected:` to the case or drop the assertion',
    })
    expectIssue(error, file, {
      line: 14,
      column: 9,
      path: 'test_cases[2].assert[0]',
      message: 'toContainReferences: case "refs" has no references; add a `references:` list to the case or drop the assertion',
    })
    expect(error.issues[2]?.message).toContain('case "refs"')
    expect(error.issues[3]?.message).toBe('toSatisfyRubric: case "refs" gives no rubric; set `criteria: [{ name, description, weight? }]` or `rubric: \'...\'`')
  })
})

describe('custom evaluators', () => {
  test('one made with defineEvaluator is checked against its own schema; a plain function takes any options', async () => {
    // a real module, inside the repository so that it resolves zod and the library
    const dir = path.join(REPO, '.cache', 'test-evaluators', `${process.pid}-${Date.now()}`)
    fs.mkdirSync(dir, { recursive: true })
    const library = path.join(REPO, 'src', 'evaluators', 'define-evaluator.ts')
    fs.writeFileSync(
      path.join(dir, 'words.ts'),
      [
        "import { z } from 'zod'",
        `import { defineEvaluator } from ${JSON.stringify(library)}`,
        'export default defineEvaluator({',
        "  name: 'hasWords', description: 'at least min words',",
        '  options: z.strictObject({ min: z.int().positive() }),',
        '  argsFromCase: (_c, o) => [o.min] as [number],',
        "  evaluate: (received: string, min: number) => ({ pass: received.split(' ').length >= min, score: 1, threshold: 1, reason: 'words' }),",
        '})',
        '',
      ].join('\n'),
    )
    fs.writeFileSync(path.join(dir, 'plain.js'), 'export default (output) => output.length > 0\n')
    try {
      const custom = await loadCustomEvaluators({ hasWords: './words.ts', nonEmpty: './plain.js' }, dir)
      const customOptions: LoadDatasetOptions = { knownMatchers: new Set(custom.keys()), matcherOptions: matcherOptionSchemas(custom) }
      const text = HEAD + '      - hasWords: { min: -1 }\n      - hasWords: { mni: 2 }\n      - nonEmpty: { anything: [1, 2] }\n'
      const { error, file } = failingDataset('custom.dataset.yaml', text, {}, customOptions)
      expect(error.issues).toHaveLength(3)
      expectIssue(error, file, { line: 6, column: 26, path: 'test_cases[0].assert[0].hasWords.min', message: 'expected number greater than 0, found number -1' })
      expectIssue(error, file, { line: 7, column: 21, path: 'test_cases[0].assert[1].hasWords.mni', message: 'unknown option "mni", did you mean "min"?' })
      expectIssue(error, file, { line: 7, column: 19, path: 'test_cases[0].assert[1].hasWords.min', message: 'missing required field "min" (expected number)' })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
