import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { KeyStats } from '../../src/providers/limits/types.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type VitestRun } from '../helpers/run-vitest.ts'
import { startScriptedServer, type ScriptedServer } from '../retry/scripted-server.ts'

/**
 * A burst of 429s: the server answers `429 Retry-After: 1` to its first 4
 * requests, then answers normally. Through a real Vitest child run (2 files ×
 * 8 cases, concurrency 3, 2 workers): the run waits out the Retry-After, every
 * case ends passed, the rate-limited cases record attempts > 1 and their
 * retries, and the provider's effective concurrency went down (to 1) and came
 * back up to 3 (the limit server's stats, and the requests in flight the
 * server saw).
 */

const RATE_LIMITED = 4
const RETRY_AFTER_S = 1
const CASES = 16
let server: ScriptedServer
let run: VitestRun
let stats: Record<string, KeyStats>

beforeAll(async () => {
  server = await startScriptedServer(
    ({ n }) => (n <= RATE_LIMITED ? { status: 429, message: 'Rate limit reached for requests', headers: { 'retry-after': String(RETRY_AFTER_S) } } : { status: 200 }),
    { answer: 'one two three four five', tokenDelayMs: 20 },
  )
  const provider = {
    type: 'openai',
    model: 'm',
    baseURL: server.baseURL,
    id: 'srv',
    apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY',
    concurrency: 3,
    retry: { attempts: 5, baseDelayMs: 50, maxDelayMs: 5_000 },
  }
  // distinct prompts in the two files: the server tells a case's attempts apart by its prompt
  const ids = (prefix: string) => Array.from({ length: CASES / 2 }, (_, c) => `${prefix}${c}`)
  const assert = `assert:\n  - toMatchRegex: { pattern: 'five' }\n`
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}] }`),
    files: { 'datasets/a.dataset.yaml': yamlDataset('a', ids('a'), assert), 'datasets/b.dataset.yaml': yamlDataset('b', ids('b'), assert) },
  })
  const statsFile = join(mkdtempSync(join(tmpdir(), 'retries-')), 'stats.json')
  run = await project.run(['run', '--maxWorkers=2'], { timeoutMs: 90_000, env: { LLM_BENCH_LIMIT_STATS_FILE: statsFile } })
  stats = JSON.parse(readFileSync(statsFile, 'utf8')) as Record<string, KeyStats>
}, 120_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('a burst of 429s with Retry-After', () => {
  test('every case ends passed; the run waited out the Retry-After', () => {
    expect(run.code, describeRun(run)).toBe(0)
    const results = run.results()
    expect(results.cases).toHaveLength(CASES)
    expect(results.summary).toMatchObject({ cases: CASES, passed: CASES, errored: 0 })
    expect(run.wallMs).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000)
    // no request came back within the Retry-After of the 429 that sent it away
    const firstSuccess = Math.min(...server.log.filter((r) => r.status === 200).map((r) => r.at))
    const first429 = Math.min(...server.log.filter((r) => r.status === 429).map((r) => r.at))
    const retried = server.log.filter((r) => r.attempt > 1)
    expect(retried.length).toBe(RATE_LIMITED)
    for (const r of retried) {
      const refused = server.log.find((e) => e.prompt === r.prompt && e.attempt === r.attempt - 1)!
      expect(r.at - refused.endedAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 20)
    }
    expect(firstSuccess).toBeGreaterThan(first429)
  })

  test('the records count the attempts: one retry per 429, attempts > 1 for the refused cases', () => {
    const records = run.jsonl()
    expect(records).toHaveLength(CASES)
    const retried = records.filter((r) => r.attempts > 1)
    expect(retried.length).toBeGreaterThanOrEqual(1)
    for (const r of records) expect(r.retries).toBe(r.attempts - 1)
    expect(records.reduce((sum, r) => sum + r.retries, 0)).toBe(RATE_LIMITED)
    expect(server.log).toHaveLength(CASES + RATE_LIMITED)
  })

  test('the effective concurrency dropped to 1 and recovered to 3', () => {
    expect(stats['srv']).toMatchObject({ limit: 3, effective: 3, minEffective: 1, rateLimited: RATE_LIMITED, active: 0, waiting: 0 })
    expect(stats['srv']!.decreases).toBeGreaterThanOrEqual(1)
    // from the server's side: after the first success, 3 requests were in flight again at some point
    const firstSuccess = Math.min(...server.log.filter((r) => r.status === 200).map((r) => r.at))
    const later = server.inFlightTrace.filter(([at]) => at > firstSuccess).map(([, k]) => k)
    expect(Math.max(...later)).toBe(3)
    expect(server.maxInFlight()).toBeLessThanOrEqual(3)
  })
})
