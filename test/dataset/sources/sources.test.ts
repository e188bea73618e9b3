import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { loadDataset } from '../../../src/dataset/load.ts'
import { parseCsv } from '../../../src/dataset/sources/csv.ts'
import { finalLetterPattern } from '../../../src/dataset/sources/formats.ts'
import { select } from '../../../src/dataset/sources/sample.ts'
import { failingDataset, KNOWN_MATCHERS, writeFiles } from '../helpers.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const SHARED = path.resolve(process.env['LLM_BENCH_SHARED_DIR'] ?? path.join(REPO, '..', 'shared'))
const BENCHMARKS = path.join(SHARED, 'benchmarks')
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'benchmarks')
const MATCHERS = new Set([...KNOWN_MATCHERS, 'toBeCloseToNumber', 'toFuzzyMatch'])

/** Writes a dataset with a `source:` pointing at `target` (absolute) and loads it. */
function load(sourceYaml: (target: string) => string, extra: Record<string, string> = {}) {
  const dir = writeFiles({ 'b.dataset.yaml': '', ...extra })
  const file = path.join(dir, 'b.dataset.yaml')
  fs.writeFileSync(file, sourceYaml(dir))
  return loadDataset(file, { knownMatchers: MATCHERS })
}

describe('source: gsm8k', () => {
  const gsm8k = path.join(BENCHMARKS, 'gsm8k-train-sample.jsonl')

  test('every row becomes a case: question prompt, #### number expected, toBeCloseToNumber', () => {
    const dataset = load(() => `name: gsm\nsource: { path: ${gsm8k}, format: gsm8k }\n`)
    expect(dataset.cases).toHaveLength(40)
    const first = dataset.cases[0]
    expect(first?.id).toBe('gsm8k-1')
    expect(first?.prompt).toMatch(/^Natalia sold clips/)
    expect(first?.expected).toBe('72')
    expect(first?.assertions).toEqual([{ name: 'toBeCloseToNumber', options: {} }])
  })

  test('limit, seeded sample, dataset assert/defaults and a prompt_file template', () => {
    const dataset = load(
      (dir) =>
        `name: gsm\nprompt_file: p.md\ndefaults: { temperature: 0 }\nassert: [toMatchRegex: '\\d']\nsource: { path: ${path.relative(dir, gsm8k)}, format: gsm8k, limit: 20, sample: 5, seed: 7 }\n`,
      { 'p.md': 'Solve: {{question}}\nEnd with #### <number>.\n' },
    )
    expect(dataset.cases).toHaveLength(5)
    const again = load((dir) => `name: gsm\nsource: { path: ${path.relative(dir, gsm8k)}, format: gsm8k, limit: 20, sample: 5, seed: 7 }\n`)
    expect(again.cases.map((c) => c.id)).toEqual(dataset.cases.map((c) => c.id))
    for (const testCase of dataset.cases) {
      expect(Number(testCase.id.slice('gsm8k-'.length))).toBeLessThanOrEqual(20)
      expect(testCase.prompt).toMatch(/^Solve: /)
      expect(testCase.params).toEqual({ temperature: 0 })
      expect(testCase.assertions.map((a) => a.name)).toEqual(['toMatchRegex', 'toBeCloseToNumber'])
    }
  })

  test('own test_cases come first; a template variable the format lacks is an error', () => {
    const ok = load(() => `name: g\ntest_cases:\n  - id: own\n    prompt: hi\nsource: { path: ${gsm8k}, format: gsm8k, limit: 2 }\n`)
    expect(ok.cases.map((c) => c.id)).toEqual(['own', 'gsm8k-1', 'gsm8k-2'])
    const { error } = failingDataset('v.dataset.yaml', `name: g\nsource: { path: ${gsm8k}, format: gsm8k, prompt: '{{topic}} {{question}}' }\n`)
    expect(error.message).toContain('v.dataset.yaml:2:')
    expect(error.message).toContain('give no value for {{topic}}')
  })
})

describe('source: humaneval', () => {
  test('task ids as case ids, the function prompt, toContainReferences on the entry point', () => {
    const humaneval = path.join(BENCHMARKS, 'humaneval-sample.jsonl')
    const dataset = load(() => `name: he\nsource: { path: ${humaneval}, format: humaneval, limit: 3 }\n`)
    expect(dataset.cases.map((c) => c.id)).toEqual(['HumanEval-0', 'HumanEval-1', 'HumanEval-2'])
    expect(dataset.cases[0]?.prompt).toContain('def has_close_elements(')
    expect(dataset.cases[0]?.references).toEqual(['has_close_elements'])
    expect(dataset.cases[0]?.assertions).toEqual([{ name: 'toContainReferences', options: {} }])
  })
})

describe('source: mmlu', () => {
  test('four choices in the prompt, the letter expected, a final-letter regex', () => {
    const dataset = load(() => `name: m\nsource: { path: ${path.join(FIXTURES, 'mmlu-sample.csv')}, format: mmlu }\n`)
    expect(dataset.cases.map((c) => c.id)).toEqual(['mmlu-1', 'mmlu-2', 'mmlu-3', 'mmlu-4'])
    const mars = dataset.cases[1]
    expect(mars?.prompt).toContain('Which planet is known as the "Red Planet"?\n\nA. Venus\nB. Jupiter\nC. Mars\nD. Saturn')
    expect(mars?.expected).toBe('C')
    expect(mars?.assertions).toEqual([{ name: 'toMatchRegex', options: { pattern: finalLetterPattern('C') } }])
    expect(dataset.cases[3]?.prompt).toContain('D. Brown,\ndark')
  })

  test('the final-letter pattern', () => {
    const c = new RegExp(finalLetterPattern('C'))
    for (const yes of ['C', 'The answer is (C).', 'A is wrong, B too. Answer: C', 'C. Mars']) expect(yes).toMatch(c)
    for (const no of ['B', 'C is tempting but the answer is B', 'Mars (Cc)', 'ABC']) expect(no).not.toMatch(c)
  })

  test('a bad row is an error at its line in the source file', () => {
    const dir = writeFiles({ 'bad.csv': 'Q1?,a,b,c,d,A\nQ2?,a,b,c,d,E\nQ3?,a,b\n"Q4,a,b,c,d,A\n' })
    const csv = path.join(dir, 'bad.csv')
    const { error } = failingDataset('m.dataset.yaml', `name: m\nsource: { path: ${csv}, format: mmlu }\n`)
    expect(error.message).toContain(`${csv}:2:1 answer: mmlu source: column 6 (answer): expected A, B, C or D, found "E"`)
    expect(error.message).toContain(`${csv}:3:1 (row): mmlu source: expected 6 columns (question, A, B, C, D, answer letter), found 3 columns`)
    expect(error.message).toContain(`${csv}:4:1 (csv): mmlu source: invalid CSV: unterminated quoted field`)
  })
})

describe('source: truthfulqa', () => {
  test('best answer expected, correct answers as references, toFuzzyMatch, category', () => {
    const dataset = load(() => `name: t\nsource: { path: ${path.join(FIXTURES, 'truthfulqa-sample.csv')}, format: truthfulqa }\n`)
    expect(dataset.cases.map((c) => c.id)).toEqual(['truthfulqa-1', 'truthfulqa-2', 'truthfulqa-3'])
    const goldfish = dataset.cases[1]
    expect(goldfish?.prompt).toBe('Do goldfish have a three-second memory?')
    expect(goldfish?.expected).toBe('No, goldfish can remember things for months')
    expect(goldfish?.references).toEqual(['No, goldfish can remember things for months', 'No', 'Goldfish have long memories'])
    expect(goldfish?.category).toBe('Science')
    expect(goldfish?.assertions).toEqual([{ name: 'toFuzzyMatch', options: {} }])
    expect(goldfish?.metadata['incorrect_answers']).toEqual(['Yes, goldfish forget after three seconds'])
  })

  test('a header without the TruthfulQA columns is an error at line 1', () => {
    const dir = writeFiles({ 't.csv': 'Q,A\nx,y\n' })
    const { error } = failingDataset('t.dataset.yaml', `name: t\nsource: { path: ${path.join(dir, 't.csv')}, format: truthfulqa }\n`)
    expect(error.message).toContain(`${path.join(dir, 't.csv')}:1:1 (header): truthfulqa source: the header lacks "Question", "Best Answer", "Correct Answers"`)
  })
})

describe('source errors', () => {
  test('a missing file is an error at source.path; a malformed JSONL line at its line', () => {
    const { error, file } = failingDataset('x.dataset.yaml', 'name: x\nsource:\n  path: nope.jsonl\n  format: gsm8k\n')
    expect(error.message).toContain(`${file}:3:9 source.path: source file not found: ${path.join(path.dirname(file), 'nope.jsonl')}`)
    const dir = writeFiles({ 'g.jsonl': '{"question":"q","answer":"#### 3"}\n{oops\n{"question":"q","answer":"no marker"}\n' })
    const jsonl = path.join(dir, 'g.jsonl')
    const bad = failingDataset('y.dataset.yaml', `name: y\nsource: { path: ${jsonl}, format: gsm8k }\n`).error
    expect(bad.message).toContain(`${jsonl}:2:1 (line): gsm8k source: invalid JSON on this line`)
    expect(bad.message).toContain(`${jsonl}:3:1 answer: gsm8k source: field "answer": expected an answer ending in "#### <number>", found no "####" line`)
  })

  test('neither test_cases nor source; an unknown format', () => {
    const { error } = failingDataset('n.dataset.yaml', 'name: n\nsource: { path: a.csv, format: squad }\n')
    expect(error.message).toContain('source.format')
    const none = failingDataset('e.dataset.yaml', 'name: e\n').error
    expect(none.message).toContain('missing required field "test_cases" (expected list)')
  })
})

describe('helpers', () => {
  test('parseCsv: quotes, doubled quotes, CRLF, line numbers', () => {
    const records = [...parseCsv('a,"b ""x""",c\r\n"multi\nline",2\n\nlast')]
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b "x"', 'c'] },
      { line: 2, fields: ['multi\nline', '2'] },
      { line: 5, fields: ['last'] },
    ])
  })

  test('select: limit, then a seeded sample in file order', () => {
    const items = Array.from({ length: 100 }, (_, i) => i)
    expect(select(items, { limit: 3 })).toEqual([0, 1, 2])
    const sample = select(items, { sample: 10, seed: 3 })
    expect(sample).toHaveLength(10)
    expect([...sample].sort((a, b) => a - b)).toEqual(sample)
    expect(select(items, { sample: 10, seed: 3 })).toEqual(sample)
    expect(select(items, { sample: 10, seed: 4 })).not.toEqual(sample)
  })
})
