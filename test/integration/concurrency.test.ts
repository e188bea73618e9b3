import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * The run-wide provider limit: the limit server in the Vitest main process
 * holds a provider's `concurrency` across every worker and dataset file. The
 * test server counts the requests it is answering at once; it answers 5 tokens
 * at 50 ms each, so requests overlap whenever the runner lets them.
 */

const TOKEN_DELAY_MS = 50
let server: TestServer

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three four five', tokenDelayMs: TOKEN_DELAY_MS })
})

beforeEach(() => {
  server.reset()
})

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

/** `files` dataset files of `cases` cases each, all on one provider with this concurrency, run with `maxWorkers`. */
async function runDatasets(files: number, cases: number, concurrency: number | undefined, maxWorkers: number, target = server): Promise<VitestRun> {
  const provider = { type: 'openai', model: 'm', baseURL: target.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', ...(concurrency === undefined ? {} : { concurrency }) }
  const datasets: Record<string, string> = {}
  for (let f = 0; f < files; f++) {
    const ids = Array.from({ length: cases }, (_, c) => `c${c}`)
    datasets[`datasets/d${f}.dataset.yaml`] = yamlDataset(`d${f}`, ids, `assert:\n  - toMatchRegex: { pattern: 'five' }\n`)
  }
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}] }`),
    files: datasets,
  })
  const run = await project.run(['run', `--maxWorkers=${maxWorkers}`], { timeoutMs: 90_000 })
  return run
}

describe('a provider concurrency limit holds across workers', () => {
  test('4 files × 6 cases, concurrency 3, 4 workers: exactly 3 requests in flight at most, and queued cases waited', async () => {
    const run = await runDatasets(4, 6, 3, 4)
    expect(run.code, describeRun(run)).toBe(0)
    const stats = server.stats()
    expect(stats.requests).toBe(24)
    // never more than the limit, and the limit was reached
    expect(stats.maxInFlight).toBe(3)
    expect(stats.inFlight).toBe(0)

    const results = run.results()
    expect(results.cases).toHaveLength(24)
    expect(run.jsonl()).toHaveLength(24)
    expect(new Set(results.cases.map((r) => `${r.dataset}/${r.caseId}`)).size).toBe(24)
    expect(results.summary).toMatchObject({ cases: 24, passed: 24 })
    // 24 requests of >= 250 ms through 3 slots take >= 2 s: most cases waited at least one whole request for a slot
    const requestMs = TOKEN_DELAY_MS * 5
    const queueMs = results.cases.map((r) => r.timings!.queueMs)
    expect(queueMs.filter((q) => q > requestMs).length, JSON.stringify(queueMs)).toBeGreaterThanOrEqual(8)
    expect(results.summary.queueMs.max!).toBeGreaterThan(2 * requestMs)
    // the wait is reported apart: E2E is the request alone (t0 is when the slot was granted)
    for (const r of results.cases) expect(r.timings!.e2eMs).toBeGreaterThanOrEqual(requestMs * 0.9)
    expect(results.summary.e2eMs.max!).toBeLessThan(results.summary.queueMs.max!)
  }, 120_000)

  test('the same run without a tight limit: the 4 workers really overlap (more than one file’s cases in flight)', async () => {
    // slower answers (5 × 200 ms) than above, so that workers starting a little apart still overlap on a busy machine
    const slow = await startOpenAITestServer({ answer: 'one two three four five', tokenDelayMs: 200 })
    try {
      const run = await runDatasets(4, 6, 24, 4, slow)
      expect(run.code, describeRun(run)).toBe(0)
      expect(slow.stats().requests).toBe(24)
      // one file has 6 cases: more than 6 at once means several workers were sending at the same time
      expect(slow.stats().maxInFlight).toBeGreaterThan(6)
      expect(slow.stats().maxInFlight).toBeLessThanOrEqual(24)
    } finally {
      await slow.close()
    }
  }, 120_000)

  test('concurrency 1: one request at a time', async () => {
    const run = await runDatasets(2, 3, 1, 2)
    expect(run.code, describeRun(run)).toBe(0)
    expect(server.stats()).toMatchObject({ requests: 6, maxInFlight: 1, inFlight: 0 })
    expect(run.results().cases).toHaveLength(6)
  }, 120_000)

  test('not throttled to Vitest’s maxConcurrency of 5: 20 cases, concurrency 16, one worker → more than 5 at once', async () => {
    const run = await runDatasets(1, 20, 16, 1)
    expect(run.code, describeRun(run)).toBe(0)
    const stats = server.stats()
    expect(stats.requests).toBe(20)
    expect(stats.maxInFlight).toBeGreaterThan(5)
    expect(stats.maxInFlight).toBeLessThanOrEqual(16)
    expect(run.results().cases).toHaveLength(20)
  }, 120_000)
})
