import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { Tmpfs, tmpfsProblem } from '../helpers/tmpfs.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'

/**
 * A response that cannot be recorded is never thrown away: with `cache:
 * record` and a `__recordings__` that cannot be written (a file where the
 * folder should be; a read-only tmpfs mounted there, where this machine lets
 * us mount), every paid case keeps its output, usage and cost, and its
 * record's `recordingError` says why the recording failed.
 */

const CASES = 10
const DATASET = `name: paid
assert:
  - toMatchRegex: { pattern: 'calm' }
test_cases:
${Array.from({ length: CASES }, (_, i) => `  - id: c${i}\n    prompt: "Story ${i}"`).join('\n')}
`

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ answer: 'a calm answer' })
})

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

async function paidProject(): Promise<TestProject> {
  const provider = { type: 'openai', id: 'paid', model: 'm', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', price: { input: 1, output: 2 } }
  return createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], cache: 'record' }`),
    files: { 'datasets/paid.dataset.yaml': DATASET },
  })
}

function expectKept(run: VitestRun, records: CaseRecord[], why: RegExp): void {
  expect(run.timedOut, describeRun(run)).toBe(false)
  expect(records).toHaveLength(CASES)
  for (const r of records) {
    expect(r, r.caseId).toMatchObject({ status: 'passed', output: 'a calm answer', error: null, attempts: 1 })
    expect(r.usage.outputTokens).toBe(3)
    expect(r.cost).toBeGreaterThan(0)
    expect(r.recordingError, r.caseId).toMatch(why)
  }
  expect(run.results().cases.every((r) => r.output === 'a calm answer' && r.recordingError !== undefined)).toBe(true)
  // said once, not once per case
  expect((run.stdout + run.stderr).split('responses could not be recorded').length - 1, describeRun(run)).toBe(1)
}

describe('a recording that cannot be written', () => {
  test('a file where __recordings__ should be: every response kept, recordingError says why', async () => {
    server.reset()
    const project = await paidProject()
    await project.write('datasets/__recordings__', 'not a folder\n')
    const run = await project.run(['run'], { timeoutMs: 90_000 })
    expect(run.code, describeRun(run)).toBe(0)
    expectKept(run, run.jsonl(), /could not .*__recordings__.*(ENOTDIR|EEXIST|not a directory|file already exists)/i)
    expect(server.stats().completions).toBe(CASES)
  }, 120_000)

  test('a read-only file system mounted at __recordings__ (needs a mount; skipped where none is allowed)', async (ctx) => {
    server.reset()
    const project = await paidProject()
    const dir = path.join(project.dir, 'datasets', '__recordings__')
    const problem = tmpfsProblem()
    if (problem !== null) ctx.skip(problem)
    const disks = new Tmpfs()
    disks.mount(dir, 'ro,size=1m')
    try {
      const run = await project.run(['run'], { timeoutMs: 90_000 })
      expect(run.code, describeRun(run)).toBe(0)
      expectKept(run, run.jsonl(), /could not .*(EROFS|read-only)/i)
      expect(server.stats().completions).toBe(CASES)
    } finally {
      disks.unmountAll()
    }
  }, 120_000)
})
