import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, waitForCount, type PageGlobals, type ReportBrowser } from './browser.ts'
import { makeRecords, makeSystem, RUN_START } from './fixture.ts'

/**
 * 10,000 records: the render and the page stay usable. Timings are printed,
 * never asserted (shared machines); only correctness is.
 */

const N = 10_000
let results: RunResults
let html: string
let browser: ReportBrowser

beforeAll(async () => {
  // 4 providers x 4 datasets x 625 cases
  const records = makeRecords({ casesPerDataset: N / 16, seed: 3 })
  const end = Math.max(...records.map((r) => Date.parse(r.endedAt)))
  const system = makeSystem(records, { intervalMs: 500 })
  const t0 = performance.now()
  results = buildRunResults({ runId: 'llm-20260512-093000-10k', project: 'llm', mode: 'run', startedAt: new Date(RUN_START), endedAt: new Date(end), reason: 'failed' }, records, [], { system })
  const t1 = performance.now()
  const heapBefore = process.memoryUsage().heapUsed
  const t2 = performance.now()
  html = renderReportHtml(results)
  const t3 = performance.now()
  const heapAfter = process.memoryUsage().heapUsed
  console.log(
    `report.html for ${N} records: buildRunResults ${(t1 - t0).toFixed(0)} ms, renderReportHtml ${(t3 - t2).toFixed(0)} ms, ` +
      `${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MiB, heap +${((heapAfter - heapBefore) / 1024 / 1024).toFixed(0)} MiB`,
  )
  browser = await launchReportBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe(`report.html with ${N} records`, () => {
  test('renders every record into the embedded data', () => {
    expect(results.cases).toHaveLength(N)
    const data = JSON.parse(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null')
    expect(data.cases).toHaveLength(N)
    expect(data.system.gpuSeries[0].t.length).toBeLessThanOrEqual(600)
  })

  test('opens in Chromium with one page of rows; filter, sort and paging stay correct', async () => {
    const { page, loadMs } = await browser.open(html)
    const count = async (): Promise<number> => Number(await page.getAttribute('#case-count', 'data-count'))
    expect(await count()).toBe(N)
    expect(await page.locator('#case-rows tr.case-row').count()).toBe(50)

    let t = performance.now()
    await page.fill('#case-filter', 'reas-0077')
    await waitForCount(page, 4)
    const filterMs = performance.now() - t - 120 // less the input debounce
    await page.fill('#case-filter', '')
    await waitForCount(page, N)

    // timed in the page: a click on a header re-filters, sorts 10,000 rows and draws a page
    const sortMs = await page.evaluate(() => {
      const button = (globalThis as unknown as PageGlobals).document.querySelector('th[data-sort="cost"] button')
      const started = performance.now()
      button?.click()
      button?.click()
      return (performance.now() - started) / 2
    })
    const top = Math.max(...results.cases.map((r) => r.cost ?? 0))
    const first = await page.locator('#case-rows tr.case-row').first().getAttribute('data-ix')
    expect(results.cases[Number(first)]?.cost).toBe(top)

    await page.selectOption('#case-status', 'error')
    expect(await count()).toBe(results.summary.errored)
    await page.click('.pager button:has-text("Next")')
    expect(await page.textContent('#case-page')).toMatch(/^Rows 51–/)
    console.log(`Chromium: open to drawn ${loadMs.toFixed(0)} ms, text filter ~${filterMs.toFixed(0)} ms (with Playwright round trips), sort ${sortMs.toFixed(0)} ms (in the page)`)
    expect(browser.pageErrors).toEqual([])
    expect(browser.consoleErrors).toEqual([])
  })
})
