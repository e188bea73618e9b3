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

test('a rate with poisson arrivals and a seed: the same schedule twice, sent on time, at the target rate within tolerance', async () => {
  await withServer({ timeline: { firstTokenMs: 20, intervalMs: 5, tokens: 3 } }, async (server) => {
    const cases = Array.from({ length: 20 }, (_, i) => `p${i}`)
    const load = `{ rate: 40, arrivals: 'poisson', seed: 11, warmupRequests: 1 }`
    const first = await benchRun(server, load, { cases })
    expect(first.code, describeRun(first)).toBe(0)
    const second = await benchRun(server, load, { cases })
    expect(second.code, describeRun(second)).toBe(0)
    const schedule = (run: VitestRun) =>
      run
        .jsonl()
        .map((r) => ({ key: `${r.caseId}#${r.sample}`, at: r.load?.scheduledMs ?? NaN }))
        .sort((a, b) => a.at - b.at)
    const a = schedule(first)
    expect(a).toHaveLength(40)
    expect(schedule(second)).toEqual(a)
    // cycling order: the first pass's cases, then the second's
    expect(a.slice(0, 20).every((s) => s.key.endsWith('#0'))).toBe(true)
    for (const r of first.jsonl()) expect(r.load).toMatchObject({ measurement: 0, label: 'rate=40/s', kind: 'rate', concurrency: null, ratePerS: 40 })
    // the requests went out when they were due: each one's lateness (its send time less its due time, against the
    // most punctual request) is small in the middle; generous bounds for a busy shared machine (load average 10+ on 2 cores)
    const records = [...first.jsonl()].sort((x, y) => (x.load?.scheduledMs ?? 0) - (y.load?.scheduledMs ?? 0))
    const offsets = records.map((r) => Date.parse(r.startedAt) - (r.load?.scheduledMs ?? 0))
    const lateness = offsets.map((o) => o - Math.min(...offsets)).sort((x, y) => x - y)
    expect(lateness[Math.floor(lateness.length / 2)]).toBeLessThan(250)
    expect(lateness.at(-1)).toBeLessThan(2000)
    // measured request rate (from when the requests were sent): within 40% of the target (40 poisson arrivals)
    const sentAt = records.map((r) => Date.parse(r.startedAt))
    const rate = (records.length - 1) / ((Math.max(...sentAt) - Math.min(...sentAt)) / 1000)
    expect(rate).toBeGreaterThan(40 * 0.6)
    expect(rate).toBeLessThan(40 * 1.4)
  })
}, 240_000)

test('a sweep: synchronous, then throughput, then rates between the two measured request rates', async () => {
  await withServer({ timeline: { firstTokenMs: 40, intervalMs: 5, tokens: 3 }, maxConcurrent: 4 }, async (server) => {
    const run = await benchRun(server, `{ sweep: { rates: 2 } }`, { iterations: 2 })
    expect(run.code, describeRun(run)).toBe(0)
    const groups = byMeasurement(run.jsonl())
    expect([...groups.keys()].sort()).toEqual([0, 1, 2, 3])
    const level = (m: number) => groups.get(m)?.[0]?.load
    expect(level(0)).toMatchObject({ kind: 'synchronous', label: 'synchronous', concurrency: 1 })
    expect(level(1)).toMatchObject({ kind: 'throughput', label: 'throughput', concurrency: 2 * CASES.length })
    expect(peakInFlight(groups.get(0) ?? [])).toBe(1)
    const rateOf = (records: readonly CaseRecord[]) => {
      const start = Math.min(...records.map((r) => Date.parse(r.startedAt)))
      const end = Math.max(...records.map((r) => Date.parse(r.endedAt)))
      return (records.length * 1000) / (end - start)
    }
    const synchronous = rateOf(groups.get(0) ?? [])
    const throughput = rateOf(groups.get(1) ?? [])
    expect(throughput).toBeGreaterThan(synchronous * 1.5)
    const r1 = level(2)?.ratePerS ?? 0
    const r2 = level(3)?.ratePerS ?? 0
    expect(level(2)).toMatchObject({ kind: 'rate', concurrency: null, label: `rate=${Number(r1.toFixed(2))}/s` })
    // evenly between the worker's measured rates s and t: r_k = s + k·(t − s)/3, so s = 2·r1 − r2 and t = 2·r2 − r1,
    // which must match what the records say within a generous margin (the worker times from the measurement's start, the records from the first send)
    expect(r2).toBeGreaterThan(r1)
    expect(2 * r1 - r2).toBeGreaterThan(synchronous * 0.6)
    expect(2 * r1 - r2).toBeLessThan(synchronous * 1.5)
    expect(2 * r2 - r1).toBeGreaterThan(throughput * 0.6)
    expect(2 * r2 - r1).toBeLessThan(throughput * 1.5)
    expect(run.stdout).toMatch(/sweep rate 1\/2/)
  })
}, 150_000)

test('stop conditions: maxRequests exactly, maxDurationMs on a rate', async () => {
  await withServer({ timeline: { firstTokenMs: 20, intervalMs: 5, tokens: 3 } }, async (server) => {
    const run = await benchRun(server, `{ concurrency: [2], maxRequests: 5, warmupRequests: 0 }`)
    expect(run.code, describeRun(run)).toBe(0)
    expect(run.jsonl()).toHaveLength(5)
    expect(server.stats().completions).toBe(5)
    expect(run.stdout).toMatch(/skipped/)
  })
  await withServer({ timeline: { firstTokenMs: 20, intervalMs: 5, tokens: 3 } }, async (server) => {
    // 16 requests at 10/s take 1.5 s; 500 ms let 5 go (due at 0, 100, ... 400)
    const run = await benchRun(server, `{ rate: 10, maxDurationMs: 500, warmupRequests: 0 }`)
    expect(run.code, describeRun(run)).toBe(0)
    const records = run.jsonl()
    expect(records.length).toBeGreaterThanOrEqual(3)
    expect(records.length).toBeLessThanOrEqual(6)
    expect(records.every((r) => (r.load?.scheduledMs ?? Infinity) <= 500)).toBe(true) // one due at 500 may race the 500 ms deadline (hence up to 6)
  })
}, 240_000)

test('maxErrorRate: a failing server stops the measurement after the minimum of requests', async () => {
  await withServer({ fault: 'server-error' }, async (server) => {
    const run = await benchRun(server, `{ concurrency: [1], maxErrorRate: 0.5, errorRateMinRequests: 3, warmupRequests: 0 }`)
    expect(run.code, describeRun(run)).not.toBe(0)
    const records = run.jsonl()
    expect(records).toHaveLength(3)
    expect(records.every((r) => r.status === 'error')).toBe(true)
    expect(server.stats().completions).toBe(3)
    expect(run.stdout + run.stderr).toContain('maxErrorRate: 0.5 exceeded (3 of 3 failed)')
  })
}, 150_000)

test('the server\'s own limit: above it, requests wait at the server (TTFT grows); a rate above the provider limit queues in the client', async () => {
  await withServer({ timeline: { firstTokenMs: 80, intervalMs: 5, tokens: 3 }, maxConcurrent: 2 }, async (server) => {
    const run = await benchRun(server, `{ concurrency: [2, 4], warmupRequests: 0 }`)
    expect(run.code, describeRun(run)).toBe(0)
    const groups = byMeasurement(run.jsonl())
    const medianTtft = (records: readonly CaseRecord[]) => {
      const values = records.map((r) => r.timings?.ttftMs ?? NaN).sort((a, b) => a - b)
      return values[Math.floor(values.length / 2)] ?? NaN
    }
    const two = medianTtft(groups.get(0) ?? [])
    const four = medianTtft(groups.get(1) ?? [])
    // at 4 in flight half the requests wait a whole service time in the server's queue
    expect(four).toBeGreaterThan(two * 1.4)
    expect(server.stats().maxServing).toBe(2)
    expect(server.stats().maxQueued).toBe(2)
    expect(server.stats().maxInFlight).toBe(4)
  })
  await withServer({ timeline: { firstTokenMs: 80, intervalMs: 5, tokens: 3 } }, async (server) => {
    // 16 requests at 50/s on a provider allowed 2 at once (~25/s): later ones wait for a slot
    const run = await benchRun(server, `{ rate: 50, warmupRequests: 0 }`, { providerConcurrency: 2 })
    expect(run.code, describeRun(run)).toBe(0)
    const queue = run.jsonl().map((r) => r.timings?.queueMs ?? 0)
    expect(Math.max(...queue)).toBeGreaterThan(150)
    expect(server.stats().maxInFlight).toBe(2)
  })
}, 240_000)

test('preflight: a concurrency level above the provider\'s own limit stops the bench before any request; a bad option names its field', async () => {
  await withServer({}, async (server) => {
    const run = await benchRun(server, `{ concurrency: [1, 8] }`, { providerConcurrency: 4 })
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(server.stats().requests).toBe(0)
    expect(run.stdout + run.stderr).toContain('bench.load.concurrency: level 8 is above provider "srv"\'s concurrency limit 4')
    const bad = await benchRun(server, `{ concurrency: 4, rate: 10 }`)
    expect(bad.code, describeRun(bad)).not.toBe(0)
    expect(server.stats().requests).toBe(0)
    expect(bad.stdout + bad.stderr).toContain('llmBench options bench.load: give exactly one of concurrency, rate or sweep (found concurrency and rate)')
  })
}, 150_000)
