import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * Bench mode: `vitest bench` runs every case `warmup + iterations` times and
 * records the measured samples only. Vitest clones each project as
 * "<name> (bench)"; the plugin lets the plain name select it too.
 */

const CASES = ['alpha', 'beta', 'gamma']
const ITERATIONS = 3
const WARMUP = 1
let server: TestServer

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three', tokenDelayMs: 20 })
})

beforeEach(() => {
  server.reset()
})

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

async function bench(projectFilter: string): Promise<VitestRun> {
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
  const project = await createProject({
    config: configSource(
      `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: ${ITERATIONS}, warmup: ${WARMUP} } }`,
    ),
    files: { 'datasets/b.dataset.yaml': yamlDataset('b', CASES, `assert:\n  - toMatchRegex: { pattern: 'three' }\n`) },
  })
  return project.run(['bench', '--project', projectFilter, '--run'], { timeoutMs: 90_000 })
}

function expectBenchRun(run: VitestRun): void {
  expect(run.code, describeRun(run)).toBe(0)
  // warm-up calls go to the server but are not recorded
  expect(server.stats().requests).toBe(CASES.length * (ITERATIONS + WARMUP))
  // the project ran once: one test per case, not one per case and clone
  expect(run.stdout).toMatch(new RegExp(`Tests\\s+${CASES.length} passed \\(${CASES.length}\\)`))
  expect(run.stdout).toMatch(/Test Files\s+1 passed \(1\)/)
  expect(run.runDirs()).toHaveLength(1)

  const results = run.results()
  expect(results.mode).toBe('bench')
  expect(results.project).toBe('llm')
  expect(results.runId).toMatch(/^llm-bench-\d{8}-\d{6}-[0-9a-f]{8}$/)
  for (const records of [results.cases, run.jsonl()]) {
    expect(records).toHaveLength(CASES.length * ITERATIONS)
    for (const id of CASES) {
      const samples = records.filter((r) => r.caseId === id).map((r) => r.sample)
      expect(samples.sort()).toEqual([0, 1, 2])
    }
    for (const r of records) {
      expect(r.status).toBe('passed')
      expect(r.output).toBe('one two three')
      expect(r.evaluations.map((e) => e.name)).toEqual(['toMatchRegex'])
    }
  }
  expect(results.summary).toMatchObject({ cases: CASES.length, samples: CASES.length * ITERATIONS, passed: CASES.length * ITERATIONS })

  const header = run.stdout.split('\n').find((line) => /^dataset\s+provider\s+cases\s+samples\s+passed/.test(line))
  expect(header, describeRun(run)).toBeDefined()
  expect(run.stdout).toMatch(new RegExp(`^b\\s+srv\\s+${CASES.length}\\s+${CASES.length * ITERATIONS}\\s+${CASES.length * ITERATIONS}\\s+0\\s+0\\s+100\\.0%`, 'm'))
  expect(run.stdout).toContain('llm-test-bench llm (bench) run llm-bench-')
  // the bench clone keeps the project's concurrency: cases run side by side, not one after another
  expect(server.stats().maxInFlight).toBeGreaterThan(1)
}

describe('vitest bench', () => {
  test('--project llm (the plain name) runs the bench: 3 samples a case, the warm-up not recorded', async () => {
    const run = await bench('llm')
    expectBenchRun(run)
    expect(run.stdout).toMatch(/✓ \|llm\| datasets\/b\.dataset\.yaml \(3 tests\)/)
  }, 120_000)

  test('--project "llm (bench)" works too, and runs each case once per sample without duplicating the project', async () => {
    const run = await bench('llm (bench)')
    expectBenchRun(run)
    expect(run.stdout).toMatch(/✓ \|llm \(bench\)\| datasets\/b\.dataset\.yaml \(3 tests\)/)
    expect(run.stdout).not.toMatch(/\|llm\| datasets/)
  }, 120_000)
})
