import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { aggregateLoad } from '../../../src/report/load/aggregate-load.ts'
import { evaluateGates } from '../../../src/report/gates/evaluate.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from '../html/browser.ts'
import { EVIL_TEXT } from '../html/fixture.ts'
import { sweep } from './fixtures.ts'

/** report.html's Load section in real headless Chromium: a sweep against a server with 4 slots (knee at 4), and an untrusted provider id. */

const provider = `openai:${EVIL_TEXT}`
// 1, 2, 4, 8 in flight against 4 server slots; from 8 in flight every answer fails its matcher
const records = sweep([1, 2, 4, 8], 4, (c) => c < 8).map((r) => ({ ...r, provider }))
const info = { runId: 'load-run', project: 'p', mode: 'bench', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
const base = buildRunResults(info, records, [], { load: aggregateLoad(records, { ttftMs: 2000 }) })
const results = { ...base, gates: evaluateGates(base, null, { minGoodput: { 'concurrency=8': 100 } }, null) }

let browser: ReportBrowser
let page: Page

beforeAll(async () => {
  browser = await launchReportBrowser()
  ;({ page } = await browser.open(renderReportHtml(results), { name: 'load' }))
})

afterAll(async () => {
  await browser?.close()
})

describe('report.html Load section in Chromium', () => {
  test('one row per measurement, the knee marked, the knee rule and the SLOs said', async () => {
    expect(await page.getAttribute('html', 'data-ready')).toBe('true')
    const rows = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      return Array.from(document.querySelectorAll('#load-table tbody tr')).map((tr) => Array.from(tr.children).map((td) => td.textContent))
    })
    expect(rows.map((r) => r[1])).toEqual(['concurrency=1', 'concurrency=2', 'concurrency=4 knee', 'concurrency=8'])
    // requests/s 1, 2, 4, 4; peak in flight 1, 2, 4, 8
    expect(rows.map((r) => r[4])).toEqual(['1', '2', '4', '4'])
    expect(rows.map((r) => r[12])).toEqual(['1', '2', '4', '8'])
    expect(rows[0]?.[0]).toBe(provider)
    const knees = await page.textContent('#load-knees')
    expect(knees).toContain('concurrency=4 — throughput stops rising (+0% requests/s for +100% load) from concurrency=4 to concurrency=8')
    expect(knees).toContain('Goodput: requests/s meeting TTFT ≤ 2000 ms')
    expect(await page.textContent('nav')).toContain('Load')
    // the load gate names its provider and load level on the page too
    expect(await page.locator('#gates [data-gate="minGoodput"]').textContent()).toContain(`Minimum goodput · ${provider} at concurrency=8`)
  })

  test('the throughput/goodput and latency charts draw one point per measurement, the knee as a diamond', async () => {
    const charts = await page.evaluate(() => {
      const { window } = globalThis as unknown as PageGlobals
      return Object.values(window.Chart.instances)
        .filter((chart) => chart.canvas.closest('section')?.id === 'load')
        .map((chart) => {
          const { canvas } = chart
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
          let painted = 0
          for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++
          const sets = chart.data.datasets as unknown as Array<{ label: string; data: Array<number | null>; pointStyle: string[] }>
          return { title: canvas.getAttribute('aria-label'), paintedShare: painted / (canvas.width * canvas.height), sets: sets.map((d) => ({ label: d.label, data: d.data, styles: d.pointStyle })) }
        })
    })
    expect(charts.map((c) => c.title)).toEqual(['Throughput and goodput', 'Latency p95'])
    const throughput = charts[0]?.sets ?? []
    expect(throughput.map((s) => s.label)).toEqual(['throughput', 'quality goodput', 'goodput'])
    expect(throughput[0]?.data).toEqual([1, 2, 4, 4])
    // from 8 in flight the answers fail their matchers: quality goodput falls to 0 there
    expect(throughput[1]?.data?.[3]).toBe(0)
    for (const s of [...throughput, ...(charts[1]?.sets ?? [])]) expect(s.styles).toEqual(['circle', 'circle', 'rectRot', 'circle'])
    for (const c of charts) expect(c.paintedShare, c.title ?? '').toBeGreaterThan(0.01)
  })

  test('untrusted text stays text: nothing ran, nothing was fetched, no error', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).window.__pwned)).toBeUndefined()
    expect(browser.pageErrors).toEqual([])
    expect(browser.consoleErrors).toEqual([])
    expect(browser.failed.filter((f) => !f.url.startsWith('file:'))).toEqual([])
  })
})
