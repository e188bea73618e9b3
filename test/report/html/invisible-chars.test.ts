import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { record } from '../artifacts/fixtures.ts'
import { launchReportBrowser, openFirstCaseDetail, type PageGlobals, type ReportBrowser } from './browser.ts'

/**
 * report.html in Chromium: every invisible format character that could
 * reorder or hide text is written out (`\u202E`, `\u{E0041}`) in a marked
 * span, wherever a record's strings are drawn: ids, names, categories,
 * outputs, error and attempt messages, attributes. ZWJ stays (emoji need it).
 */

const DANGEROUS: Array<[string, string]> = [
  ['\u202A', '\\u202A'], ['\u202B', '\\u202B'], ['\u202C', '\\u202C'], ['\u202D', '\\u202D'], ['\u202E', '\\u202E'],
  ['\u2066', '\\u2066'], ['\u2067', '\\u2067'], ['\u2068', '\\u2068'], ['\u2069', '\\u2069'],
  ['\u200E', '\\u200E'], ['\u200F', '\\u200F'], ['\u061C', '\\u061C'],
  ['\u200B', '\\u200B'], ['\u2060', '\\u2060'], ['\uFEFF', '\\uFEFF'], ['\u{E0041}', '\\u{E0041}'],
]
const RAW = DANGEROUS.map(([c]) => `${c}x`).join('')
const SHOWN = DANGEROUS.map(([, s]) => `${s}x`).join('')
const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'

const r = record({
  caseId: `id\u202Eexe.txt`,
  dataset: `data\u2067set`,
  category: `cat\u200Bgory`,
  provider: `prov\u202Eider`,
  output: `${RAW} ${FAMILY}`,
  status: 'error',
  error: { class: 'server_error', message: `boom\u202Emoob` },
  attempts: 2,
  retries: 1,
  attemptErrors: [{ attempt: 1, class: 'rate_limit', message: `slow\u2066down`, status: 429, backoffMs: 12 }],
})
const results = buildRunResults({ runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(Date.UTC(2026, 0, 1)), endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)), reason: 'failed' }, [r], [])

let browser: ReportBrowser
let page: Page

beforeAll(async () => {
  browser = await launchReportBrowser()
  page = await openFirstCaseDetail(browser, renderReportHtml(results))
})

afterAll(async () => {
  await browser?.close()
})

describe('invisible format characters in report.html', () => {
  test('each dangerous one is written out in the output, in a marked span; ZWJ emoji stay whole', async () => {
    const output = page.locator('#case-rows pre.output')
    expect(await output.textContent()).toBe(`${SHOWN} ${FAMILY}`)
    expect(await output.locator('span.invisible-char').allTextContents()).toEqual(DANGEROUS.map(([, s]) => s))
    expect(await output.locator('span.invisible-char').first().getAttribute('title')).toBe('invisible format character U+202A')
  })

  test('ids, names, categories, error and attempt messages, and attributes too; none reaches the page raw', async () => {
    const text = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.innerText)
    for (const shown of ['id\\u202Eexe.txt', 'data\\u2067set', 'cat\\u200Bgory', 'prov\\u202Eider', 'boom\\u202Emoob', 'slow\\u2066down']) expect(text).toContain(shown)
    for (const [c] of DANGEROUS) expect(text.includes(c), `U+${c.codePointAt(0)?.toString(16)}`).toBe(false)
    expect(await page.locator('#case-rows td.case-id').getAttribute('title')).toBe('id\\u202Eexe.txt')
    expect(await page.locator('#case-rows .toggle button').getAttribute('aria-label')).toBe('Details of id\\u202Eexe.txt')
    expect(await page.locator('#case-provider option').allTextContents()).toContain('prov\\u202Eider')
    const chartLabels = await page.evaluate(() => {
      const { window } = globalThis as unknown as { window: { Chart: { instances: Record<string, { data: { labels?: unknown[] } }> } } }
      return Object.values(window.Chart.instances).flatMap((chart) => chart.data.labels ?? [])
    })
    expect(chartLabels).toContain('prov\\u202Eider')
    expect(chartLabels).not.toContain('prov\u202Eider')
    expect(browser.pageErrors).toEqual([])
  })
})
