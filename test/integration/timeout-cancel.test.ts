import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A per-case timeout cancels the request: the dataset's `timeout_ms: 300`
 * against a server that needs 10 × 200 ms for its answer. The case is recorded
 * as a timeout and fails, and the server sees the connection closed at the
 * timeout, not when its answer would have ended. A second, slower-to-finish
 * case keeps the run (and the child process) alive meanwhile, so the close can
 * only come from the cancellation, not from the process exiting.
 */

const TOKEN_DELAY_MS = 200
const TOKENS = 10
const FULL_ANSWER_MS = TOKEN_DELAY_MS * TOKENS
const DATASET = `name: slow
defaults:
  timeout_ms: 300
test_cases:
  - id: too-slow
    prompt: "Tell me a long story"
  - id: keeps-running
    prompt: "Tell me a short story"
    config:
      max_tokens: 6
      timeout_ms: 10000
`

let server: TestServer
let run: VitestRun
/** ms after the child started at which the server had 2 requests in flight, and then first only 1 again. */
const timeline: { both?: number; firstClosed?: number; lastClosed?: number } = {}

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: Array.from({ length: TOKENS }, (_, i) => `w${i}`).join(' '), tokenDelayMs: TOKEN_DELAY_MS })
  // one attempt: the timed-out request is not retried here (a retry would get the timeout again)
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', retry: { attempts: 1 } }
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}] }`),
    files: { 'datasets/slow.dataset.yaml': DATASET },
  })
  const started = performance.now()
  const poll = setInterval(() => {
    const { inFlight, requests } = server.stats()
    const now = performance.now() - started
    if (inFlight === 2) timeline.both ??= now
    if (timeline.both !== undefined && inFlight === 1 && requests === 2) timeline.firstClosed ??= now
    if (timeline.firstClosed !== undefined && inFlight === 0) timeline.lastClosed ??= now
  }, 2)
  try {
    run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 90_000 })
  } finally {
    clearInterval(poll)
  }
}, 120_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('a case that runs past its timeout_ms', () => {
  test('its record: status timeout, error class timeout, no output; the other case passed', () => {
    expect(run.timedOut).toBe(false)
    const results = run.results()
    const slow = results.cases.find((r) => r.caseId === 'too-slow')!
    expect(slow, describeRun(run)).toBeDefined()
    expect(slow.status).toBe('timeout')
    expect(slow.error).toEqual({ class: 'timeout', message: 'srv: the request did not finish within 300 ms [timeout]' })
    expect(slow.output).toBeNull()
    expect(slow.timings).toBeNull()
    // the case gave up at its own timeout, long before the answer would have ended
    const took = Date.parse(slow.endedAt) - Date.parse(slow.startedAt)
    expect(took).toBeGreaterThanOrEqual(290)
    expect(took).toBeLessThan(FULL_ANSWER_MS)

    const ok = results.cases.find((r) => r.caseId === 'keeps-running')!
    expect(ok.status).toBe('passed')
    expect(ok.usage.outputTokens).toBe(6)
    expect(ok.timings!.e2eMs).toBeGreaterThanOrEqual(6 * TOKEN_DELAY_MS * 0.9)

    expect(results.summary).toMatchObject({ cases: 2, passed: 1, timedOut: 1, errorClasses: { timeout: 1 } })
    expect(run.jsonl().find((r) => r.caseId === 'too-slow')?.status).toBe('timeout')
  })

  test('the test fails with the timeout, and so does the run', () => {
    expect(run.code, describeRun(run)).toBe(1)
    expect(run.stdout).toMatch(/× .*slow > too-slow › srv/)
    expect(run.stdout).toMatch(/✓ .*slow > keeps-running › srv/)
    expect(run.stdout + run.stderr).toContain('timed out [timeout] srv: the request did not finish within 300 ms [timeout]')
    expect(run.stdout).toMatch(/errors by class: timeout 1/)
  })

  test('the server saw the timed-out request closed at the timeout, not at the end of its answer', () => {
    expect(server.stats()).toMatchObject({ requests: 2, inFlight: 0 })
    expect(timeline.both, JSON.stringify(timeline)).toBeDefined()
    expect(timeline.firstClosed, JSON.stringify(timeline)).toBeDefined()
    // both requests start together; the timed-out one closes about 300 ms later
    const closedAfter = timeline.firstClosed! - timeline.both!
    expect(closedAfter, JSON.stringify(timeline)).toBeLessThan(FULL_ANSWER_MS / 2)
    // and the other request was still being answered then: the close was a cancellation, not the end of the process
    expect(timeline.lastClosed! - timeline.firstClosed!, JSON.stringify(timeline)).toBeGreaterThan(TOKEN_DELAY_MS)
  })
})
