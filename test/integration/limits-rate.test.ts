import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { KeyStats } from '../../src/providers/limits/types.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type VitestRun } from '../helpers/run-vitest.ts'
import { heaviestWindow, mostInAnyWindow, startScriptedServer, type ScriptedServer } from '../retry/scripted-server.ts'

/**
 * Run-wide rate limits through real Vitest child runs: a provider with
 * `concurrency: 3` and `rpm` (or `tpm`), several dataset files on two workers,
 * and the rate window shortened to a second with `LLM_BENCH_RATE_WINDOW_MS`.
 * Our scripted server logs when each request arrives: in no window of that
 * length does it see more requests (or tokens) than the limit, never more than
 * 3 at once, and every case is recorded.
 */

/** Network and scheduling jitter between the limiter's grant and the server's arrival. */
const SLACK_MS = 100
const servers: ScriptedServer[] = []

afterAll(async ({}, suite) => {
  await Promise.all(servers.map((s) => s.close()))
  await cleanupAll(suite)
})

interface LimitedRun {
  run: VitestRun
  server: ScriptedServer
  stats: Record<string, KeyStats>
}

async function runLimited(limits: Record<string, number>, windowMs: number, files: number, cases: number, extra = ''): Promise<LimitedRun> {
  const server = await startScriptedServer(() => ({ status: 200 }), { answer: 'one two three four five six seven eight nine ten', tokenDelayMs: 10 })
  servers.push(server)
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 3, ...limits }
  const datasets: Record<string, string> = {}
  for (let f = 0; f < files; f++) {
    const ids = Array.from({ length: cases }, (_, c) => `c${c}`)
    datasets[`datasets/d${f}.dataset.yaml`] = yamlDataset(`d${f}`, ids, `${extra}assert:\n  - toMatchRegex: { pattern: 'ten' }\n`)
  }
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}] }`),
    files: datasets,
  })
  const statsFile = join(mkdtempSync(join(tmpdir(), 'limits-')), 'stats.json')
  const env = { LLM_BENCH_RATE_WINDOW_MS: String(windowMs), LLM_BENCH_LIMIT_STATS_FILE: statsFile }
  const run = await project.run(['run', '--maxWorkers=2'], { timeoutMs: 90_000, env })
  expect(run.code, describeRun(run)).toBe(0)
  return { run, server, stats: JSON.parse(readFileSync(statsFile, 'utf8')) as Record<string, KeyStats> }
}

describe('requests and tokens per minute hold across workers (a 1 s "minute")', () => {
  test('concurrency 3 + rpm 4, 2 files × 5 cases: ≤ 4 requests in any window, ≤ 3 at once, every case recorded', async () => {
    const WINDOW = 1000
    const { run, server, stats } = await runLimited({ rpm: 4 }, WINDOW, 2, 5)
    const arrivals = server.log.map((r) => r.at).sort((a, b) => a - b)
    expect(arrivals).toHaveLength(10)
    expect(mostInAnyWindow(arrivals, WINDOW - SLACK_MS), JSON.stringify(arrivals)).toBeLessThanOrEqual(4)
    expect(server.maxInFlight()).toBeLessThanOrEqual(3)
    // 10 requests at 4 a window: the 9th comes in the third window
    expect(arrivals[8]! - arrivals[0]!).toBeGreaterThanOrEqual(2 * WINDOW - SLACK_MS)

    const results = run.results()
    expect(results.cases).toHaveLength(10)
    expect(run.jsonl()).toHaveLength(10)
    expect(results.summary).toMatchObject({ cases: 10, passed: 10 })
    for (const r of results.cases) expect(r).toMatchObject({ attempts: 1, retries: 0, error: null })
    // the cases held back by the window waited for it, and that wait is queue time
    expect(Math.max(...results.cases.map((r) => r.timings!.queueMs))).toBeGreaterThan(WINDOW / 2)
    expect(stats['srv']).toMatchObject({ limit: 3, granted: 10, active: 0, waiting: 0, decreases: 0 })
  }, 120_000)

  test('tpm 40 with ~17 estimated tokens a request (prompt/4 + max_tokens): ≤ 40 tokens in any window, every case recorded', async () => {
    const WINDOW = 600
    const { run, server, stats } = await runLimited({ tpm: 40 }, WINDOW, 2, 3, 'defaults:\n  max_tokens: 10\n')
    const entries = server.log.map((r) => ({ at: r.at, weight: r.tokens }))
    expect(entries).toHaveLength(6)
    // each request really used 6 + 10 = 16 tokens: two fit a window, a third does not
    for (const e of entries) expect(e.weight).toBe(16)
    expect(heaviestWindow(entries, WINDOW - SLACK_MS), JSON.stringify(entries)).toBeLessThanOrEqual(40)
    const arrivals = entries.map((e) => e.at).sort((a, b) => a - b)
    expect(arrivals[4]! - arrivals[0]!).toBeGreaterThanOrEqual(2 * WINDOW - SLACK_MS)
    expect(run.results().summary).toMatchObject({ cases: 6, passed: 6 })
    expect(stats['srv']).toMatchObject({ granted: 6, active: 0 })
  }, 120_000)
})
