import { afterAll, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type VitestRun } from '../helpers/run-vitest.ts'
import { startTestServer, type TestServer, type TestServerOptions } from '../server/test-server.ts'

/**
 * Bench load profiles (`bench.load`), end to end: a real child `vitest bench` against the
 * scripted-timing test server, which counts what was in flight and can hold a concurrency
 * limit of its own.
 */

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

const CASES = Array.from({ length: 8 }, (_, i) => `c${i}`)

async function withServer<T>(options: TestServerOptions, body: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await startTestServer(options)
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}

async function benchRun(server: TestServer, load: string, opts: { iterations?: number; cases?: string[]; providerConcurrency?: number } = {}): Promise<VitestRun> {
  const provider = { type: 'openai', model: 'test-model', baseURL: server.openaiURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: opts.providerConcurrency ?? 64, retry: { attempts: 1 } }
  const project = await createProject({
    config: configSource(
      `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: ${opts.iterations ?? 2}, load: ${load} }, report: { html: false } }`,
    ),
    files: { 'datasets/l.dataset.yaml': yamlDataset('l', opts.cases ?? CASES, '') },
  })
  return project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 120_000 })
}

/** The most requests of `records` in flight at once, from their start and end times (an end before a start at the same instant). */
function peakInFlight(records: readonly CaseRecord[]): number {
  const events = records.flatMap((r) => [
    { at: Date.parse(r.startedAt), delta: 1 },
    { at: Date.parse(r.endedAt), delta: -1 },
  ])
  events.sort((a, b) => a.at - b.at || a.delta - b.delta)
  let now = 0
  let peak = 0
  for (const e of events) peak = Math.max(peak, (now += e.delta))
  return peak
}

function byMeasurement(records: readonly CaseRecord[]): Map<number, CaseRecord[]> {
  const out = new Map<number, CaseRecord[]>()
  for (const r of records) {
    const m = r.load?.measurement ?? -1
    out.set(m, [...(out.get(m) ?? []), r])
  }
  return out
}

test('a concurrency list: one measurement per level, in order, at most N in flight at the server', async () => {
  await withServer({ timeline: { firstTokenMs: 60, intervalMs: 5, tokens: 5 } }, async (server) => {
    const run = await benchRun(server, `{ concurrency: [1, 4], warmupRequests: 1 }`)
    expect(run.code, describeRun(run)).toBe(0)
    const records = run.jsonl()
    expect(records).toHaveLength(2 * CASES.length * 2)
    const groups = byMeasurement(records)
    expect([...groups.keys()].sort()).toEqual([0, 1])
    const one = groups.get(0) ?? []
    const four = groups.get(1) ?? []
    expect(one.every((r) => r.load?.label === 'concurrency=1' && r.load.kind === 'concurrency' && r.load.concurrency === 1 && r.load.scheduledMs === null)).toBe(true)
    expect(four.every((r) => r.load?.label === 'concurrency=4' && r.load.concurrency === 4)).toBe(true)
    expect(peakInFlight(one)).toBe(1)
    expect(peakInFlight(four)).toBe(4)
    // measurements run one after the other: the second begins after the first ended
    const lastOfOne = Math.max(...one.map((r) => Date.parse(r.endedAt)))
    expect(Math.min(...four.map((r) => Date.parse(r.startedAt)))).toBeGreaterThanOrEqual(lastOfOne)
    // the server saw the same: never more than 4 at once; 1 warm-up + 32 timed requests
    expect(server.stats().maxInFlight).toBe(4)
    expect(server.stats().completions).toBe(1 + 32)
    // the test names show the level
    expect(run.stdout + run.stderr).not.toMatch(/FAIL/)
  })
}, 150_000)
