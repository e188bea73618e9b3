import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { LAZY_CASES_ABOVE, ROWS_IN_PAGE, ROWS_PER_FILE } from '../../../src/report/html/lazy-cases.ts'
import { renderLazyReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from './browser.ts'

/**
 * report.html's matrix on a run above 10,000 records: the page holds the first
 * 250 light rows and the rest come from two row files; the matrix waits
 * ("Loading N rows…") and is built once from every row, so its rows and its
 * "only where they differ" counts cover every case. The page data is built
 * directly (no child run) to keep this quick.
 */

const CASES = 2600
const PROVIDERS = ['openai:a', 'openai:b', 'openai:c', 'openai:d']
const N = CASES * PROVIDERS.length // 10,400 records

let browser: ReportBrowser
let dir: string
beforeAll(async () => {
  browser = await launchReportBrowser({ width: 1400 })
  dir = mkdtempSync(join(tmpdir(), 'llm-bench-matrix-large-'))
})
afterAll(async () => {
  await browser?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function record(i: number, provider: string): CaseRecord {
  // openai:b fails every third case and answers every fifth differently
  const failed = provider === 'openai:b' && i % 3 === 0
  const status = failed ? 'failed' : 'passed'
  const output = provider === 'openai:b' && i % 5 === 0 ? `answer ${i}!` : `answer ${i}`
  return {
    runId: 'run-l', dataset: 'qa', datasetFile: join(dir, 'qa.dataset.yaml'), caseId: `case-${String(i).padStart(4, '0')}`, category: null, provider, providerType: 'openai', model: provider,
    requestHash: `${i}-${provider}`, prompt: `Q ${i}`, output, finishReason: 'stop', status, error: null,
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' }, cost: 0.001, timings: { queueMs: 0, ttftMs: 50, e2eMs: 400, tpotMs: 10, itlMs: [], streamed: true },
    serverTimings: null, attempts: 1, retries: 0, cached: false, evaluations: [{ name: 'contains', pass: !failed, score: failed ? 0 : 1, threshold: 1, reason: failed ? 'missing' : 'found' }],
    sample: null, startedAt: '2026-05-12T09:30:00.000Z', endedAt: '2026-05-12T09:30:00.400Z',
  }
}

describe('the matrix of a run above 10,000 records', () => {
  test('waits for every row file, then covers every case: rows and differ counts over all 2,600 cases', async () => {
    const records: CaseRecord[] = []
    for (let i = 0; i < CASES; i++) for (const provider of PROVIDERS) records.push(record(i, provider))
    expect(N).toBeGreaterThan(LAZY_CASES_ABOVE)
    const results = buildRunResults({ runId: 'run-l', project: 'l', mode: 'run', startedAt: new Date('2026-05-12T09:30:00Z'), endedAt: new Date('2026-05-12T09:31:00Z'), reason: 'failed' }, records, [], { system: null, gates: null })
    const out = join(dir, 'run')
    const html = renderLazyReportHtml(results, () => records, (name, text) => {
      mkdirSync(dirname(join(out, name)), { recursive: true })
      writeFileSync(join(out, name), text)
    })
    writeFileSync(join(out, 'report.html'), html)
    // the page holds 250 rows; 10,150 are in two row files
    expect(Math.ceil((N - ROWS_IN_PAGE) / ROWS_PER_FILE)).toBe(2)
    expect(existsSync(join(out, 'report-cases', 'rows-0001.js'))).toBe(true)

    const { page } = await browser.openFile(join(out, 'report.html'))
    const waitForCases = (): Promise<unknown> => page.waitForFunction((n) => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document
      return d.querySelector('#matrix-count')?.getAttribute('data-count') === String(n)
    }, CASES, { timeout: 60_000 })
    await waitForCases()
    // again with the last row file held: the placeholder until it is in, no matrix built from part of the rows
    let release = (): void => {}
    const held = new Promise<void>((resolve) => { release = resolve })
    await browser.context.route(/rows-0001\.js$/, async (route) => {
      await held
      await route.fallback()
    })
    await page.reload({ waitUntil: 'commit' })
    await page.waitForSelector('#matrix .mx-loading')
    expect(await page.locator('#matrix .mx-loading').textContent()).toBe('Loading 10,400 rows… the matrix is built when every row is in')
    expect(await page.locator('#matrix-table').count()).toBe(0)
    release()
    await waitForCases()
    expect(await page.locator('#matrix .mx-loading').count()).toBe(0)
    expect(await page.locator('#matrix-count').textContent()).toBe('All 2,600 cases')
    const byOutcome = Array.from({ length: CASES }, (_, i) => i).filter((i) => i % 3 === 0).length
    const byAny = Array.from({ length: CASES }, (_, i) => i).filter((i) => i % 3 === 0 || i % 5 === 0).length
    await page.selectOption('#matrix-filter', 'outcome')
    expect(await page.getAttribute('#matrix-count', 'data-count')).toBe(String(byOutcome))
    await page.selectOption('#matrix-filter', 'any')
    expect(await page.getAttribute('#matrix-count', 'data-count')).toBe(String(byAny))
    expect(byAny).toBe(1213)
    // the last page holds the last case, from the second row file
    await page.selectOption('#matrix-filter', '')
    const pages = Math.ceil(CASES / 25)
    expect(await page.locator('#matrix-page').textContent()).toContain(`page 1 of ${pages}`)
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('#matrix-rows')?.textContent?.includes('qa › case-0000'))).toBe(true)
    expect(browser.pageErrors).toEqual([])
  }, 120_000)
})
