import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { handWrittenRecord } from '../../../src/runner/hand-written.ts'
import { launchReportBrowser, openFirstCaseDetail, type ReportBrowser } from './browser.ts'

/**
 * report.html in Chromium: a hand-written test's case detail lists the model
 * calls it made from code (provider, model, tokens, cost, E2E, source), and
 * its tokens and cost are their sum.
 */

const record = handWrittenRecord({
  dataset: 'tests/story.llm.test.ts',
  datasetFile: '/p/tests/story.llm.test.ts',
  caseId: 'tells two stories',
  failed: false,
  errors: [],
  evaluations: [{ name: 'toMatchRegex', pass: true, score: 1, threshold: 1, reason: 'matched' }],
  calls: [
    { provider: 'openai:stories', model: 'stories-a', usage: { inputTokens: 11, outputTokens: 7, source: 'provider' }, cost: 0.25, timings: { queueMs: 1, ttftMs: null, e2eMs: 40 }, cached: false, attempts: 1 },
    { provider: 'openai:stories', model: 'stories-b', usage: { inputTokens: 13, outputTokens: 9, source: 'provider' }, cost: 0.5, timings: { queueMs: 2, ttftMs: null, e2eMs: 60 }, cached: true, attempts: 0 },
  ],
  startedAt: new Date(Date.UTC(2026, 0, 1)),
  endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 1)),
})
const results = buildRunResults({ runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(Date.UTC(2026, 0, 1)), endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)), reason: 'passed' }, [record], [])

let browser: ReportBrowser
let page: Page

beforeAll(async () => {
  browser = await launchReportBrowser()
  page = await openFirstCaseDetail(browser, renderReportHtml(results))
})

afterAll(async () => {
  await browser?.close()
})

test("a case's model calls from code are listed in its detail, and its totals are their sum", async () => {
  const rows = await page.locator('#case-rows table.model-calls tbody tr').allInnerTexts()
  expect(rows).toHaveLength(2)
  expect(rows[0]?.split('\t').map((s) => s.trim())).toEqual(['1', 'openai:stories', 'stories-a', '11', '7', '$0.2500', '40.0 ms', 'live call'])
  expect(rows[1]).toContain('stories-b')
  expect(rows[1]).toContain('replayed')
  expect(await page.locator('#case-rows tr.case-detail h4').allTextContents()).toContain('Model calls from code (2, counted in the tokens and cost)')
  expect(record.usage).toMatchObject({ inputTokens: 24, outputTokens: 16 })
  expect(browser.pageErrors).toEqual([])
})
