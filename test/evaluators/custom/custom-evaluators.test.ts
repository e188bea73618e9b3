import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { normalizeResult } from '../../../src/evaluators/custom/load-custom.ts'
import { startOpenAITestServer, type TestServer } from '../../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, SRC_INDEX, type VitestRun } from '../../helpers/run-vitest.ts'

/** A real Vitest child run: two custom evaluators (a plain function, a defineEvaluator definition) used from YAML and from expect(). */

const FUNCTION_EVALUATOR = `export default function (output, testCase, options) {
  const word = options.word ?? testCase?.expected ?? 'hello'
  const pass = output.includes(word)
  return { pass, score: pass ? 1 : 0, reason: pass ? 'has ' + word : 'lacks ' + word }
}
`
const DEFINED_EVALUATOR = `import { z } from 'zod'
import { defineEvaluator } from ${JSON.stringify(SRC_INDEX)}
export default defineEvaluator({
  name: 'wordCount',
  description: 'at least min words',
  options: z.strictObject({ min: z.number().default(1) }),
  argsFromCase: (_testCase, options) => [options.min],
  evaluate(received, min) {
    const words = received.split(/\\s+/).filter(Boolean).length
    return { pass: words >= min, score: words >= min ? 1 : 0, threshold: 1, reason: words + ' words, wanted ' + min }
  },
})
`
const DATASET = `name: custom
test_cases:
  - id: greet
    prompt: Say hello
    expected: hello
    assert:
      - hasWord
      - hasWord: { word: world }
      - atLeastWords: { min: 2 }
  - id: fails
    prompt: Say bye
    assert:
      - hasWord: { word: goodbye }
`
const UNKNOWN = `name: unknown
test_cases:
  - id: a
    prompt: hi
    assert: [hasWrod]
`

let server: TestServer
let run: VitestRun
let unknownRun: VitestRun

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'hello world' })
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
  const options = (datasets: string): string =>
    `{ name: 'llm', datasets: '${datasets}', providers: [${JSON.stringify(provider)}], evaluators: { hasWord: './evaluators/has-word.js', atLeastWords: './evaluators/word-count.ts' } }`
  const files = { 'evaluators/has-word.js': FUNCTION_EVALUATOR, 'evaluators/word-count.ts': DEFINED_EVALUATOR }
  const project = await createProject({ config: configSource(options('datasets/custom.dataset.yaml')), files: { ...files, 'datasets/custom.dataset.yaml': DATASET } })
  run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 90_000 })
  const bad = await createProject({ config: configSource(options('datasets/unknown.dataset.yaml')), files: { ...files, 'datasets/unknown.dataset.yaml': UNKNOWN } })
  unknownRun = await bad.run(['run', '--reporter=verbose'], { timeoutMs: 90_000 })
}, 200_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('custom evaluators from llmBench({ evaluators })', () => {
  test('used from YAML, recorded in results under their configured names', () => {
    const results = run.results()
    const greet = results.cases.find((r) => r.caseId === 'greet')
    expect(greet, describeRun(run)).toBeDefined()
    expect(greet?.status).toBe('passed')
    expect(greet?.evaluations.map((e) => [e.name, e.pass, e.reason])).toEqual([
      ['hasWord', true, 'has hello'],
      ['hasWord', true, 'has world'],
      ['atLeastWords', true, '2 words, wanted 2'],
    ])
    const fails = results.cases.find((r) => r.caseId === 'fails')
    expect(fails?.status).toBe('failed')
    expect(fails?.evaluations[0]).toMatchObject({ name: 'hasWord', pass: false, reason: 'lacks goodbye' })
  })

  test('an unknown matcher names the custom ones in its suggestion', () => {
    expect(unknownRun.code).not.toBe(0)
    expect(unknownRun.stdout + unknownRun.stderr).toContain('unknown matcher "hasWrod", did you mean "hasWord"?')
  })

  test('normalizeResult: booleans and partial objects', () => {
    expect(normalizeResult('x', true)).toEqual({ pass: true, score: 1, threshold: 1, reason: 'x: passed' })
    expect(normalizeResult('x', { pass: false, reason: 'no' })).toEqual({ pass: false, score: 0, threshold: 1, reason: 'no' })
    expect(() => normalizeResult('x', 3)).toThrow('a custom evaluator must return a boolean')
  })
})
