import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { freePort } from '../helpers/llama-server.ts'
import { startFaultServer, type FaultServer } from '../providers/fault-server.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * Provider faults are results, not crashes: a provider nobody listens for
 * (connection refused), one that answers 404 and one whose stream is cut
 * mid-answer are recorded as `error` with their class; the run completes, the
 * healthy provider's cases pass, and the summary counts errors by class.
 */

const CASES = ['one', 'two', 'three']
let server: TestServer
let faults: FaultServer
let closedURL: string
let run: VitestRun

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'a fine answer' })
  faults = await startFaultServer()
  // a server that was there and is gone: its port refuses connections now
  const gone = await startOpenAITestServer()
  closedURL = gone.baseURL
  await gone.close()
  const unused = await freePort()
  const common = { type: 'openai', model: 'm', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
  const providers = [
    { ...common, id: 'good', baseURL: server.baseURL },
    { ...common, id: 'closed', baseURL: closedURL },
    { ...common, id: 'wrong-port', baseURL: `http://127.0.0.1:${unused}/v1`, stream: false },
    // the fault server's behaviour is picked by the model name
    { ...common, id: 'not-found', baseURL: faults.baseURL, model: '404' },
    { ...common, id: 'cut', baseURL: faults.baseURL, model: 'cut-destroy' },
  ]
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
    files: { 'datasets/e.dataset.yaml': yamlDataset('e', CASES) },
  })
  run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 90_000 })
}, 120_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await faults?.close()
  await cleanupAll(suite)
})

describe('provider faults are recorded', () => {
  test('the run completes: every case of every provider is recorded, and the run fails', () => {
    expect(run.timedOut).toBe(false)
    expect(run.code, describeRun(run)).toBe(1)
    const results = run.results()
    expect(results.reason).toBe('failed')
    expect(results.cases).toHaveLength(CASES.length * 5)
    expect(run.jsonl()).toHaveLength(CASES.length * 5)
  })

  test("the healthy provider's cases pass", () => {
    const good = run.results().cases.filter((r) => r.provider === 'good')
    expect(good).toHaveLength(CASES.length)
    for (const r of good) {
      expect(r.status).toBe('passed')
      expect(r.output).toBe('a fine answer')
      expect(r.error).toBeNull()
    }
    for (const id of CASES) expect(run.stdout).toMatch(new RegExp(`✓ .*e > ${id} › good`))
  })

  test('a refused connection (closed server, wrong port) is status error, class connection', () => {
    const cases = run.results().cases
    for (const provider of ['closed', 'wrong-port']) {
      const records = cases.filter((r) => r.provider === provider)
      expect(records).toHaveLength(CASES.length)
      for (const r of records) {
        expect(r.status).toBe('error')
        expect(r.error?.class).toBe('connection')
        expect(r.error?.message).toContain(`${provider}: connection failed (ECONNREFUSED) [connection]`)
        expect(r.output).toBeNull()
        expect(r.timings).toBeNull()
        expect(r.usage).toEqual({ inputTokens: null, outputTokens: null, source: 'none' })
        expect(r.evaluations).toEqual([])
      }
      for (const id of CASES) expect(run.stdout).toMatch(new RegExp(`× .*e > ${id} › ${provider}`))
    }
  })

  test('an HTTP 404 is class not_found, a stream cut mid-answer is class stream_cut', () => {
    const cases = run.results().cases
    for (const [provider, cls, text] of [
      ['not-found', 'not_found', '[not_found HTTP 404]'],
      ['cut', 'stream_cut', '[stream_cut]'],
    ] as const) {
      const records = cases.filter((r) => r.provider === provider)
      expect(records).toHaveLength(CASES.length)
      for (const r of records) {
        expect(r.status).toBe('error')
        expect(r.error?.class).toBe(cls)
        expect(r.error?.message).toContain(text)
        expect(r.output).toBeNull()
      }
    }
  })

  test('the summary lists errors by class, in results.json and under the table', () => {
    const { summary, byProvider } = run.results()
    expect(summary).toMatchObject({ cases: 15, passed: 3, errored: 12, failed: 0, timedOut: 0 })
    expect(summary.errorClasses).toEqual({ connection: 6, not_found: 3, stream_cut: 3 })
    expect(byProvider.find((b) => b.provider === 'good')?.stats.passRate).toBe(1)
    expect(byProvider.find((b) => b.provider === 'closed')?.stats.errored).toBe(3)
    expect(run.stdout).toMatch(/^errors by class: (connection 6|not_found 3|stream_cut 3)(, (connection 6|not_found 3|stream_cut 3)){2}$/m)
    expect(run.stdout).toMatch(/^e\s+closed\s+3\s+0\s+0\s+3\s+0\.0%/m)
    expect(run.stdout).toMatch(/^all\s+15\s+3\s+0\s+12\s+20\.0%/m)
  })
})
