import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadDataset } from '../../src/dataset/load.ts'
import { NESTING_MESSAGE } from '../../src/dataset/nesting.ts'
import { expectIssue, failingDataset, KNOWN_MATCHERS, loadFailure, tempDir, writeFiles } from './helpers.ts'

/** Names, extension keys, prompt files, nesting, encodings and multi-document YAML: accepted, or refused in the usual form. */

const load = (file: string) => loadDataset(file, { knownMatchers: KNOWN_MATCHERS })
const CASES = 'test_cases:\n  - id: a\n    prompt: hi\n'

describe('dataset names', () => {
  test('letters of any script are letters', () => {
    const dir = writeFiles({ 'u.dataset.yaml': `name: ünïcødé\n${CASES}`, 'j.dataset.json': JSON.stringify({ name: '日本語-v1.2', test_cases: [{ id: 'a', prompt: 'hi' }] }) })
    expect(load(path.join(dir, 'u.dataset.yaml')).name).toBe('ünïcødé')
    expect(load(path.join(dir, 'j.dataset.json')).name).toBe('日本語-v1.2')
  })

  test('spaces and slashes are still refused', () => {
    const { error, file } = failingDataset('s.dataset.yaml', `name: café au lait\n${CASES}`)
    expectIssue(error, file, { line: 1, column: 7, path: 'name', message: 'expected letters, digits, ".", "_" or "-", found string "café au lait"' })
  })
})

test('top-level x- keys are ignored, so anchors can live there; elsewhere an x- key is still unknown', () => {
  const text = [
    'name: anchors',
    'x-params: &params',
    '  temperature: 0.5',
    '  max_tokens: 40',
    'x-note: anything at all',
    'defaults:',
    '  <<: *params',
    'test_cases:',
    '  - id: a',
    '    prompt: hi',
    '    config: { <<: *params, seed: 3 }',
    '',
  ].join('\n')
  const dir = writeFiles({ 'x.dataset.yaml': text })
  const dataset = load(path.join(dir, 'x.dataset.yaml'))
  expect(dataset.cases[0]?.params).toEqual({ temperature: 0.5, max_tokens: 40, seed: 3 })
  const { error, file } = failingDataset('xcase.dataset.yaml', 'name: n\ntest_cases:\n  - id: a\n    prompt: hi\n    x-note: no\n')
  expect(error.issues).toHaveLength(1)
  expect(error.issues[0]).toMatchObject({ file, line: 5, column: 5, path: 'test_cases[0].x-note' })
})

test('an empty prompt file is refused like an empty inline prompt', () => {
  const text = 'name: p\ntest_cases:\n  - id: a\n    prompt_file: empty.md\n  - id: b\n    prompt_file: blank.md\n  - id: c\n    prompt: ""\n'
  const { error, file } = failingDataset('p.dataset.yaml', text, { 'empty.md': '', 'blank.md': '  \n\n' })
  const dir = path.dirname(file)
  expect(error.issues).toHaveLength(3)
  expectIssue(error, file, {
    line: 4,
    column: 18,
    path: 'test_cases[0].prompt_file',
    message: `prompt file ${path.join(dir, 'empty.md')} is empty (expected non-empty text)`,
    expected: 'non-empty text',
    found: 'an empty file',
  })
  expectIssue(error, file, { line: 6, column: 18, path: 'test_cases[1].prompt_file', message: `prompt file ${path.join(dir, 'blank.md')} is empty (expected non-empty text)` })
  expectIssue(error, file, { line: 8, column: 13, path: 'test_cases[2].prompt', message: 'expected non-empty string, found string ""' })
})

describe('deep nesting', () => {
  const deepFlow = (levels: number): string => `name: deep\nmetadata:\n  x: ${'['.repeat(levels)}${']'.repeat(levels)}\n${CASES}`

  test('5,000 levels of YAML flow lists: a nesting error at a place, not a stack overflow', () => {
    const { error, file } = failingDataset('flow.dataset.yaml', deepFlow(5000))
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatchObject({ file, line: 3, path: '', message: NESTING_MESSAGE, expected: 'at most 100 levels of nested lists and maps' })
    expect(error.message).not.toContain('call stack')
  })

  test('5,000 levels of YAML block maps', () => {
    let text = 'name: deep\nmetadata:\n'
    for (let level = 1; level <= 5000; level++) text += `${' '.repeat(level)}k:\n`
    const { error } = failingDataset('block.dataset.yaml', text + CASES)
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]?.message).toBe(NESTING_MESSAGE)
    expect(error.issues[0]?.line).toBeGreaterThan(2)
  })

  test('5,000 levels of JSON arrays', () => {
    const text = `{"name": "deep",\n "metadata": {"x": ${'['.repeat(5000)}${']'.repeat(5000)}},\n "test_cases": [{"id": "a", "prompt": "hi"}]}\n`
    const { error, file } = failingDataset('deep.dataset.json', text)
    // depth 1 is the document, 2 metadata, 3 the first "[": the 99th "[" is level 101
    expectIssue(error, file, { line: 2, column: 20 + 98, path: '', message: NESTING_MESSAGE })
  })

  test('the limit is exact: 100 levels load, 101 do not, and the error points at the first list too deep', () => {
    const dir = writeFiles({ 'ok.dataset.yaml': deepFlow(98) })
    expect(load(path.join(dir, 'ok.dataset.yaml')).name).toBe('deep')
    const { error, file } = failingDataset('over.dataset.yaml', deepFlow(99))
    expectIssue(error, file, { line: 3, column: 6 + 98, path: '', message: NESTING_MESSAGE })
  })
})

describe('encodings', () => {
  const TEXT = 'name: ünïcødé\ntest_cases:\n  - id: a\n    prompt: "Grüße 👋"\n'
  const utf16le = (text: string): Buffer => Buffer.from(text, 'utf16le')
  const swap16 = (bytes: Buffer): Buffer => Buffer.from(bytes).swap16()
  const utf32 = (text: string, littleEndian: boolean): Buffer => {
    const points = [...text].map((char) => char.codePointAt(0) ?? 0)
    const bytes = Buffer.alloc(points.length * 4)
    points.forEach((point, index) => (littleEndian ? bytes.writeUInt32LE(point, index * 4) : bytes.writeUInt32BE(point, index * 4)))
    return bytes
  }
  const files: Record<string, Buffer> = {
    'utf8-bom': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
    'utf16le': Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(TEXT)]),
    'utf16be': Buffer.concat([Buffer.from([0xfe, 0xff]), swap16(utf16le(TEXT))]),
    'utf32le': Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(TEXT, true)]),
    'utf32be': Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(TEXT, false)]),
  }

  test.each(Object.keys(files))('%s with its byte order mark is read', (name) => {
    const dir = tempDir()
    const file = path.join(dir, `${name}.dataset.yaml`)
    fs.writeFileSync(file, files[name] ?? Buffer.alloc(0))
    const dataset = load(file)
    expect(dataset.name).toBe('ünïcødé')
    expect(dataset.cases[0]?.prompt).toBe('Grüße 👋')
  })

  test('a JSON dataset and a prompt file in UTF-16 are read too', () => {
    const dir = tempDir()
    const json = JSON.stringify({ name: 'j', test_cases: [{ id: 'a', prompt_file: 'p.md' }] })
    fs.writeFileSync(path.join(dir, 'j.dataset.json'), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(json)]))
    fs.writeFileSync(path.join(dir, 'p.md'), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le('Größe?\n')]))
    expect(load(path.join(dir, 'j.dataset.json')).cases[0]?.prompt).toBe('Größe?')
  })

  test('a benchmark source file in UTF-16 is read; one in Latin-1 is refused at the dataset\'s source.path', () => {
    const dir = tempDir()
    const rows = `${JSON.stringify({ question: 'Wie viel ist 2+2, Jürgen?', answer: 'Vier.\n#### 4' })}\n`
    fs.writeFileSync(path.join(dir, 'wide.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(rows)]))
    fs.writeFileSync(path.join(dir, 'latin.jsonl'), Buffer.from(rows, 'latin1'))
    fs.writeFileSync(path.join(dir, 'wide.dataset.yaml'), 'name: wide\nsource: { path: wide.jsonl, format: gsm8k }\n')
    fs.writeFileSync(path.join(dir, 'latin.dataset.yaml'), 'name: latin\nsource:\n  path: latin.jsonl\n  format: gsm8k\n')
    const wide = loadDataset(path.join(dir, 'wide.dataset.yaml'), { knownMatchers: new Set(['toBeCloseToNumber']) })
    expect(wide.cases[0]).toMatchObject({ expected: '4' })
    expect(wide.cases[0]?.prompt).toContain('Jürgen')
    const error = loadFailure(path.join(dir, 'latin.dataset.yaml'))
    expect(error.issues).toHaveLength(1)
    expect(error.issues[0]).toMatchObject({ line: 3, column: 9, path: 'source.path', found: 'a byte sequence that is not UTF-8 (Latin-1 or another legacy encoding?)' })
    expect(error.issues[0]?.message).toContain(`source file ${path.join(dir, 'latin.jsonl')}:1:`)
  })

  test('UTF-16 without a byte order mark, and Latin-1, are refused with the place of the first bad byte', () => {
    const dir = tempDir()
    const bare = path.join(dir, 'bare.dataset.yaml')
    fs.writeFileSync(bare, utf16le('name: a\n' + CASES).subarray(0, 40))
    const latin = path.join(dir, 'latin.dataset.yaml')
    fs.writeFileSync(latin, Buffer.from(`name: a\ndescription: caf\xe9\n${CASES}`, 'latin1'))
    const bareError = loadFailure(bare)
    expect(bareError.issues).toHaveLength(1)
    expect(bareError.issues[0]).toMatchObject({ line: 1, column: 2, found: 'NUL bytes (UTF-16 or UTF-32 without a byte order mark?)' })
    expect(bareError.message).toContain(`${bare}:1:2 (top level): expected UTF-8 text (or UTF-16/UTF-32 with a byte order mark), found NUL bytes`)
    const latinError = loadFailure(latin)
    expect(latinError.issues[0]).toMatchObject({ line: 2, column: 17, path: '' })
    expect(latinError.issues[0]?.message).toMatch(/^expected UTF-8 text .*, found a byte sequence that is not UTF-8/)
  })
})

test('multi-document YAML is refused at the second document, in the usual form', () => {
  const { error, file } = failingDataset('multi.dataset.yaml', `name: one\n${CASES}---\nname: two\n${CASES}`)
  expect(error.issues).toHaveLength(1)
  expectIssue(error, file, {
    line: 5,
    column: 1,
    path: '',
    message: 'expected one YAML document, found a second document (after "---"); a dataset file holds one dataset',
    expected: 'one YAML document',
  })
  expect(error.message).not.toContain('parseAllDocuments')
})
