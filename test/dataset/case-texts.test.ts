import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { readCaseTexts } from '../../src/dataset/case-texts.ts'
import { DatasetError } from '../../src/dataset/errors.ts'
import { loadDataset } from '../../src/dataset/load.ts'
import { KNOWN_MATCHERS, writeFiles } from './helpers.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const DATASETS = path.join(REPO, 'test', 'fixtures', 'datasets')
const SHARED = path.resolve(process.env['LLM_BENCH_SHARED_DIR'] ?? path.join(REPO, '..', 'shared'))
const GSM8K = path.join(SHARED, 'benchmarks', 'gsm8k-train-sample.jsonl')
const MATCHERS = new Set([...KNOWN_MATCHERS, 'toBeCloseToNumber'])

/** What the full load resolves for each case (the oracle): id, expected, references, variables. */
function fromFullLoad(file: string): unknown[] {
  return loadDataset(file, { knownMatchers: MATCHERS }).cases.map((c) => ({ id: c.id, expected: c.expected, references: c.references, variables: c.variables ?? {} }))
}

describe('readCaseTexts: a case\'s texts without a full load', () => {
  test.each(['full.dataset.yaml', 'full.dataset.json'])('the same texts as loadDataset resolves (%s: dataset variables under the case\'s own, number expected as text)', (name) => {
    const file = path.join(DATASETS, name)
    const texts = readCaseTexts(file)
    expect(texts).toEqual(fromFullLoad(file))
    expect(texts.some((c) => c.expected !== null && c.references.length > 0 && Object.keys(c.variables).length > 0)).toBe(true)
  })

  test('a source file\'s rows, after the file\'s own cases, sampled as a run samples them; variants change nothing', () => {
    const dir = writeFiles({
      'g.dataset.yaml': [
        'name: g',
        'variables: { tone: dry }',
        'variants: { a: { prompt: "A {{question}}" }, b: { prompt: "B {{question}}" } }',
        'test_cases:',
        '  - id: own',
        '    prompt: hi {{tone}}',
        '    expected: 4',
        '    references: [four, "4.0", 5]',
        `source: { path: ${GSM8K}, format: gsm8k, limit: 6, sample: 3, seed: 11 }`,
        '',
      ].join('\n'),
    })
    const file = path.join(dir, 'g.dataset.yaml')
    const texts = readCaseTexts(file)
    expect(texts).toEqual(fromFullLoad(file))
    expect(texts).toHaveLength(4)
    expect(texts[0]).toEqual({ id: 'own', expected: '4', references: ['four', '4.0', '5'], variables: { tone: 'dry' } })
    expect(texts.slice(1).every((c) => c.id.startsWith('gsm8k-') && c.expected !== null && c.variables['tone'] === 'dry')).toBe(true)
  })

  test('a file that is gone, no longer parses or no longer matches the schema throws a DatasetError naming it', () => {
    const dir = writeFiles({ 'bad.dataset.yaml': 'name: x\ntest_cases:\n  - id: a\n    prompt: [unclosed\n', 'wrong.dataset.json': '{"name": 3, "test_cases": []}' })
    for (const name of ['gone.dataset.yaml', 'bad.dataset.yaml', 'wrong.dataset.json']) {
      const file = path.join(dir, name)
      expect(() => readCaseTexts(file)).toThrow(DatasetError)
      expect(() => readCaseTexts(file)).toThrow(file)
    }
    expect(fs.existsSync(path.join(dir, 'gone.dataset.yaml'))).toBe(false)
  })
})
