import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseCsv } from '../../src/dataset/sources/csv.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { RunResultsSchema } from '../../src/report/results-schema.ts'
import { cleanupAll, configSource, createProject, describeRun, type VitestRun } from '../helpers/run-vitest.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from '../report/html/browser.ts'
import { startScriptedServer, type Reply, type ScriptedServer } from '../retry/scripted-server.ts'

/**
 * Every retry is explained: a real Vitest child run on our scripted
 * OpenAI-compatible server. `flaky` answers each case 429 (its message naming
 * the API key), then 500, then succeeds; `broken` answers 503 every time. The
 * records list why each failed attempt failed (class, message, HTTP status,
 * the wait after it), redacted; results.json's schema accepts them; cases.csv
 * has them as a compact column; report.html's case detail shows them (Chromium).
 */

const KEY = 'sk-retry-test-0123456789abcdef'
const POLICY = { attempts: 3, baseDelayMs: 20, maxDelayMs: 100 }

function script(model: string, attempt: number): Reply {
  if (model === 'flaky') {
    if (attempt === 1) return { status: 429, message: `Rate limit reached for key ${KEY}`, headers: { 'retry-after-ms': '30' } }
    if (attempt === 2) return { status: 500, message: 'internal failure' }
    return { status: 200 }
  }
  return { status: 503, message: 'overloaded' }
}

const DATASET = `name: explained
test_cases:
  - id: story
    prompt: "Story one"
    assert: [{ toMatchRegex: { pattern: 'three' } }]
`

let server: ScriptedServer
let run: VitestRun
let records: CaseRecord[]
let browser: ReportBrowser | undefined
const recordOf = (provider: string): CaseRecord => {
  const found = records.find((r) => r.provider === provider)
  if (!found) throw new Error(`no record of ${provider}\n${describeRun(run)}`)
  return found
}

beforeAll(async () => {
  server = await startScriptedServer(({ model, attempt }) => script(model, attempt), { answer: 'one two three' })
  const provider = (id: string) => ({ type: 'openai', id, model: id, baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_RETRY_TEST_KEY', retry: POLICY })
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify([provider('flaky'), provider('broken')])} }`),
    files: { 'datasets/explained.dataset.yaml': DATASET },
  })
  run = await project.run(['run'], { timeoutMs: 90_000, env: { LLM_BENCH_RETRY_TEST_KEY: KEY } })
  records = run.jsonl()
}, 120_000)

afterAll(async ({}, suite) => {
  await browser?.close()
  await server?.close()
  await cleanupAll(suite)
})

describe('every retry is explained', () => {
  test('429 then 500 then success: the record lists both failed attempts, redacted, with their waits', () => {
    expect(run.timedOut).toBe(false)
    const r = recordOf('flaky')
    expect(r, describeRun(run)).toMatchObject({ status: 'passed', error: null, attempts: 3, retries: 2 })
    expect(r.attemptErrors).toHaveLength(2)
    const [first, second] = r.attemptErrors ?? []
    expect(first).toMatchObject({ attempt: 1, class: 'rate_limit', status: 429 })
    expect(first?.message).toContain('Rate limit reached for key')
    expect(first?.message).not.toContain(KEY)
    // the server's retry-after-ms (30) plus jitter below baseDelayMs, capped by maxDelayMs
    expect(first?.backoffMs).toBeGreaterThanOrEqual(30)
    expect(first?.backoffMs).toBeLessThanOrEqual(POLICY.maxDelayMs)
    expect(second).toMatchObject({ attempt: 2, class: 'server_error', status: 500 })
    expect(second?.message).toContain('internal failure')
    expect(second?.backoffMs).toBeGreaterThanOrEqual(0)
    expect(JSON.stringify(records)).not.toContain(KEY)
  })

  test('retries exhausted: every attempt listed, the last with no wait after it', () => {
    const r = recordOf('broken')
    expect(r).toMatchObject({ status: 'error', attempts: 3, retries: 2 })
    expect(r.attemptErrors?.map((a) => [a.attempt, a.class, a.status, a.backoffMs === undefined])).toEqual([
      [1, 'server_error', 503, false],
      [2, 'server_error', 503, false],
      [3, 'server_error', 503, true],
    ])
    expect(r.attemptErrors?.[2]?.message).toBe(r.error?.message)
  })

  test('results.json carries them and its schema accepts it', () => {
    const raw: unknown = JSON.parse(readFileSync(join(run.runDir(), 'results.json'), 'utf8'))
    const parsed = RunResultsSchema.parse(raw)
    const flaky = parsed.cases.find((c) => c.provider === 'flaky')
    expect(flaky?.attemptErrors?.map((a) => a.class)).toEqual(['rate_limit', 'server_error'])
  })

  test('cases.csv has them as a compact column', () => {
    const [header, ...rows] = [...parseCsv(readFileSync(join(run.runDir(), 'csv', 'cases.csv'), 'utf8'))].map((r) => r.fields)
    const column = (header ?? []).indexOf('attempt_errors')
    const provider = (header ?? []).indexOf('provider')
    expect(column).toBeGreaterThan(0)
    const cell = (p: string): string | undefined => rows.find((row) => row[provider] === p)?.[column]
    expect(cell('flaky')).toBe('1:rate_limit/429 2:server_error/500')
    expect(cell('broken')).toBe('1:server_error/503 2:server_error/503 3:server_error/503')
  })

  test('report.html shows each failed attempt in the case detail (Chromium)', async () => {
    browser = await launchReportBrowser()
    const { page } = await browser.open(readFileSync(join(run.runDir(), 'report.html'), 'utf8'))
    await page.locator('#case-rows tr.case-row', { hasText: 'flaky' }).click()
    const detail = page.locator('#case-rows tr.case-detail')
    await detail.locator('table.attempt-errors').waitFor()
    expect(await detail.locator('h4', { hasText: 'Failed attempts' }).textContent()).toBe('Failed attempts (2 of 3)')
    const rows = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      return Array.from(document.querySelectorAll('#case-rows tr.case-detail table.attempt-errors tbody tr')).map((tr) =>
        Array.from(tr.children).map((td) => td.textContent ?? ''),
      )
    })
    expect(rows.map((cells) => cells.slice(0, 3))).toEqual([
      ['1', 'rate_limit', '429'],
      ['2', 'server_error', '500'],
    ])
    expect(rows[0]?.[3]).toContain('Rate limit reached for key')
    expect(rows[0]?.[3]).not.toContain(KEY)
    expect(rows[1]?.[3]).toContain('internal failure')
    expect(rows[0]?.[4]).toMatch(/ms$/)
    expect(browser.pageErrors).toEqual([])
  })
})
