import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { record, regex } from '../artifacts/fixtures.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from './browser.ts'

// 10 cases, 8 passing: Wilson 95% [0.490162, 0.943318], ±31.0 points (the larger side)
const records = Array.from({ length: 10 }, (_, i) => record({ caseId: `c${i}`, provider: 'p', status: i < 8 ? 'passed' : 'failed', evaluations: [regex(i < 8)] }))
const results = buildRunResults({ runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'failed' }, records, [])

let browser: ReportBrowser
let page: Page

beforeAll(async () => {
  browser = await launchReportBrowser()
  ;({ page } = await browser.open(renderReportHtml(results), { name: 'error-bars' }))
})

afterAll(async () => {
  await browser?.close()
})

describe('report.html: error bars on pass rates', () => {
  test('the providers table: an error bar from the lower to the upper bound, ± in points, the interval on hover', async () => {
    const bar = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      const err = document.querySelector('.providers-table .errbar')
      const cell = err?.closest('.bar-cell')
      return { style: err?.getAttribute('style') ?? '', text: cell?.textContent, title: cell?.getAttribute('title') }
    })
    expect(parseFloat(/left: ([\d.]+)%/.exec(bar.style)?.[1] ?? '')).toBeCloseTo(49.0162, 3)
    expect(parseFloat(/width: ([\d.]+)%/.exec(bar.style)?.[1] ?? '')).toBeCloseTo(94.3318 - 49.0162, 3)
    expect(bar.text).toBe('80.0% ±31.0')
    expect(bar.title).toBe('95% interval 49.0–94.3% (wilson)')
    expect(browser.pageErrors).toEqual([])
  })

  test('the pass-rate KPI names the interval', async () => {
    expect(await page.textContent('#kpi-pass-rate')).toContain('±31.0 · 95% interval 49.0–94.3% (wilson)')
  })
})
