import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import type { RunResults } from '../../src/report/run-results.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'
import { startTestServer, type FaultMode, type TestServer } from '../server/test-server.ts'

/**
 * A case's timeout is its own time, not the queue's, on real child Vitest runs
 * against the test server. HANG requests never answer; they come first and
 * hold every slot of a provider with concurrency 4 (each attempt times out
 * after 1 s, two attempts each), while the healthy cases wait in the queue for
 * longer than a timeout. Exactly the hung cases are `timeout`; every other
 * case has its true outcome. A run deadline then skips what was still queued
 * (`run_deadline`), and a resume of that run gives every case its class.
 */

const TIMEOUT_MS = 1_000
const HANG = 8
/** Case id prefix → the server's fault for it, and the outcome it must be recorded with. */
const KINDS: { prefix: string; count: number; fault: FaultMode | null; status: CaseRecord['status']; errorClass: string | null; attempts: number }[] = [
  { prefix: 'hang', count: HANG, fault: 'hang', status: 'timeout', errorClass: 'timeout', attempts: 2 },
  { prefix: 'ok', count: 10, fault: null, status: 'passed', errorClass: null, attempts: 1 },
  { prefix: 'wrong', count: 4, fault: null, status: 'failed', errorClass: null, attempts: 1 },
  { prefix: 'bad', count: 4, fault: 'bad-request', status: 'error', errorClass: 'bad_request', attempts: 1 },
  { prefix: 'down', count: 4, fault: 'server-error', status: 'error', errorClass: 'server_error', attempts: 2 },
  { prefix: 'cut', count: 4, fault: 'cut-stream', status: 'error', errorClass: 'stream_cut', attempts: 2 },
]
const TOTAL = KINDS.reduce((n, k) => n + k.count, 0)
const kindOf = (caseId: string) => KINDS.find((k) => caseId.startsWith(`${k.prefix}-`))!

const DATASET = `name: queued
assert:
  - toMatchRegex: { pattern: 'calm' }
test_cases:
${KINDS.flatMap((k) =>
  Array.from({ length: k.count }, (_, i) =>
    [`  - id: ${k.prefix}-${i}`, `    prompt: "[${k.prefix}] story ${i}"`, ...(k.prefix === 'wrong' ? ['    assert:', "      - toMatchRegex: { pattern: 'stormy' }"] : [])].join('\n'),
  ),
).join('\n')}
`

let server: TestServer
/** How long a child run took from its start to its first request here (Vite, workers, datasets): the run deadline counts from the start. */
let startupMs = 15_000

function config(extra: string, timeoutMs = TIMEOUT_MS): string {
  const provider = { type: 'openai', id: 'srv', model: 'm', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 4, retry: { attempts: 2, baseDelayMs: 0, maxDelayMs: 0 } }
  return configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], timeoutMs: ${timeoutMs}, maxConcurrency: 64${extra} }`)
}

beforeAll(async () => {
  server = await startTestServer({
    answer: 'a calm answer',
    faultFor: (request) => {
      const text = JSON.stringify(request.body)
      return KINDS.find((k) => k.fault !== null && text.includes(`[${k.prefix}]`))?.fault ?? undefined
    },
  })
})

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

/** Each record against the outcome its fault calls for; the mismatches, as text. */
function misclassified(records: readonly CaseRecord[]): string[] {
  return records.flatMap((r) => {
    const k = kindOf(r.caseId)
    const got = `${r.status}/${r.error?.class ?? '-'}`
    const want = `${k.status}/${k.errorClass ?? '-'}`
    return got === want ? [] : [`${r.caseId}: ${got}, expected ${want}`]
  })
}

const testLines = (run: VitestRun, mark: string) => run.stdout.split('\n').filter((l) => l.trimStart().startsWith(`${mark} `) && l.includes('queued >'))

describe('hung requests holding every slot', () => {
  let run: VitestRun
  let records: CaseRecord[]

  beforeAll(async () => {
    server.reset()
    const project = await createProject({ config: config(''), files: { 'datasets/queued.dataset.yaml': DATASET } })
    run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 120_000 })
    records = run.jsonl()
    startupMs = Math.min(...server.stats().requestTimesMs)
  }, 150_000)

  test('every case is recorded once, in results.jsonl, results.json and as a Vitest test', () => {
    expect(run.timedOut, describeRun(run)).toBe(false)
    expect(records).toHaveLength(TOTAL)
    expect(new Set(records.map((r) => r.caseId)).size).toBe(TOTAL)
    expect(run.results().cases).toHaveLength(TOTAL)
    expect(testLines(run, '✓').length + testLines(run, '×').length, run.stdout).toBe(TOTAL)
  })

  test('exactly the hung cases are timeouts; every other case has its true outcome', () => {
    expect(misclassified(records)).toEqual([])
    expect(records.filter((r) => r.status === 'timeout')).toHaveLength(HANG)
    for (const r of records) expect(r.attempts, r.caseId).toBe(kindOf(r.caseId).attempts)
    for (const r of records.filter((r) => r.status === 'timeout')) {
      expect(r.error?.message).toBe(`srv: the request did not finish within ${TIMEOUT_MS} ms [timeout]`)
    }
  })

  test('the healthy cases waited longer than a timeout for a slot, and that wait is queueMs, not theirs', () => {
    const passed = records.filter((r) => r.status === 'passed')
    const queue = passed.map((r) => r.timings!.queueMs)
    expect(Math.min(...queue)).toBeGreaterThan(TIMEOUT_MS)
    // every hung connection was closed by its timeout
    expect(server.stats().inFlight).toBe(0)
  })
})

describe('a run deadline, then a resume', () => {
  let project: TestProject
  let first: VitestRun
  let firstRecords: CaseRecord[]
  let firstSummary: RunResults['summary']
  let deadlineMs: number
  let resumed: VitestRun
  let final: CaseRecord[]

  beforeAll(async () => {
    server.reset()
    // the deadline well after this machine's start-up; the first 4 hung cases hold the 4 slots past it
    deadlineMs = Math.round(startupMs * 1.5 + 3_000)
    project = await createProject({ config: config(`, runDeadlineMs: ${deadlineMs}`, deadlineMs + 3_000), files: { 'datasets/queued.dataset.yaml': DATASET } })
    first = await project.run(['run', '--reporter=verbose'], { timeoutMs: 120_000 })
    firstRecords = first.jsonl()
    // the resume writes into the same run folder
    firstSummary = first.results().summary
    const runId = path.basename(first.runDir())
    await project.write('vitest.config.ts', config(''))
    resumed = await project.run(['run', '--reporter=verbose'], { env: { LLM_BENCH_RESUME: runId }, timeoutMs: 120_000 })
    final = resumed.results().cases
  }, 300_000)

  test('the deadline: the hung cases in flight time out at their own timeout (no retry after it), everything still queued is skipped with run_deadline', () => {
    expect(first.timedOut, describeRun(first)).toBe(false)
    expect(firstRecords).toHaveLength(TOTAL)
    const inFlight = new Set(['hang-0', 'hang-1', 'hang-2', 'hang-3'])
    for (const r of firstRecords.filter((r) => inFlight.has(r.caseId))) {
      expect(r, r.caseId).toMatchObject({ status: 'timeout', attempts: 1, error: { class: 'timeout', message: `srv: the request did not finish within ${deadlineMs + 3_000} ms [timeout]` } })
    }
    const others = firstRecords.filter((r) => !inFlight.has(r.caseId))
    expect(others).toHaveLength(TOTAL - 4)
    for (const r of others) {
      expect(r, r.caseId).toMatchObject({ status: 'skipped', attempts: 0, output: null, error: { class: 'run_deadline' } })
      expect(r.error?.message).toContain('run deadline')
    }
    expect(firstSummary).toMatchObject({ cases: TOTAL, timedOut: 4, skipped: TOTAL - 4 })
    // Vitest shows them as skipped tests, not as failures
    expect(testLines(first, '↓').length, first.stdout).toBe(TOTAL - 4)
    expect(testLines(first, '×').length, first.stdout).toBe(4)
  })

  test('the resume keeps every finished class and gives the skipped cases their true outcome', () => {
    expect(resumed.timedOut, describeRun(resumed)).toBe(false)
    expect(final).toHaveLength(TOTAL)
    expect(misclassified(final)).toEqual([])
    // the first run's timeouts were finished records: reused, not sent again; the rest ran now
    for (const r of final) expect(r.resumed === true, r.caseId).toBe(['hang-0', 'hang-1', 'hang-2', 'hang-3'].includes(r.caseId))
    expect(final.filter((r) => r.status === 'timeout')).toHaveLength(HANG)
  })
})
