import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { expectIssue, failingDataset, loadFailure } from './helpers.ts'

/** A valid case list, for datasets whose problem is elsewhere. */
const CASES = 'test_cases:\n  - id: a\n    prompt: hi\n'

describe('syntax errors', () => {
  test('bad YAML indentation is reported with its line and column', () => {
    const text = 'name: bad-indent\ndefaults:\n  temperature: 1\n max_tokens: 2\n' + CASES
    const { error, file } = failingDataset('indent.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, { line: 4, column: 1, path: '', message: 'invalid YAML: All mapping items must start at the same column' })
  })

  test('a trailing comma in JSON is a JSON error at the closing brace', () => {
    const text = '{\n  "name": "trailing",\n  "test_cases": [{ "id": "a", "prompt": "hi" }],\n}\n'
    const { error, file } = failingDataset('trailing.dataset.json', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, {
      line: 4,
      column: 1,
      path: '',
      message: 'invalid JSON: expected a property name in double quotes, found "}"',
      expected: 'a property name in double quotes',
      found: '"}"',
    })
  })

  test('an unterminated JSON document points at its end', () => {
    const { error, file } = failingDataset('open.dataset.json', '{\n  "name": "open"\n')
    expectIssue(error, file, { line: 3, column: 1, path: '', message: 'invalid JSON: expected "," or "}", found end of input' })
  })

  test('duplicate YAML keys name both lines, at every depth', () => {
    const text = 'name: dup\ndefaults:\n  seed: 1\n  seed: 2\nname: dup2\n' + CASES
    const { error, file } = failingDataset('dupkeys.dataset.yaml', text)
    expect(error.issues).toHaveLength(2)
    expectIssue(error, file, { line: 4, column: 3, path: 'defaults.seed', message: 'duplicate key "seed": first at line 3, again at line 4' })
    expectIssue(error, file, { line: 5, column: 1, path: 'name', message: 'duplicate key "name": first at line 1, again at line 5' })
  })

  test('duplicate keys in JSON are found too (JSON.parse would keep the last silently)', () => {
    const text = '{\n  "name": "a",\n  "test_cases": [{ "id": "a", "prompt": "x", "prompt": "y" }]\n}\n'
    const { error, file } = failingDataset('dupkeys.dataset.json', text)
    expectIssue(error, file, { line: 3, column: 46, path: 'test_cases[0].prompt', message: 'duplicate key "prompt": first at line 3, again at line 3' })
  })
})

describe('schema errors', () => {
  test('a wrong type names the expected type and the value found', () => {
    const text = 'name: types\ntest_cases:\n  - id: a\n    prompt: hi\n    config:\n      temperature: hot\n'
    const { error, file } = failingDataset('type.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, {
      line: 6,
      column: 20,
      path: 'test_cases[0].config.temperature',
      message: 'expected number, found string "hot"',
      expected: 'number',
      found: 'string "hot"',
    })
  })

  test('a negative max_tokens', () => {
    const { error, file } = failingDataset('neg.dataset.yaml', 'name: neg\ndefaults:\n  max_tokens: -5\n' + CASES)
    expectIssue(error, file, { line: 3, column: 15, path: 'defaults.max_tokens', message: 'expected number greater than 0, found number -5' })
  })

  test('a temperature above 2', () => {
    const { error, file } = failingDataset('hot.dataset.yaml', 'name: hot\ndefaults:\n  temperature: 2.5\n' + CASES)
    expectIssue(error, file, { line: 3, column: 16, path: 'defaults.temperature', message: 'expected number at most 2, found number 2.5' })
  })

  test('an unknown top-level field points at the key and suggests the close one', () => {
    const { error, file } = failingDataset('typo.dataset.yaml', 'name: typo\ndescripton: oops\n' + CASES)
    expectIssue(error, file, {
      line: 2,
      column: 1,
      path: 'descripton',
      message: 'unknown field "descripton", did you mean "description"?',
      found: '"descripton"',
    })
  })

  test('an unknown case field, with a suggestion', () => {
    const { error, file } = failingDataset('casetypo.dataset.yaml', 'name: t\ntest_cases:\n  - id: a\n    prompt: hi\n    expcted: yes\n')
    expectIssue(error, file, { line: 5, column: 5, path: 'test_cases[0].expcted', message: 'unknown field "expcted", did you mean "expected"?' })
  })

  test('an unknown field with no close name lists the known ones', () => {
    const { error, file } = failingDataset('far.dataset.yaml', 'name: t\ntest_cases:\n  - id: a\n    messages: [{ role: user, content: x, zzz: 1 }]\n')
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, { line: 4, column: 42, path: 'test_cases[0].messages[0].zzz', message: 'unknown field "zzz" (known fields: role, content)' })
  })

  test('a missing test_cases points at the top-level map', () => {
    const { error, file } = failingDataset('nocases.dataset.yaml', '# no cases yet\nname: empty\n')
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, {
      line: 2,
      column: 1,
      path: 'test_cases',
      message: 'missing required field "test_cases" (expected list)',
      expected: 'list',
      found: 'nothing',
    })
  })

  test('an empty test_cases list', () => {
    const { error, file } = failingDataset('zero.dataset.yaml', 'name: zero\ntest_cases: []\n')
    expectIssue(error, file, { line: 2, column: 13, path: 'test_cases', message: 'expected non-empty list, found empty list' })
  })

  test('a case without an id points at that case', () => {
    const text = 'name: noid\ntest_cases:\n  - id: a\n    prompt: x\n  - prompt: y\n    expected: z\n'
    const { error, file } = failingDataset('noid.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, { line: 5, column: 5, path: 'test_cases[1].id', message: 'missing required field "id" (expected string)' })
  })

  test('an id with a space breaks the id rule of the schema', () => {
    const { error, file } = failingDataset('spaceid.dataset.yaml', 'name: s\ntest_cases:\n  - id: two words\n    prompt: x\n')
    expectIssue(error, file, { line: 3, column: 9, path: 'test_cases[0].id', message: 'expected an id without spaces, slashes or "›", found string "two words"' })
  })

  test('a message role outside the enum', () => {
    const text = 'name: roles\ntest_cases:\n  - id: a\n    messages:\n      - role: bot\n        content: hi\n'
    const { error, file } = failingDataset('role.dataset.yaml', text)
    expectIssue(error, file, {
      line: 5,
      column: 15,
      path: 'test_cases[0].messages[0].role',
      message: 'expected one of system|user|assistant, found "bot"',
      expected: 'one of system|user|assistant',
      found: '"bot"',
    })
  })

  test('an assert entry with two keys', () => {
    const text = 'name: two\nassert:\n  - toContain: { value: a }\n    toMatchRegex: b\n' + CASES
    const { error, file } = failingDataset('twokeys.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, {
      line: 3,
      column: 5,
      path: 'assert[0]',
      message: 'an assertion is a matcher name, or a map with exactly one matcher name as its key; found map with keys "toContain" and "toMatchRegex"',
    })
  })

  test('a variable whose value is a list: every allowed type is named', () => {
    const { error, file } = failingDataset('varlist.dataset.yaml', 'name: v\nvariables:\n  topics: [a, b]\n' + CASES)
    expectIssue(error, file, { line: 3, column: 11, path: 'variables.topics', message: 'expected string, number or boolean, found list of 2 items' })
  })

  test('a YAML list at the top level', () => {
    const { error, file } = failingDataset('list.dataset.yaml', '- id: a\n  prompt: hi\n')
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, { line: 1, column: 1, path: '', message: 'expected map, found list of 1 item' })
  })

  test('an empty file', () => {
    const { error, file } = failingDataset('blank.dataset.yaml', '\n# nothing here\n')
    expectIssue(error, file, { line: 1, column: 1, path: '', message: 'expected a map with at least name and test_cases, found an empty file' })
  })

  test('JSON errors are located in the JSON text', () => {
    const text = '{\n  "name": "j",\n  "defaults": { "max_tokens": "many" },\n  "test_cases": [{ "id": "a", "prompt": "hi" }]\n}\n'
    const { error, file } = failingDataset('types.dataset.json', text)
    expectIssue(error, file, { line: 3, column: 31, path: 'defaults.max_tokens', message: 'expected number, found string "many"' })
  })
})

describe('checks after the schema', () => {
  test('duplicate case ids name both lines', () => {
    const text = 'name: ids\ntest_cases:\n  - id: same\n    prompt: a\n  - id: other\n    prompt: b\n  - id: same\n    prompt: c\n'
    const { error, file } = failingDataset('ids.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, { line: 7, column: 9, path: 'test_cases[2].id', message: 'duplicate case id "same": used at line 3 and line 7' })
  })

  test('unknown matcher names, dataset-level and case-level, with suggestions', () => {
    const text = 'name: m\nassert: [toContian]\ntest_cases:\n  - id: a\n    prompt: hi\n    assert:\n      - toEqualExpected\n      - toMatchRegx: "^a"\n'
    const { error, file } = failingDataset('matchers.dataset.yaml', text)
    expect(error.issues).toHaveLength(2)
    expectIssue(error, file, { line: 2, column: 10, path: 'assert[0]', message: 'unknown matcher "toContian", did you mean "toContain"?' })
    expectIssue(error, file, {
      line: 8,
      column: 9,
      path: 'test_cases[0].assert[1]',
      message: 'unknown matcher "toMatchRegx", did you mean "toMatchRegex"?',
      expected: 'a known matcher',
      found: '"toMatchRegx"',
    })
  })

  test('an unknown matcher with no close name lists the known ones', () => {
    const { error, file } = failingDataset('nomatch.dataset.yaml', 'name: m\nassert: [isPolite]\n' + CASES)
    expectIssue(error, file, {
      line: 2,
      column: 10,
      path: 'assert[0]',
      message: 'unknown matcher "isPolite" (known matchers: toContain, toContainReferences, toEqualExpected, toMatchRegex)',
    })
  })

  test('a variable with no value names the case and the variable, at the case', () => {
    const text = 'name: vars\nvariables:\n  lang: Rust\ntest_cases:\n  - id: explain\n    prompt: "Explain {{ lang }} {{feature}}"\n'
    const { error, file } = failingDataset('vars.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, {
      line: 5,
      column: 5,
      path: 'test_cases[0]',
      message: 'case "explain" uses {{feature}} but no variable "feature" is set in the case\'s or the dataset\'s variables',
    })
  })

  test('variables used in a prompt file and in the default system prompt are checked too', () => {
    const text = 'name: vars\ndefaults:\n  system: "You help {{team}}."\ntest_cases:\n  - id: sum\n    prompt_file: p/sum.md\n'
    const { error, file } = failingDataset('filevars.dataset.yaml', text, { 'p/sum.md': 'Summarize {{ text }}' })
    expect(error.issues.map((issue) => issue.message)).toEqual([
      'case "sum" uses {{text}} but no variable "text" is set in the case\'s or the dataset\'s variables',
      'case "sum" uses {{team}} but no variable "team" is set in the case\'s or the dataset\'s variables',
    ])
    expectIssue(error, file, { line: 5, column: 5, path: 'test_cases[0]', message: error.issues[0]?.message ?? '' })
  })

  test('a missing prompt file gives the absolute path it looked at', () => {
    const text = 'name: pf\ntest_cases:\n  - id: a\n    prompt_file: prompts/gone.md\n'
    const { error, file } = failingDataset('pf.dataset.yaml', text)
    const absolute = path.join(path.dirname(file), 'prompts', 'gone.md')
    expectIssue(error, file, { line: 4, column: 18, path: 'test_cases[0].prompt_file', message: `prompt file not found: ${absolute}` })
  })

  test('prompt and messages together', () => {
    const text = 'name: both\ntest_cases:\n  - id: a\n    prompt: hi\n    messages:\n      - { role: user, content: hi }\n'
    const { error, file } = failingDataset('both.dataset.yaml', text)
    expect(error.issues).toHaveLength(1)
    expectIssue(error, file, {
      line: 5,
      column: 5,
      path: 'test_cases[0].messages',
      message: 'a case has exactly one prompt source (one of prompt, prompt_file or messages), found prompt and messages',
    })
  })

  test('a case with no prompt at all', () => {
    const text = 'name: none\ntest_cases:\n  - id: a\n    prompt: hi\n  - id: silent\n    expected: nothing\n'
    const { error, file } = failingDataset('none.dataset.yaml', text)
    expectIssue(error, file, {
      line: 5,
      column: 5,
      path: 'test_cases[1]',
      message: 'case "silent" has no prompt: set one of prompt, prompt_file or messages, or a prompt_file for the whole dataset',
      expected: 'one of prompt, prompt_file or messages',
      found: 'none',
    })
  })

  test('a dataset file that does not exist', () => {
    const file = path.join(path.dirname(failingDataset('x.dataset.yaml', '').file), 'missing.dataset.yaml')
    const error = loadFailure(file)
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.message).toMatch(/^cannot read dataset file: ENOENT/)
  })
})

describe('a file with several problems', () => {
  const fixture = 'test/fixtures/datasets/broken.dataset.yaml'

  test('every problem is reported, in file order, under a header naming the file by its relative path', () => {
    const error = loadFailure(fixture)
    const lines = error.message.split('\n')
    expect(lines).toEqual([
      `Invalid dataset ${fixture} (8 problems):`,
      `${fixture}:3:1 descripton: unknown field "descripton", did you mean "description"?`,
      `${fixture}:5:16 defaults.temperature: expected number at most 2, found number 3`,
      `${fixture}:8:5 test_cases[0]: case "greet" uses {{name}} but no variable "name" is set in the case's or the dataset's variables`,
      `${fixture}:10:14 test_cases[0].assert[0]: unknown matcher "toEqualExpectd", did you mean "toEqualExpected"?`,
      `${fixture}:12:19 test_cases[0].config.max_tokens: expected number greater than 0, found number 0`,
      `${fixture}:13:9 test_cases[1].id: duplicate case id "greet": used at line 8 and line 13`,
      `${fixture}:15:9 test_cases[1].messages[0].content: missing required field "content" (expected string)`,
      `${fixture}:16:15 test_cases[1].messages[1].role: expected one of system|user|assistant, found "bot"`,
    ])
    expect(error.file).toBe(path.resolve(fixture))
  })
})
