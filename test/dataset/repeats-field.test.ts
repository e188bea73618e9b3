import path from 'node:path'
import { expect, test } from 'vitest'
import { repeatsOf } from '../../src/config/repeats.ts'
import { loadDataset } from '../../src/dataset/load.ts'
import { KNOWN_MATCHERS, loadFailure, writeFiles } from './helpers.ts'

/** `repeats` in a dataset's defaults and a case's config: read from a real file, resolved with the run's value, refused when not a positive whole number. */

const DATASET = `name: r
defaults:
  repeats: 3
test_cases:
  - id: a
    prompt: hi
  - id: b
    prompt: hi
    config:
      repeats: 5
`

test('a case\'s config.repeats wins over defaults.repeats, which wins over LLM_BENCH_REPEATS and the option; model params are unchanged', () => {
  const dir = writeFiles({ 'r.dataset.yaml': DATASET, 'plain.dataset.yaml': 'name: p\ntest_cases:\n  - id: a\n    prompt: hi\n' })
  const [a, b] = loadDataset(path.join(dir, 'r.dataset.yaml'), { knownMatchers: KNOWN_MATCHERS }).cases
  expect(a?.repeats).toBe(3)
  expect(b?.repeats).toBe(5)
  expect(a?.params).toEqual({})
  const [plain] = loadDataset(path.join(dir, 'plain.dataset.yaml'), { knownMatchers: KNOWN_MATCHERS }).cases
  expect(plain?.repeats).toBeNull()
  expect(repeatsOf(b?.repeats ?? null, { LLM_BENCH_REPEATS: '2' }, 4)).toBe(5)
  expect(repeatsOf(plain?.repeats ?? null, { LLM_BENCH_REPEATS: '2' }, 4)).toBe(2)
  expect(repeatsOf(plain?.repeats ?? null, {}, 4)).toBe(4)
  expect(() => repeatsOf(null, { LLM_BENCH_REPEATS: '-1' }, 1)).toThrow('LLM_BENCH_REPEATS must be a positive integer (the number of samples of each case), got "-1"')
})

test('repeats: 0 in a case is refused at its line with the field path', () => {
  const dir = writeFiles({ 'bad.dataset.yaml': 'name: r\ntest_cases:\n  - id: a\n    prompt: hi\n    config:\n      repeats: 0\n' })
  const message = loadFailure(path.join(dir, 'bad.dataset.yaml')).message
  expect(message).toContain('bad.dataset.yaml:6:')
  expect(message).toContain('test_cases[0].config.repeats')
})
