import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { cleanupAll, configSource, createProject, describeRun, type VitestRun } from '../helpers/run-vitest.ts'
import { startScriptedServer, type Reply, type ScriptedServer } from '../retry/scripted-server.ts'

/**
 * Retries through a real Vitest child run, one provider per fault, all on our
 * scripted OpenAI-compatible server (the model name picks the behaviour):
 * `flaky` answers 500 to each case's first request, then succeeds (retried);
 * `unauthorized` 401 and `missing` 404 (never retried, the server's message
 * kept); `broken` always 503 (retries exhausted); `later` 503 with a
 * Retry-After longer than the case's timeout (the timeout is each attempt's
 * own: the backoff does not count against it). The run always completes with
 * every case recorded.
 */

const CASES = ['one', 'two', 'three']
const POLICY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }
const CASE_TIMEOUT_MS = 500

function script(model: string, attempt: number): Reply {
  if (model === 'flaky') return attempt === 1 ? { status: 500, message: 'internal failure' } : { status: 200 }
  if (model === 'unauthorized') return { status: 401, message: 'Incorrect API key provided' }
  if (model === 'missing') return { status: 404, message: 'The model `missing` does not exist' }
  if (model === 'broken') return { status: 503, message: 'overloaded' }
  if (model === 'later') return { status: 503, message: 'come back later', headers: { 'retry-after': '1' } }
  return { status: 200 }
}

const DATASET = `name: faults
assert:
  - toMatchRegex: { pattern: 'three' }
test_cases:
${CASES.map((id) => `  - id: ${id}\n    prompt: "Story ${id}"\n    config: { providers: [flaky, unauthorized, missing, broken] }`).join('\n')}
  - id: patient
    prompt: "Story patient"
    config: { providers: [later], timeout_ms: ${CASE_TIMEOUT_MS} }
`

let server: ScriptedServer
let run: VitestRun
let records: CaseRecord[]
const of = (provider: string): CaseRecord[] => records.filter((r) => r.provider === provider)
const requestsOf = (model: string) => server.log.filter((r) => r.model === model)

beforeAll(async () => {
  server = await startScriptedServer(({ model, attempt }) => script(model, attempt), { answer: 'one two three' })
  const provider = (id: string, retry = POLICY) => ({ type: 'openai', id, model: id, baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', retry })
  const providers = [provider('flaky'), provider('unauthorized'), provider('missing'), provider('broken'), provider('later', { ...POLICY, maxDelayMs: 10_000 })]
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
    files: { 'datasets/faults.dataset.yaml': DATASET },
  })
  run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 90_000 })
  records = run.jsonl()
}, 120_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('retries of provider faults', () => {
  test('the run completes: every case recorded, the run fails', () => {
    expect(run.timedOut).toBe(false)
    expect(run.code, describeRun(run)).toBe(1)
    expect(records).toHaveLength(CASES.length * 4 + 1)
    expect(run.results().cases).toHaveLength(CASES.length * 4 + 1)
  })

  test('500 then success: retried, passed, attempts 2, retries 1', () => {
    expect(of('flaky')).toHaveLength(CASES.length)
    for (const r of of('flaky')) expect(r).toMatchObject({ status: 'passed', attempts: 2, retries: 1, error: null, output: 'one two three' })
    expect(requestsOf('flaky').map((r) => r.status).sort()).toEqual([200, 200, 200, 500, 500, 500])
  })

  test('401 and 404: no retry, attempts 1, the server’s message in the error', () => {
    for (const [provider, cls, text] of [
      ['unauthorized', 'auth', 'Incorrect API key provided'],
      ['missing', 'not_found', 'The model `missing` does not exist'],
    ] as const) {
      expect(requestsOf(provider)).toHaveLength(CASES.length)
      for (const r of of(provider)) {
        expect(r).toMatchObject({ status: 'error', attempts: 1, retries: 0, output: null })
        expect(r.error?.class).toBe(cls)
        expect(r.error?.message).toContain(text)
        expect(r.error?.message).toContain(`[${cls} HTTP ${cls === 'auth' ? 401 : 404}]`)
      }
    }
  })

  test('retries exhausted: status error with the last error’s class, attempts = policy.attempts', () => {
    expect(requestsOf('broken')).toHaveLength(CASES.length * POLICY.attempts)
    for (const r of of('broken')) {
      expect(r).toMatchObject({ status: 'error', attempts: POLICY.attempts, retries: POLICY.attempts - 1 })
      expect(r.error?.class).toBe('server_error')
      expect(r.error?.message).toContain('overloaded')
    }
    expect(run.stdout + run.stderr).toContain(`(after ${POLICY.attempts} attempts)`)
  })

  test('the timeout is each attempt’s own: a 1 s Retry-After, twice the 500 ms timeout, is waited and the case ends with its own error', () => {
    const [r] = of('later')
    expect(r).toMatchObject({ status: 'error', attempts: POLICY.attempts, retries: POLICY.attempts - 1 })
    expect(r?.error?.class).toBe('server_error')
    expect(r?.error?.message).toContain('come back later')
    expect(Date.parse(r!.endedAt) - Date.parse(r!.startedAt)).toBeGreaterThanOrEqual(2 * 1000 - 50)
    expect(requestsOf('later')).toHaveLength(POLICY.attempts)
  })
})
