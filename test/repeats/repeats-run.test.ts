import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { messagesText } from '../server/answer.ts'
import { startTestServer, type RequestInfo, type TestServer } from '../server/test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject } from '../helpers/run-vitest.ts'

/**
 * `repeats: N` on real child Vitest runs against the test server, whose answer to a prompt
 * alternates per request: case `a` answers yes, no, yes… (a flaky case), `b` always yes, `c`
 * always no. Each repeat is a request of its own (the server counts them), a recorded run
 * replays all N answers, a single sample's recording still replays as repeat 0, and resume
 * re-runs only the missing repeats.
 */

let server: TestServer
const calls = new Map<string, number>()

/** The case id named in the prompt (`Case a: ...`). */
function caseOf(request: RequestInfo): string {
  return /Case (\w+):/.exec(messagesText(request.body['messages']))?.[1] ?? '?'
}

function answer(request: RequestInfo): string {
  const id = caseOf(request)
  const n = calls.get(id) ?? 0
  calls.set(id, n + 1)
  if (id === 'a') return n % 2 === 0 ? 'yes' : 'no'
  return id === 'b' ? 'yes' : 'no'
}

const DATASET = ['name: rp', 'test_cases:', ...['a', 'b', 'c'].map((id) => `  - id: ${id}\n    prompt: "Case ${id}: say yes"\n    expected: "yes"\n    assert: [toEqualExpected]`)].join('\n') + '\n'

async function project(extra: string): Promise<TestProject> {
  const providers = [{ type: 'openai', model: 'm', baseURL: server.openaiURL, id: 'srv' }]
  return createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, report: { html: false, csv: false }${extra} }`),
    files: { 'datasets/rp.dataset.yaml': DATASET },
  })
}

const key = (r: CaseRecord): string => `${r.caseId}#${r.repeat ?? '-'}`
const byKey = (records: CaseRecord[]): Map<string, CaseRecord> => new Map(records.map((r) => [key(r), r]))

beforeAll(async () => {
  server = await startTestServer({ answer })
})
afterAll(async ({}, suite) => {
  await server.close()
  await cleanupAll(suite)
})

function reset(): void {
  server.reset()
  calls.clear()
}

describe('repeats: 3', () => {
  test('N independent requests per case, records 0..N-1, tests #1..#3, pass@k and flakiness in results.json; replay makes 0 requests and gives the same answers', async () => {
    reset()
    const p = await project(`, repeats: 3, cache: 'record'`)
    const run = await p.run(['run', '--project', 'llm'])
    // a failing repeat fails its test (case c always, a once)
    expect(run.code, describeRun(run)).toBe(1)
    expect(server.stats().completions).toBe(9)
    const records = run.jsonl()
    expect(records.map(key).sort()).toEqual(['a#0', 'a#1', 'a#2', 'b#0', 'b#1', 'b#2', 'c#0', 'c#1', 'c#2'])
    // case a: one "no" among its three answers, each repeat its own request hash
    const a = records.filter((r) => r.caseId === 'a')
    expect(a.map((r) => r.output).sort()).toEqual(['no', 'yes', 'yes'])
    expect(new Set(a.map((r) => r.requestHash)).size).toBe(3)
    expect(run.stdout + run.stderr).toMatch(/a › srv › #2/)

    const results = run.results()
    expect(results.repeats).toHaveLength(1)
    const group = results.repeats?.[0]
    // hand-checked: a 2/3 (flaky), b 3/3, c 0/3; mean (2/3 + 1 + 0) / 3 = 5/9
    expect(group).toMatchObject({ dataset: 'rp', provider: 'srv', repeats: 3, cases: 3, alwaysPasses: 1, alwaysFails: 1, flaky: 1, flakyIds: ['a'] })
    expect(group?.meanPassRate).toBeCloseTo(5 / 9, 12)
    expect(group?.flakyShare).toBeCloseTo(1 / 3, 12)
    const perCase = new Map(group?.perCase.map((c) => [c.caseId, c]))
    // pass@1 = 2/3; pass@3 = 1 − C(1,3)/C(3,3) = 1; pass^3 = C(2,3)/C(3,3) = 0
    expect(perCase.get('a')).toMatchObject({ trials: 3, passes: 2, kind: 'flaky', passAtN: 1, passHatN: 0 })
    expect(perCase.get('a')?.passAt1).toBeCloseTo(2 / 3, 12)
    expect(perCase.get('b')).toMatchObject({ passes: 3, kind: 'always-passes', passAt1: 1, passAtN: 1, passHatN: 1 })
    expect(perCase.get('c')).toMatchObject({ passes: 0, kind: 'always-fails', passAt1: 0, passAtN: 0, passHatN: 0 })
    expect(run.stdout).toContain('repeats: rp › srv: 3 per case, mean pass rate 55.6%, flaky: 1/3 (a)')

    // strict replay of the recording: no request, every repeat's own answer back
    reset()
    const replay = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'replay' } })
    expect(replay.code, describeRun(replay)).toBe(1)
    expect(server.stats().completions).toBe(0)
    const again = replay.runDirs().map((dir) => JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { cases: CaseRecord[] }).find((r) => r.cases.every((c) => c.replayed))
    expect(again).toBeDefined()
    const first = byKey(records)
    for (const r of again?.cases ?? []) expect(r.output, key(r)).toBe(first.get(key(r))?.output)
    expect(again?.cases).toHaveLength(9)
  }, 240_000)

  test('repeat 0 keeps a single sample\'s key: a recording made without repeats replays as repeat 0, repeats 1 and 2 are called', async () => {
    reset()
    const p = await project(`, cache: 'read-write'`)
    const single = await p.run(['run', '--project', 'llm'])
    expect(single.code, describeRun(single)).toBe(1)
    expect(server.stats().completions).toBe(3)
    const hashes = new Map(single.jsonl().map((r) => [r.caseId, r.requestHash]))
    expect(single.jsonl().every((r) => r.repeat === undefined)).toBe(true)

    reset()
    // LLM_BENCH_REPEATS is what `llm-test-bench --repeats 3` sets
    const repeated = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_REPEATS: '3' } })
    expect(repeated.code, describeRun(repeated)).toBe(1)
    expect(server.stats().completions).toBe(6)
    const latest = repeated.runDirs().map((dir) => readFileSync(path.join(dir, 'results.jsonl'), 'utf8')).find((text) => text.includes('"repeat":2'))
    const records = (latest ?? '').trim().split('\n').map((line) => JSON.parse(line) as CaseRecord)
    expect(records).toHaveLength(9)
    for (const r of records) {
      expect(r.replayed === true, key(r)).toBe(r.repeat === 0)
      if (r.repeat === 0) expect(r.requestHash).toBe(hashes.get(r.caseId))
      else expect(r.requestHash).not.toBe(hashes.get(r.caseId))
    }
  }, 240_000)

  test('a bad LLM_BENCH_REPEATS is said before any case runs', async () => {
    reset()
    const p = await project('')
    const run = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_REPEATS: 'three' } })
    expect(run.code).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('LLM_BENCH_REPEATS must be a positive integer (the number of samples of each case), got "three"')
    expect(server.stats().completions).toBe(0)
  }, 120_000)

  test('resume of a partly finished repeat run re-runs only the missing repeats', async () => {
    reset()
    const p = await project(`, repeats: 3`)
    const first = await p.run(['run', '--project', 'llm'])
    expect(first.code, describeRun(first)).toBe(1)
    expect(server.stats().completions).toBe(9)
    const runDir = first.runDir()
    // an interrupted run: a#2 and b#1 never finished (their lines are gone)
    const missing = new Set(['a#2', 'b#1'])
    const kept = first.jsonl().filter((r) => !missing.has(key(r)))
    writeFileSync(path.join(runDir, 'results.jsonl'), kept.map((r) => `${JSON.stringify(r)}\n`).join(''))
    const resultsFile = path.join(runDir, 'results.json')
    writeFileSync(resultsFile, JSON.stringify({ ...JSON.parse(readFileSync(resultsFile, 'utf8')), reason: 'interrupted' }))

    reset()
    const resumed = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_RESUME: '1' } })
    expect(resumed.code, describeRun(resumed)).toBe(1)
    expect(server.stats().completions).toBe(2)
    const results = resumed.results()
    expect(results.cases).toHaveLength(9)
    expect(results.cases.filter((r) => !r.resumed).map(key).sort()).toEqual([...missing].sort())
    expect(results.repeats?.[0]?.cases).toBe(3)
  }, 240_000)
})
