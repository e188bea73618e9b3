import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { addSecrets, clearSecrets } from '../../src/providers/redaction/registry.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { ANNOTATION_OUTPUT_CHARS, caseAnnotations } from '../../src/runner/case-annotations.ts'
import { caseStack } from '../../src/runner/case-stack.ts'
import { datasetCategories, declareCategoryTags } from '../../src/runner/category-tags.ts'
import { REPO } from '../helpers/run-vitest.ts'
import { loadDataset } from '../../src/dataset/load.ts'
import { KNOWN_MATCHERS } from '../dataset/helpers.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'llm-bench-native-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  clearSecrets()
})

function record(fields: Partial<CaseRecord>): CaseRecord {
  return {
    runId: null, dataset: 'd', datasetFile: '/d.dataset.yaml', caseId: 'c', category: null, provider: 'p', providerType: 'openai', model: 'm',
    requestHash: 'h', prompt: 'q', output: 'out', finishReason: 'stop', status: 'passed', error: null,
    usage: { inputTokens: 12, outputTokens: 34, source: 'provider' }, cost: 0.00012, timings: { queueMs: 1, ttftMs: 95.4, e2eMs: 812.2, tpotMs: 5, itlMs: [], streamed: true },
    serverTimings: null, attempts: 1, retries: 0, cached: false, evaluations: [], sample: null, host: 'h', startedAt: '', endedAt: '', ...fields,
  } as CaseRecord
}

describe('case annotations', () => {
  test('a long output is cut with its length said; one score line per matcher; metrics', () => {
    const output = 'x'.repeat(ANNOTATION_OUTPUT_CHARS + 100)
    const evaluations = [
      { name: 'toMatchRegex', pass: true, score: 1, threshold: 1, reason: 'matched' },
      { name: 'toFuzzyMatch', pass: false, score: 0.5, threshold: 0.8, reason: 'too far' },
    ]
    expect(caseAnnotations(record({ output, evaluations }))).toEqual([
      { type: 'llm-bench:output', message: `${'x'.repeat(ANNOTATION_OUTPUT_CHARS)}… (${ANNOTATION_OUTPUT_CHARS} of ${ANNOTATION_OUTPUT_CHARS + 100} chars)` },
      { type: 'llm-bench:scores', message: '✓ toMatchRegex 1.00 (needs 1.00): matched' },
      { type: 'llm-bench:scores', message: '✗ toFuzzyMatch 0.50 (needs 0.80): too far' },
      { type: 'llm-bench:metrics', message: 'tokens 12 in / 34 out · cost $0.000120 · latency 812 ms (TTFT 95 ms)' },
    ])
  })

  test('secrets are redacted in every annotation', () => {
    addSecrets(['hunter2-secret-value'])
    const texts = caseAnnotations(record({ output: 'key hunter2-secret-value', evaluations: [{ name: 'custom', pass: false, score: 0, threshold: 1, reason: 'saw hunter2-secret-value' }] }))
    expect(JSON.stringify(texts)).not.toContain('hunter2')
    expect(texts[0]?.message).toContain('[redacted]')
  })
})

describe('case stack', () => {
  test("the case's frame comes first; the library's, dependencies' and Node's frames go; the user's stay", () => {
    const stack = [
      'Error: expect(received).toMatchRegex(...)',
      '',
      'Reason: no match',
      `    at evaluateOutput (${path.join(REPO, 'src/runner/evaluate-output.ts')}:32:20)`,
      `    at file://${path.join(REPO, 'src/runner/run-case.ts')}:50:7`,
      '    at myCheck (/home/me/app/checks/custom.ts:4:11)',
      '    at runTest (/home/me/app/node_modules/vitest/dist/x.js:1:1)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
    ].join('\n')
    expect(caseStack(stack, { file: '/home/me/app/datasets/a.dataset.yaml', line: 9, column: 5 }, 'peru (v2)')).toBe(
      [
        'Error: expect(received).toMatchRegex(...)',
        '',
        'Reason: no match',
        '    at case peru _v2_ (/home/me/app/datasets/a.dataset.yaml:9:5)',
        '    at myCheck (/home/me/app/checks/custom.ts:4:11)',
      ].join('\n'),
    )
  })
})

describe('category tags', () => {
  test("every case's category of YAML and JSON datasets, declared once; the user's own definition kept", () => {
    const yaml = path.join(dir, 'a.dataset.yaml')
    writeFileSync(yaml, 'name: a\ntest_cases:\n  - id: one\n    category: geography\n  - category: "math"\n    id: two\n  - { id: three }\n')
    const json = path.join(dir, 'b.dataset.json')
    writeFileSync(json, JSON.stringify({ name: 'b', test_cases: [{ id: 'x', category: 'logic' }, { id: 'y', category: 'math' }, { id: 'z' }] }))
    const categories = datasetCategories([yaml, json, path.join(dir, 'missing.dataset.yaml')])
    expect(categories).toEqual(['geography', 'logic', 'math'])
    const config = { tags: [{ name: 'math', description: 'mine' }] }
    declareCategoryTags(config, categories)
    expect(config.tags.map((t) => [t.name, t.description])).toEqual([
      ['math', 'mine'],
      ['geography', 'llm-test-bench: dataset cases of category "geography"'],
      ['logic', 'llm-test-bench: dataset cases of category "logic"'],
    ])
  })

  test('no tags where Vitest has none (no `tags` in the config)', () => {
    const config: { tags?: { name: string }[] } = {}
    declareCategoryTags(config, ['math'])
    expect(config.tags).toBeUndefined()
  })
})

describe('case locations', () => {
  test("each case's first field, in YAML and in JSON (parsed for positions only when asked)", () => {
    const yaml = path.join(dir, 'loc.dataset.yaml')
    writeFileSync(yaml, 'name: loc\ntest_cases:\n  - id: one\n    prompt: a\n  # a comment\n  -   id: two\n      prompt: b\n')
    const fromYaml = loadDataset(yaml, { knownMatchers: KNOWN_MATCHERS })
    expect([0, 1].map((i) => fromYaml.caseLocation?.(i))).toEqual([{ line: 3, column: 5 }, { line: 6, column: 7 }])
    const json = path.join(dir, 'loc.dataset.json')
    writeFileSync(json, '{\n  "name": "loc",\n  "test_cases": [\n    { "id": "one", "prompt": "a" },\n    {\n      "id": "two", "prompt": "b" }\n  ]\n}\n')
    const fromJson = loadDataset(json, { knownMatchers: KNOWN_MATCHERS })
    expect([0, 1].map((i) => fromJson.caseLocation?.(i))).toEqual([{ line: 4, column: 5 }, { line: 5, column: 5 }])
  })
})
