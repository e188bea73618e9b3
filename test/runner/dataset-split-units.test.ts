import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { TestProject, Vitest } from 'vitest/node'
import { resolveOptions } from '../../src/config/options.ts'
import { estimateCases } from '../../src/runner/dataset-split-count.ts'
import { projectPartsOf } from '../../src/runner/dataset-split-specs.ts'
import { AUTO_SPLIT, datasetFileOf, datasetPartOf, partCount, partModuleId, partRange } from '../../src/runner/dataset-split.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'split-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const at = path.join(dir, name)
  writeFileSync(at, text)
  return at
}

describe('part ids', () => {
  test('a part id names its file and part; any other id is a whole file', () => {
    const id = partModuleId('/p/datasets/a.dataset.yaml', { index: 2, count: 4 })
    expect(id).toBe('/p/datasets/a.dataset.yaml?llm-part=2-of-4')
    expect(datasetPartOf(id)).toEqual({ file: '/p/datasets/a.dataset.yaml', part: { index: 2, count: 4 } })
    expect(datasetPartOf('/p/datasets/a.dataset.yaml')).toEqual({ file: '/p/datasets/a.dataset.yaml', part: null })
    expect(datasetPartOf('/p/a.dataset.yaml?llm-part=5-of-4').part).toBeNull()
    expect(datasetFileOf(id)).toBe('/p/datasets/a.dataset.yaml')
  })

  test('parts are contiguous, cover every case once, and differ in size by at most one', () => {
    for (const [cases, count] of [[10, 3], [40, 2], [3, 5], [20_000, 15]] as const) {
      const ranges = Array.from({ length: count }, (_, i) => partRange(cases, { index: i + 1, count }))
      expect(ranges[0]!.start).toBe(0)
      expect(ranges.at(-1)!.end).toBe(cases)
      for (let i = 1; i < count; i++) expect(ranges[i]!.start).toBe(ranges[i - 1]!.end)
      const sizes = ranges.map((r) => r.end - r.start)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    }
  })
})

describe('partCount', () => {
  const base = { tests: 20_000, concurrency: 64, workers: 8 }
  test("'auto': large files with high concurrency are split up to the workers; small or low-concurrency ones are not", () => {
    expect(partCount({ setting: 'auto', ...base })).toBe(8)
    expect(partCount({ setting: 'auto', ...base, tests: 1_500 })).toBe(3)
    expect(partCount({ setting: 'auto', ...base, tests: AUTO_SPLIT.MIN_TESTS - 1 })).toBe(1)
    expect(partCount({ setting: 'auto', ...base, tests: 4_000, concurrency: AUTO_SPLIT.MIN_CONCURRENCY - 1 })).toBe(1)
    expect(partCount({ setting: 'auto', ...base, tests: 4_000, workers: 1 })).toBe(1)
    expect(partCount({ setting: 'auto', ...base, tests: null })).toBe(1)
  })
  test("'auto': a file of more tests than a part holds is split into parts of at most that many, whatever the workers and concurrency", () => {
    const max = AUTO_SPLIT.MAX_TESTS_PER_PART
    expect(partCount({ setting: 'auto', ...base, workers: 1 })).toBe(Math.ceil(20_000 / max))
    expect(partCount({ setting: 'auto', ...base, workers: 1, concurrency: 1 })).toBe(Math.ceil(20_000 / max))
    expect(partCount({ setting: 'auto', ...base, tests: max, workers: 1 })).toBe(1)
    expect(partCount({ setting: 'auto', ...base, tests: max + 1, workers: 1 })).toBe(2)
    expect(partCount({ setting: 'auto', ...base, tests: 100_000, workers: 2 })).toBe(20)
    // more workers than size parts: the workers' split stands
    expect(partCount({ setting: 'auto', ...base, workers: 8 })).toBe(8)
  })
  test('a number forces that many parts; false never splits', () => {
    expect(partCount({ setting: 3, ...base, tests: 10, concurrency: 1, workers: 1 })).toBe(3)
    expect(partCount({ setting: false, ...base })).toBe(1)
  })
})

describe('estimateCases', () => {
  test('YAML: the items of the top-level test_cases list, at any indentation, block text inside them ignored', () => {
    const items = Array.from({ length: 5 }, (_, i) => `  - id: c${i}\n    prompt: |\n      - not a case\n      id: no\n`).join('')
    expect(estimateCases(file('a.dataset.yaml', `name: a\ntest_cases:\n${items}defaults:\n  timeout_ms: 5\n`))).toBe(5)
    expect(estimateCases(file('b.dataset.yaml', 'name: b\ntest_cases:\n- id: x\n  prompt: p\n- id: y\n  prompt: q\nassert:\n  - toBeValidJson: {}\n'))).toBe(2)
  })
  test("JSON: test_cases' length; a source adds its limit/sample or its file's rows", () => {
    file('rows.jsonl', '{"question":"a","answer":"1"}\n{"question":"b","answer":"2"}\n{"question":"c","answer":"3"}\n')
    expect(estimateCases(file('c.dataset.json', JSON.stringify({ name: 'c', test_cases: [{ id: 'a' }, { id: 'b' }], source: { path: 'rows.jsonl', format: 'gsm8k' } })))).toBe(5)
    expect(estimateCases(file('d.dataset.yaml', 'name: d\nsource:\n  path: rows.jsonl\n  format: gsm8k\n  limit: 2\n'))).toBe(2)
    expect(estimateCases(path.join(dir, 'missing.dataset.yaml'))).toBeNull()
  })
})

describe('projectPartsOf: the option, the providers and the workers together', () => {
  const big = (): string => file('big.dataset.yaml', `name: big\ntest_cases:\n${Array.from({ length: 2_400 }, (_, i) => `  - id: c${i}\n    prompt: p`).join('\n')}\n`)
  const small = (): string => file('small.dataset.yaml', 'name: small\ntest_cases:\n  - id: a\n    prompt: p\n')
  // only what projectPartsOf reads of Vitest's objects
  const vitest = { config: { maxWorkers: 4, watch: false } } as unknown as Vitest
  const project = { config: { maxWorkers: 4 } } as unknown as TestProject
  const openai = (concurrency: number) => ({ type: 'openai' as const, model: 'm', baseURL: 'http://127.0.0.1:1/v1', concurrency })

  test("'auto' splits a big file at high concurrency up to the workers, not a small one nor at low concurrency", () => {
    const partsOf = projectPartsOf({ vitest, project, options: resolveOptions({ providers: [openai(64)] }), mode: 'run' })
    expect(partsOf(big())).toBe(4)
    expect(partsOf(small())).toBe(1)
    const low = projectPartsOf({ vitest, project, options: resolveOptions({ providers: [openai(8)] }), mode: 'run' })
    expect(low(big())).toBe(1)
  })

  test('a number forces parts; bench mode with a load profile never splits', () => {
    const forced = resolveOptions({ providers: [openai(1)], split: 3 })
    expect(projectPartsOf({ vitest, project, options: forced, mode: 'run' })(small())).toBe(3)
    expect(projectPartsOf({ vitest, project, options: forced, mode: 'bench' })(small())).toBe(3)
    // a load profile as engineer L1's `bench.load` holds it (read by name: any non-null value is one)
    const withLoad = { ...forced, bench: Object.assign({}, forced.bench, { load: { concurrency: [1, 2] } }) }
    expect(projectPartsOf({ vitest, project, options: withLoad, mode: 'bench' })(small())).toBe(1)
    expect(projectPartsOf({ vitest, project, options: resolveOptions({ providers: [openai(64)], split: false }), mode: 'run' })(big())).toBe(1)
  })
})
