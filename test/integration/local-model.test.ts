import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cleanupAll, configSource, createProject, describeRun, storiesModel, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * The whole tool on its default provider: no `providers` option, so every case
 * runs on the embedded local model (node-llama-cpp in the Vitest worker, the
 * shared stories260K GGUF through LLM_BENCH_MODEL). Real Vitest, real model,
 * real reporter artifacts.
 */

const DATASET = `name: local-stories
defaults:
  temperature: 0
  max_tokens: 24
assert:
  # any word: the tiny model always writes some
  - toMatchRegex: { pattern: '[A-Za-z]+' }
test_cases:
  - id: girl
    prompt: "Once upon a time, there was a little girl named"
  - id: dog
    prompt: "One day, a little dog"
  - id: ball
    prompt: "Tom had a big red"
    assert:
      - toContainReferences: { min: 0 }
    references: [ball]
`
const CASES = ['ball', 'dog', 'girl']

let project: TestProject
let run: VitestRun

beforeAll(async () => {
  expect(existsSync(storiesModel()), `the shared model ${storiesModel()} is missing`).toBe(true)
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/**/*.dataset.yaml' }`),
    files: { 'datasets/local.dataset.yaml': DATASET },
  })
  run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 120_000 })
}, 150_000)

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

describe('a dataset on the embedded local provider', () => {
  test('the run exits 0 and prints the table with dataset, provider local and pass rate', () => {
    expect(run.code, describeRun(run)).toBe(0)
    const out = run.stdout
    const header = out.split('\n').find((line) => /^dataset\s+provider\s+cases\s+passed/.test(line))
    expect(header, describeRun(run)).toBeDefined()
    expect(header).toContain('pass rate')
    expect(header).not.toContain('samples')
    // the dataset × provider row: 3 cases, 3 passed, 100% pass rate
    expect(out).toMatch(/^local-stories\s+local\s+3\s+3\s+0\s+0\s+100\.0%/m)
    expect(out).toMatch(/^all\s+3\s+3\s+0\s+0\s+100\.0%/m)
    expect(out).toContain(`results: ${run.runDir()}`)
  })

  test('task names are `<case id> › local` under the dataset describe', () => {
    for (const id of CASES) expect(run.stdout).toMatch(new RegExp(`✓ .*local\\.dataset\\.yaml(:\\d+)? > local-stories > ${id} › local`))
  })

  test('the run id is <name>-<YYYYMMDD-HHMMSS>-<8 hex> and both artifacts exist', () => {
    const dir = run.runDir()
    const id = path.basename(dir)
    expect(id).toMatch(/^llm-\d{8}-\d{6}-[0-9a-f]{8}$/)
    expect(existsSync(path.join(dir, 'results.json'))).toBe(true)
    expect(existsSync(path.join(dir, 'results.jsonl'))).toBe(true)
    const results = run.results()
    expect(results.runId).toBe(id)
    expect(results.mode).toBe('run')
    expect(results.project).toBe('llm')
    expect(results.reason).toBe('passed')
    expect(results.datasetFailures).toEqual([])
  })

  test('one record per case in results.json and results.jsonl, with usage, timings and evaluations', () => {
    const results = run.results()
    const lines = run.jsonl()
    expect(results.cases.map((r) => r.caseId)).toEqual(CASES)
    expect(lines.map((r) => r.caseId).sort()).toEqual(CASES)
    expect(results.summary).toMatchObject({ cases: 3, samples: 3, passed: 3, failed: 0, errored: 0, timedOut: 0, passRate: 1 })
    for (const records of [results.cases, lines]) {
      for (const r of records) {
        expect(r.runId).toBe(results.runId)
        expect(r).toMatchObject({ dataset: 'local-stories', provider: 'local', providerType: 'local', status: 'passed', error: null, sample: null })
        expect(r.datasetFile).toBe(path.join(project.dir, 'datasets', 'local.dataset.yaml'))
        expect(r.output?.length ?? 0).toBeGreaterThan(0)
        expect(r.usage.source).toBe('provider')
        expect(r.usage.inputTokens).toBeGreaterThan(0)
        expect(r.usage.outputTokens).toBeGreaterThan(0)
        expect(r.usage.outputTokens).toBeLessThanOrEqual(24)
        const t = r.timings
        expect(t).not.toBeNull()
        expect(t!.streamed).toBe(true)
        expect(t!.ttftMs).not.toBeNull()
        expect(t!.ttftMs!).toBeGreaterThanOrEqual(0)
        expect(t!.ttftMs!).toBeLessThanOrEqual(t!.e2eMs)
        expect(t!.queueMs).toBeGreaterThanOrEqual(0)
        expect(r.evaluations.length).toBeGreaterThanOrEqual(1)
        for (const e of r.evaluations) {
          expect(e.name).toMatch(/^to[A-Z]/)
          expect(e.pass).toBe(true)
          expect(e.score).toBeGreaterThanOrEqual(e.threshold)
          expect(e.threshold).toBeGreaterThanOrEqual(0)
          expect(e.threshold).toBeLessThanOrEqual(1)
          expect(typeof e.reason).toBe('string')
          expect(e.reason.length).toBeGreaterThan(0)
        }
      }
    }
    // the case-level assert list comes after the dataset-wide one
    const ball = results.cases.find((r) => r.caseId === 'ball')!
    expect(ball.evaluations.map((e) => e.name)).toEqual(['toMatchRegex', 'toContainReferences'])
  })

  test('the table totals agree with the records', () => {
    const results = run.results()
    const total = results.cases.reduce((sum, r) => sum + (r.usage.inputTokens ?? 0) + (r.usage.outputTokens ?? 0), 0)
    expect(results.summary.tokens.total).toBe(total)
    // tokens, then the cost: a local model costs a known $0
    expect(run.stdout).toMatch(new RegExp(`^all\\s.*\\s${total}\\s+\\$0\\.0000\\s*$`, 'm'))
  })
})
