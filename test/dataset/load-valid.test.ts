import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { datasetPromptFiles, isDatasetFile, loadDataset } from '../../src/dataset/load.ts'
import { KNOWN_MATCHERS, writeFiles } from './helpers.ts'

const FIXTURES = path.resolve('test/fixtures/datasets')
const load = (file: string) => loadDataset(file, { knownMatchers: KNOWN_MATCHERS })

describe('a YAML dataset with every field', () => {
  const dataset = load(path.join(FIXTURES, 'full.dataset.yaml'))
  const byId = (id: string) => dataset.cases.find((testCase) => testCase.id === id)

  test('dataset fields; a numeric version becomes a string', () => {
    expect(dataset.file).toBe(path.join(FIXTURES, 'full.dataset.yaml'))
    expect(dataset.name).toBe('full-yaml')
    expect(dataset.description).toBe('Every field of the format')
    expect(dataset.version).toBe('1.2')
    expect(dataset.cases.map((testCase) => testCase.id)).toEqual(['inline-prompt', 'from-prompt-file', 'chat', 'chat-with-own-system', 'dataset-prompt-file'])
  })

  test('an inline prompt: case variables win over dataset variables, numbers are written out', () => {
    expect(byId('inline-prompt')).toEqual({
      id: 'inline-prompt',
      category: 'writing',
      description: 'An inline prompt with variables',
      prompt: 'Write a haiku about rust for poets in 2025.',
      messages: null,
      system: 'You are a terse assistant for Acme.',
      params: { temperature: 0.9, max_tokens: 256, top_p: 0.9, stop: ['###'], seed: 7 },
      timeoutMs: 5000,
      repeats: null,
      providers: ['local'],
      expected: 'haiku',
      references: ['five syllables', 'seven syllables'],
      assertions: [
        { name: 'toContain', options: { value: 'Acme' } },
        { name: 'toEqualExpected', options: {} },
        { name: 'toMatchRegex', options: { value: '^Once' } },
        { name: 'toContainReferences', options: { min: 0.5 } },
        { name: 'toContainReferences', options: {} },
      ],
      metadata: { difficulty: 'easy' },
      // what a function provider receives as \`vars\`: the dataset's, then the case's own
      variables: { audience: 'poets', product: 'Acme', topic: 'rust', year: 2025 },
    })
  })

  test('a case prompt file, relative to the dataset folder; the case system prompt wins', () => {
    const testCase = byId('from-prompt-file')
    expect(testCase?.prompt).toBe('Summarize in 5 words:\n\nThe quick brown fox.')
    expect(testCase?.system).toBe('Summarize for engineers.')
    expect(testCase?.params).toEqual({ temperature: 0.2, max_tokens: 64, top_p: 0.9, stop: [], seed: 7 })
    expect(testCase?.timeoutMs).toBe(30000)
    expect(testCase?.providers).toBeNull()
    expect(testCase?.category).toBeNull()
    expect(testCase?.references).toEqual([])
    expect(testCase?.assertions).toEqual([{ name: 'toContain', options: { value: 'Acme' } }])
  })

  test('chat messages: rendered, default system prompt prepended, escaped braces kept literal', () => {
    const testCase = byId('chat')
    expect(testCase?.prompt).toBeNull()
    expect(testCase?.system).toBeNull()
    expect(testCase?.messages).toEqual([
      { role: 'system', content: 'You are a terse assistant for Acme.' },
      { role: 'user', content: 'Hello Acme' },
      { role: 'assistant', content: 'Hi!' },
      { role: 'user', content: 'Show {{ literal }} please' },
    ])
  })

  test('chat messages with their own system message get no default one', () => {
    expect(byId('chat-with-own-system')?.messages).toEqual([
      { role: 'system', content: 'Own system' },
      { role: 'user', content: 'Hi' },
    ])
  })

  test('a case with no prompt of its own uses the dataset prompt file', () => {
    expect(byId('dataset-prompt-file')?.prompt).toBe('Tell engineers about tea (true).')
  })

  test('every prompt file read is recorded once, by absolute path', () => {
    expect(dataset.promptFiles).toEqual([path.join(FIXTURES, 'prompts/default.md'), path.join(FIXTURES, 'prompts/summarize.md')])
  })
})

describe('a JSON dataset', () => {
  const dataset = load(path.join(FIXTURES, 'full.dataset.json'))
  const [capital, chat, file] = dataset.cases

  test('defaults merge with case config, key by key', () => {
    expect(dataset.name).toBe('full-json')
    expect(dataset.version).toBe('2')
    expect(dataset.description).toBeNull()
    expect(capital?.prompt).toBe('Which country is Paris in?')
    expect(capital?.system).toBe('Be brief.')
    expect(capital?.params).toEqual({ temperature: 0, max_tokens: 20, top_p: 0.5, seed: 1 })
    expect(capital?.timeoutMs).toBeNull()
  })

  test('messages, with a case variable overriding the dataset one', () => {
    expect(chat?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Name a museum in Rome.' },
    ])
    expect(chat?.assertions).toEqual([{ name: 'toMatchRegex', options: { pattern: 'Vatican|Borghese' } }])
  })

  test('a prompt file shared with the YAML fixture, and providers', () => {
    expect(file?.prompt).toBe('Summarize in 3 words:\n\nLong text.')
    expect(file?.system).toBe('Summarize.')
    expect(file?.providers).toEqual(['openai:gpt-4o-mini'])
    expect(dataset.promptFiles).toEqual([path.join(FIXTURES, 'prompts/summarize.md')])
  })
})

describe('small datasets', () => {
  test('a relative path is resolved against the working folder', () => {
    const dataset = load('test/fixtures/datasets/full.dataset.json')
    expect(dataset.file).toBe(path.join(FIXTURES, 'full.dataset.json'))
  })

  test('a .yml file, CRLF line ends and a dataset-level prompt file in a sub-folder', () => {
    const text = 'name: crlf\r\nprompt_file: p/ask.txt\r\nvariables: { q: why }\r\ntest_cases:\r\n  - id: a\r\n'
    const dir = writeFiles({ 'crlf.dataset.yml': text, 'p/ask.txt': 'Ask: {{q}}' })
    const dataset = load(path.join(dir, 'crlf.dataset.yml'))
    expect(dataset.cases[0]?.prompt).toBe('Ask: why')
    expect(dataset.cases[0]?.params).toEqual({})
    expect(dataset.cases[0]?.system).toBeNull()
    expect(dataset.cases[0]?.assertions).toEqual([])
    expect(dataset.cases[0]?.metadata).toEqual({})
    expect(dataset.promptFiles).toEqual([path.join(dir, 'p', 'ask.txt')])
  })

  test('YAML anchors and << merge keys share config between cases', () => {
    const text = [
      'name: merge',
      'test_cases:',
      '  - id: a',
      '    prompt: x',
      '    config: &cold { temperature: 0, seed: 1 }',
      '  - id: b',
      '    prompt: y',
      '    config:',
      '      <<: *cold',
      '      seed: 2',
      '',
    ].join('\n')
    const dir = writeFiles({ 'merge.dataset.yaml': text })
    const [a, b] = load(path.join(dir, 'merge.dataset.yaml')).cases
    expect(a?.params).toEqual({ temperature: 0, seed: 1 })
    expect(b?.params).toEqual({ temperature: 0, seed: 2 })
  })

  test('in a JSON string the escape is written \\\\{{', () => {
    const text = JSON.stringify({ name: 'esc', test_cases: [{ id: 'a', prompt: 'Show \\{{x}} not {{x}}', variables: { x: 1 } }] })
    const dir = writeFiles({ 'esc.dataset.json': text })
    expect(load(path.join(dir, 'esc.dataset.json')).cases[0]?.prompt).toBe('Show {{x}} not 1')
  })

  test('a prompt file is read as UTF-8', () => {
    const dir = writeFiles({ 'u.dataset.yaml': 'name: u\ntest_cases:\n  - id: a\n    prompt_file: u.md\n', 'u.md': 'Grüß dich, 世界 ✓' })
    expect(load(path.join(dir, 'u.dataset.yaml')).cases[0]?.prompt).toBe('Grüß dich, 世界 ✓')
  })
})

describe('isDatasetFile', () => {
  test.each([
    ['datasets/qa.dataset.yaml', true],
    ['qa.dataset.yml', true],
    ['/abs/qa.dataset.json', true],
    ['qa.yaml', false],
    ['qa.dataset.ts', false],
    ['dataset.yaml', false],
  ])('%s → %s', (file, expected) => {
    expect(isDatasetFile(file)).toBe(expected)
  })
})

describe('datasetPromptFiles', () => {
  test('lists the prompt files of a valid dataset', () => {
    expect(datasetPromptFiles(path.join(FIXTURES, 'full.dataset.yaml'))).toEqual([
      path.join(FIXTURES, 'prompts/default.md'),
      path.join(FIXTURES, 'prompts/summarize.md'),
    ])
  })

  test('does its best on a dataset that fails validation, including files that do not exist yet', () => {
    const text = 'name: bad name\nprompt_file: a.md\ntest_cases:\n  - id: x\n    prompt_file: b.md\n    temprature: 9\n  - prompt_file: a.md\n'
    const dir = writeFiles({ 'bad.dataset.yaml': text })
    expect(datasetPromptFiles(path.join(dir, 'bad.dataset.yaml'))).toEqual([path.join(dir, 'a.md'), path.join(dir, 'b.md')])
  })

  test('returns nothing for a file that cannot be parsed or read', () => {
    const dir = writeFiles({ 'broken.dataset.json': '{ "prompt_file": "a.md", ' })
    expect(datasetPromptFiles(path.join(dir, 'broken.dataset.json'))).toEqual([])
    expect(datasetPromptFiles(path.join(dir, 'absent.dataset.yaml'))).toEqual([])
    expect(fs.existsSync(path.join(dir, 'absent.dataset.yaml'))).toBe(false)
  })
})

describe("a dataset's own assert list (issue 11)", () => {
  test('is parsed once: every case holds the same assertion objects, its own after them', () => {
    const dir = writeFiles({
      'shared.dataset.yaml': [
        'name: shared',
        'assert:',
        '  - toMatchRegex: { pattern: robot }',
        '  - toEqualExpected',
        'test_cases:',
        '  - { id: a, prompt: one, expected: x }',
        '  - { id: b, prompt: two, expected: y, assert: [{ toContain: { value: z } }] }',
      ].join('\n'),
    })
    const [a, b] = load(path.join(dir, 'shared.dataset.yaml')).cases
    expect(a?.assertions).toEqual([{ name: 'toMatchRegex', options: { pattern: 'robot' } }, { name: 'toEqualExpected', options: {} }])
    expect(b?.assertions).toEqual([...(a?.assertions ?? []), { name: 'toContain', options: { value: 'z' } }])
    expect(b?.assertions[0]).toBe(a?.assertions[0])
    expect(b?.assertions[1]?.options).toBe(a?.assertions[1]?.options)
  })
})
