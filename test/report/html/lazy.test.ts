import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateRecords } from '../../../benchmarks/reporter/records.ts'
import { resolveOptions } from '../../../src/config/options.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { finishRun, type FinishedRun } from '../../../src/report/finish-run.ts'
import { writeArtifacts } from '../../../src/report/artifacts/write-artifacts.ts'
import { CASES_PER_CHUNK, LAZY_CASES_ABOVE, ROWS_IN_PAGE, ROWS_PER_FILE } from '../../../src/report/html/lazy-cases.ts'
import { jsonlSource } from '../../../src/report/record-source.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, waitForCount, type PageGlobals, type ReportBrowser } from './browser.ts'

/**
 * A run of 100,000 records: report.html holds the light rows of the table's
 * first page, the other light rows are in report-cases/rows-*.js (loaded once
 * the page is drawn) and the whole cases in report-cases/*.js beside it,
 * loaded when a case is opened or the text filter needs them; the page opens
 * from disk under its CSP. Correctness only: the open time is measured by
 * `npm run bench:reporter`.
 */

const N = 100_000
const RUN_ID = 'llm-20261122-100000-lazy0000'
const dir = mkdtempSync(join(tmpdir(), 'llm-bench-lazy-'))
let finished: FinishedRun
let browser: ReportBrowser

beforeAll(async () => {
  const jsonl = join(dir, 'results.jsonl')
  const fd = openSync(jsonl, 'w')
  let batch: string[] = []
  for (const r of generateRecords(N)) {
    batch.push(`${JSON.stringify({ ...r, runId: RUN_ID })}\n`)
    if (batch.length === 5000) {
      writeSync(fd, batch.join(''))
      batch = []
    }
  }
  writeSync(fd, batch.join(''))
  closeSync(fd)
  const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: true, csv: false, markdown: false, rawResponses: false } })
  finished = finishRun({ run: { id: RUN_ID, dir, startedAt: new Date('2026-11-22T10:00:00Z') }, options, mode: 'run', vitest: { config: { root: dir } }, records: jsonlSource(jsonl), failures: [], reason: 'failed', samples: [] })
  browser = await launchReportBrowser()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The n-th case of the table's first (unsorted) view: results.json's order. */
function nth(n: number): CaseRecord {
  return finished.results.cases[n] as CaseRecord
}

const rowTexts = (page: import('playwright-core').Page): Promise<string[]> =>
  page.evaluate(() => Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('#case-rows tr.case-row')).map((tr) => tr.textContent ?? ''))

describe(`report.html for ${N.toLocaleString('en')} records`, () => {
  test('the page and its files: the first light rows in the page, the other rows and the whole cases beside it', () => {
    expect(finished.saved).toBe(true)
    const files = readdirSync(join(dir, 'report-cases')).sort()
    const chunks = files.filter((f) => /^\d{4}\.js$/.test(f))
    const rowFiles = files.filter((f) => f.startsWith('rows-'))
    expect(chunks).toHaveLength(N / CASES_PER_CHUNK)
    expect(rowFiles).toHaveLength(Math.ceil((N - ROWS_IN_PAGE) / ROWS_PER_FILE))
    expect(files).toHaveLength(chunks.length + rowFiles.length)
    expect(chunks[0]).toBe('0001.js')
    const html = readFileSync(join(dir, 'report.html'), 'utf8')
    expect(html).toMatch(/script-src 'sha256-[^']+' 'sha256-[^']+' 'strict-dynamic'; style-src/)
    const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null')
    expect(data.cases).toEqual([])
    expect(data.caseIndex.rows).toHaveLength(ROWS_IN_PAGE)
    expect(data.caseIndex.total).toBe(N)
    expect(data.caseIndex.rowFiles).toBe(rowFiles.length)
    // the other rows, in order, in the row files: `__llmBenchRows(k, "<JSON>")`
    const rows: unknown[][] = [...(data.caseIndex.rows as unknown[][])]
    rowFiles.forEach((name, k) => {
      const text = readFileSync(join(dir, 'report-cases', name), 'utf8')
      const call = /^__llmBenchRows\((\d+), ("(?:[^"\\]|\\.)*")\);\n$/.exec(text)
      expect(call?.[1]).toBe(String(k))
      rows.push(...(JSON.parse(JSON.parse(call?.[2] ?? '""')) as unknown[][]))
    })
    expect(rows).toHaveLength(N)
    expect(rows.map((r) => r[1])).toEqual(finished.results.cases.map((c) => c.caseId))
    // light rows carry times to 0.001 ms and scores to 0.0001 (the page's size is its opening time)
    for (const row of rows) {
      for (const [at, digits] of [[6, 4], [10, 3], [11, 3]] as const) if (row[at] !== null) expect(String(row[at]), `row ${String(row[1])}[${at}]`).toMatch(new RegExp(`^-?\\d+(\\.\\d{1,${digits}})?$`))
    }
    expect(data.caseIndex.chunks).toBe(chunks.length)
    // the page holds no prompt or output: those are in the chunks
    expect(html).not.toContain('explain the difference between a map and a set')
    const first = readFileSync(join(dir, 'report-cases', '0001.js'), 'utf8')
    expect(first.startsWith('__llmBenchCases(0, "')).toBe(true)
    expect(first).toContain(nth(0).caseId)
    // the page does not grow with the cases: Chart.js, the summaries and 250 rows
    expect(statSync(join(dir, 'report.html')).size).toBeLessThan(1_000_000)
  })

  test('opens from disk: first page, a later chunk by paging, a case detail, the status filter and the text filter', async () => {
    const { page } = await browser.openFile(join(dir, 'report.html'))
    await waitForCount(page, N)
    const first = await rowTexts(page)
    expect(first).toHaveLength(50)
    expect(first[0]).toContain(nth(0).caseId)
    expect(first[49]).toContain(nth(49).caseId)

    // 250 a page, 10 pages on: rows 2,500..2,749, in the second chunk
    await page.locator('#cases .pager select').selectOption('250')
    for (let i = 0; i < 10; i++) await page.locator('#cases .pager button', { hasText: 'Next' }).click()
    const later = await rowTexts(page)
    expect(later[0]).toContain(nth(2500).caseId)
    expect(later[0]).toContain(nth(2500).provider)
    expect(await page.locator('#case-page').textContent()).toContain('2,501')

    // its detail comes from report-cases/0002.js
    await page.locator('#case-rows tr.case-row').first().click()
    const detail = page.locator('#case-rows tr.case-detail')
    await detail.locator('pre.text').first().waitFor()
    expect(await detail.textContent()).toContain(nth(2500).prompt)
    expect(await detail.textContent()).toContain((nth(2500).output ?? nth(2500).error?.message ?? '').slice(0, 40) || nth(2500).caseId)
    expect(browser.requests.some((url) => url.endsWith('/report-cases/0002.js'))).toBe(true)
    expect(browser.requests.some((url) => url.endsWith('/report-cases/0003.js'))).toBe(false)

    // the status filter works on the light rows
    await page.locator('#case-status').selectOption('timeout')
    await waitForCount(page, finished.results.summary.timedOut)
    await page.locator('#case-status').selectOption('')

    // the text filter searches outputs: every chunk is loaded first; record 73,456's output is "Answer 73456: ..."
    await page.locator('#case-filter').fill('answer 73456:')
    // 50 files of 2,000 whole cases each: generous on a shared machine
    await waitForCount(page, 1, 240_000)
    const found = await rowTexts(page)
    expect(found).toHaveLength(1)
    expect(found[0]).toContain('case-24485')
    expect(found[0]).toContain('anthropic:claude-haiku-4-5')
    expect(browser.requests.filter((url) => /\/report-cases\/\d{4}\.js$/.test(url)).length).toBe(N / CASES_PER_CHUNK)
    expect(browser.requests.filter((url) => url.includes('/report-cases/rows-')).length).toBe(Math.ceil((N - ROWS_IN_PAGE) / ROWS_PER_FILE))

    const g = await page.evaluate(() => (globalThis as unknown as PageGlobals).window.__pwned)
    expect(g).toBeUndefined()
    expect(browser.pageErrors).toEqual([])
    expect(browser.consoleErrors).toEqual([])
    expect(browser.failed).toEqual([])
  }, 500_000)

  test('without its row files the page still opens with its first page of rows and says what is missing', async () => {
    const bare = join(dir, 'no-rows')
    mkdirSync(join(bare, 'report-cases'), { recursive: true })
    copyFileSync(join(dir, 'report.html'), join(bare, 'report.html'))
    copyFileSync(join(dir, 'report-cases', '0001.js'), join(bare, 'report-cases', '0001.js'))
    const { page } = await browser.openFile(join(bare, 'report.html'))
    await page.locator('#case-count', { hasText: 'could not be loaded' }).waitFor({ timeout: 60_000 })
    const first = await rowTexts(page)
    expect(first).toHaveLength(50)
    expect(first[0]).toContain(nth(0).caseId)
    expect(await page.locator('#case-count').getAttribute('data-count')).toBeNull()
    // a case of the page's rows opens from its chunk
    await page.locator('#case-rows tr.case-row').first().click()
    await page.locator('#case-rows tr.case-detail pre.text').first().waitFor()
    expect(await page.locator('#case-rows tr.case-detail').textContent()).toContain(nth(0).prompt)
    expect(browser.pageErrors).toEqual([])
  }, 120_000)

  test('the summary and the first rows are drawn before any row file is read or any chart drawn; the rest of the page while the row files are held', async () => {
    const url = pathToFileURL(join(dir, 'report.html')).href
    const page = await browser.context.newPage()
    // what the page held when its first case row appeared (an init script runs under any CSP)
    await page.addInitScript(() => {
      const g = globalThis as unknown as { __firstRows?: { overview: boolean; providers: boolean; rowScripts: number; rows: number }; document: PageGlobals['document']; MutationObserver: new (fn: () => void) => { observe(node: unknown, options: object): void; disconnect(): void } }
      const seen = new g.MutationObserver(() => {
        const rows = g.document.querySelectorAll('#case-rows tr.case-row').length
        if (rows === 0) return
        g.__firstRows = { overview: g.document.querySelector('#overview') !== null, providers: g.document.querySelector('#providers') !== null, rowScripts: g.document.querySelectorAll('script[src*="report-cases/"]').length, rows }
        seen.disconnect()
      })
      seen.observe(g.document, { subtree: true, childList: true })
    })
    // the row files are held until the page has been checked without them
    const held: Array<() => Promise<void>> = []
    let release = false
    await page.route((u) => u.href.includes('/report-cases/'), (route) => (release ? route.continue() : void held.push(() => route.continue())))
    await page.route(url, (route) => route.continue())
    await page.goto(url)
    await page.waitForSelector('html[data-ready]', { timeout: 60_000 })
    expect(await page.getAttribute('html', 'data-ready')).toBe('true')
    const first = await page.evaluate(() => (globalThis as unknown as { __firstRows?: unknown }).__firstRows)
    expect(first).toEqual({ overview: true, providers: false, rowScripts: 0, rows: 50 })
    // every section is drawn, the table shows its first page and says its rows are loading
    for (const id of ['overview', 'providers', 'matrix', 'system', 'datasets', 'cases']) expect(await page.locator(`#${id}`).count(), id).toBe(1)
    expect(await page.locator('#overview').textContent()).toContain('100,000')
    const rows = await rowTexts(page)
    expect(rows).toHaveLength(50)
    expect(rows[0]).toContain(nth(0).caseId)
    expect(await page.locator('#case-count').textContent()).toContain('Loading the table’s 100,000 cases')
    expect(await page.locator('#case-count').getAttribute('data-count')).toBeNull()
    expect(await page.locator('#matrix .mx-loading').textContent()).toContain('Loading 100,000 rows')
    expect(held.length).toBeGreaterThan(0)
    // let them through: every row arrives, the matrix is built
    release = true
    await Promise.all(held.splice(0).map((go) => go()))
    await waitForCount(page, N, 120_000)
    await page.locator('#matrix-table').waitFor({ timeout: 60_000 })
    expect(browser.pageErrors).toEqual([])
    await page.close()
  }, 240_000)

  test(`a run of ${LAZY_CASES_ABOVE.toLocaleString('en')} records (the threshold) stays one self-contained file`, () => {
    const small = join(dir, 'small')
    const records = [...generateRecords(LAZY_CASES_ABOVE)]
    const results = buildRunResults({ runId: RUN_ID, project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1), reason: 'passed' }, records, [])
    writeArtifacts(small, results, { html: true, csv: false, markdown: false, rawResponses: false })
    expect(existsSync(join(small, 'report-cases'))).toBe(false)
    const html = readFileSync(join(small, 'report.html'), 'utf8')
    expect(html).not.toContain('strict-dynamic')
    const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null')
    expect(data.cases).toHaveLength(LAZY_CASES_ABOVE)
    expect(data.caseIndex).toBeUndefined()
  }, 120_000)
})
