import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset } from '../helpers/run-vitest.ts'
import { startTestServer } from '../server/test-server.ts'

/**
 * The knee of a real `vitest bench` load sweep against the scripted-timing test server holding 4
 * requests at once (`maxConcurrent: 4`; the rest wait in its queue): throughput doubles from 1 to 2
 * to 4 in flight and stays flat at 8, so the knee is exactly 4. Each request takes about 340 ms once
 * served (first token at 250 ms, then 9 more every 10 ms; long beside the client's own time between
 * requests), 16 per level.
 */

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

const CASES = Array.from({ length: 16 }, (_, i) => `c${i}`)

test('a concurrency sweep 1, 2, 4, 8 against a server with 4 slots: the knee is at concurrency=4; load gates held; every report has the rows', async () => {
  const server = await startTestServer({ timeline: { firstTokenMs: 250, intervalMs: 10, tokens: 10 }, maxConcurrent: 4 })
  try {
    const provider = { type: 'openai', model: 'test-model', baseURL: server.openaiURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 64, retry: { attempts: 1 } }
    // at 8 in flight half the requests wait a whole service time in the server's queue: TTFT about 590 ms > 400
    const gates = `{ maxP95TtftMs: { 'concurrency=4': 5000, 'concurrency=16': 5000 }, minGoodput: { 'concurrency=2': 1 } }`
    const project = await createProject({
      config: configSource(
        `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: 1, load: { concurrency: [1, 2, 4, 8], warmupRequests: 1 } }, slo: { ttftMs: 400 }, gates: ${gates}, report: { html: true } }`,
      ),
      files: { 'datasets/l.dataset.yaml': yamlDataset('l', CASES, '') },
    })
    const run = await project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 180_000 })
    expect(server.stats().maxServing).toBe(4)
    const out = run.stdout + run.stderr
    // the gate at a load level that did not run fails the run and says which ran
    expect(run.code, describeRun(run)).toBe(1)
    expect(out).toContain('maxP95TtftMs (at concurrency=16): no measurement ran at load "concurrency=16" (ran: concurrency=1, concurrency=2, concurrency=4, concurrency=8)')
    expect(out).toMatch(/✓ maxP95TtftMs \(srv at concurrency=4\): TTFT p95 \d+ ms over 16 streamed requests/)
    expect(out).toMatch(/✓ minGoodput \(srv at concurrency=2\): goodput [\d.]+ req\/s \(16 of 16 requests met the SLOs\)/)

    const load = run.results().load
    expect(load?.measurements.map((m) => m.label)).toEqual(['concurrency=1', 'concurrency=2', 'concurrency=4', 'concurrency=8'])
    expect(load?.measurements.map((m) => m.requests)).toEqual([16, 16, 16, 16])
    expect(load?.measurements.map((m) => m.peakConcurrency)).toEqual([1, 2, 4, 8])
    expect(load?.knees).toEqual([{ provider: 'srv', measurement: 2, label: 'concurrency=4', reason: expect.stringContaining('from concurrency=4 to concurrency=8') }])
    const rps = load?.measurements.map((m) => m.requestsPerSecond ?? 0) ?? []
    // about 3, 6, 12, 12 requests/s (generous bounds: a shared machine)
    expect(rps[1] ?? 0).toBeGreaterThan(1.5 * (rps[0] ?? 0))
    expect(rps[2] ?? 0).toBeGreaterThan(1.5 * (rps[1] ?? 0))
    expect(rps[3] ?? 0).toBeLessThan(1.5 * (rps[2] ?? 0))
    // the server's queue shows in TTFT at 8 in flight: goodput (TTFT ≤ 400 ms) falls there
    const goodput = load?.measurements.map((m) => m.goodput ?? 0) ?? []
    expect(goodput[3] ?? 0).toBeLessThan(goodput[2] ?? 0)

    const dir = run.runDir()
    const csv = readFileSync(join(dir, 'csv', 'measurements.csv'), 'utf8').trimEnd().split('\n')
    expect(csv).toHaveLength(5)
    expect(csv[3]).toMatch(/^srv,test-model,2,concurrency=4,concurrency,4,,16,16,0,0,0,16,/)
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| srv | **concurrency=4** (knee) | 16 |')
    expect(out).toMatch(/srv +concurrency=4 .*◀ knee/)
    expect(existsSync(join(dir, 'report.html'))).toBe(true)
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('"measurement":2,"label":"concurrency=4","reason":"throughput stops rising')
  } finally {
    await server.close()
  }
})
