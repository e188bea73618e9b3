import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildHistoryPage } from '../../src/history/html/build-page.ts'
import { renderHistoryHtml } from '../../src/history/html/render.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from '../report/html/browser.ts'
import { commitOf, EVIL, makeHistoryRuns } from './html-fixture.ts'

/** history.html opened from a file:// URL in real headless Chromium at 1280 px, beside real run folders. */

const RUNS = 24
const root = mkdtempSync(join(tmpdir(), 'llm-bench-history-html-'))
const runs = makeHistoryRuns({ runs: RUNS, datasets: ['coding', 'support'], providers: ['openai:gpt-4o-mini', 'anthropic:claude-haiku'], root, withoutReport: new Set([3]), evil: true })
const file = join(root, 'history.html')
let browser: ReportBrowser
let page: Page
let url: string

beforeAll(async () => {
  writeFileSync(file, renderHistoryHtml(buildHistoryPage(runs, { htmlDir: root, projects: [`llm${EVIL}`] })))
  browser = await launchReportBrowser({ width: 1280, height: 900 })
  ;({ page, url } = await browser.openFile(file))
})

afterAll(async () => {
  await browser?.close()
  rmSync(root, { recursive: true, force: true })
})

const pwned = (): Promise<number | undefined> => page.evaluate(() => (globalThis as unknown as PageGlobals).window.__pwned)

describe('history.html in Chromium', () => {
  test('draws a card with three charts per dataset × provider, the model table and the runs, with no error and no request', async () => {
    expect(await page.getAttribute('html', 'data-ready')).toBe('true')
    expect(browser.pageErrors).toEqual([])
    expect(browser.consoleErrors).toEqual([])
    expect(await page.locator('.series-card').count()).toBe(2 * 3)
    expect(await page.locator('.series-card svg.trend-chart').count()).toBe(2 * 3 * 3)
    // every run's pass rate is a dot with the interval band behind the line
    expect(await page.locator('.series-card').first().locator('svg[data-metric="pass"] circle.dot').count()).toBe(RUNS)
    expect(await page.locator('.series-card').first().locator('svg[data-metric="pass"] path.band').count()).toBe(1)
    expect(await page.locator('#model-table tbody tr').count()).toBe(3)
    expect(await page.locator('#run-table tbody tr').count()).toBe(RUNS)
    expect(await page.textContent('#filter-count')).toBe('6 series shown')
    // a provider with no known price: its cost chart says so, with no axis values
    const unpriced = page.locator('.series-card', { hasText: 'coding · openai:gpt-4o-mini' }).locator('svg[data-metric="cost"]')
    expect(await unpriced.locator('text.none').textContent()).toBe('no known price')
    expect(await unpriced.locator('text.tick').allTextContents()).toEqual(['2026-01-01', '2026-01-24'])
    // the page asked for nothing but itself
    expect(browser.requests).toEqual([url])
  })

  test('hovering a chart shows the nearest run with its commit; dots carry it in their title', async () => {
    const chart = page.locator('.series-card').first().locator('svg[data-metric="pass"]')
    const box = await chart.boundingBox()
    if (!box) throw new Error('the chart has no box')
    // the right edge of the plot: the latest run
    await chart.hover({ position: { x: box.width - 4, y: box.height / 2 } })
    const tip = page.locator('#tip')
    await tip.waitFor({ state: 'visible' })
    const last = runs[RUNS - 1]
    if (!last) throw new Error('no runs')
    const text = await tip.innerText()
    expect(text).toContain(`commit ${commitOf(RUNS - 1).slice(0, 12)} (dirty) on main${EVIL}`)
    expect(text).toContain(last.id)
    expect(text).toMatch(/Pass rate: [\d.]+% \[[\d.]+% – [\d.]+%\]/)
    // the left edge: the first run
    await chart.hover({ position: { x: 56, y: box.height / 2 } })
    expect(await tip.innerText()).toContain(`commit ${commitOf(0).slice(0, 12)} on main`)
    const title = await chart.locator('circle.dot').nth(5).locator('title').textContent()
    expect(title).toContain(commitOf(5).slice(0, 12))
    expect(title).toContain(runs[5]?.id)
    await page.mouse.move(0, 0)
    expect(await tip.isVisible()).toBe(false)
  })

  test('every link targets an existing file; the run without a report.html has none', async () => {
    const hrefs = await page.locator('a[href]').evaluateAll((nodes) => nodes.map((a) => a.getAttribute('href') ?? ''))
    const files = hrefs.filter((h) => !h.startsWith('#'))
    // the model table's latest runs and every run but the one without a report
    expect(files.length).toBe(3 + RUNS - 1)
    for (const href of files) {
      expect(href).not.toMatch(/^[a-z]+:|^\//i)
      const target = fileURLToPath(new URL(href, url))
      expect(existsSync(target), href).toBe(true)
      expect(readFileSync(target, 'utf8')).toContain('<p id="run">')
    }
    const noReport = runs[3]?.id ?? ''
    const row = page.locator('#run-table tbody tr', { hasText: noReport })
    expect(await row.locator('a').count()).toBe(0)
    expect(await row.textContent()).toContain(noReport)
  })

  test('a hostile project, run id, branch and provider stay text: nothing runs, no element is made', async () => {
    expect(await pwned()).toBeUndefined()
    const counts = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      return { images: document.images.length, scripts: document.scripts.length }
    })
    expect(counts).toEqual({ images: 0, scripts: 2 })
    expect(await page.textContent('h1')).toBe(`llm${EVIL}`)
    expect(await page.locator('.series-card h3', { hasText: `openai:${EVIL}` }).count()).toBe(2)
    expect(await page.locator('#run-table', { hasText: `main${EVIL}` }).count()).toBe(1)
  })

  test('fits 1280 px without sideways scrolling', async () => {
    const widths = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals & { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
      return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }
    })
    expect(widths.scroll).toBeLessThanOrEqual(widths.client)
    expect(widths.client).toBeLessThanOrEqual(1280)
  })

  test('the filters hide the series, model rows and runs that do not match', async () => {
    await page.selectOption('#filter-dataset', { label: 'support' })
    expect(await page.textContent('#filter-count')).toBe('3 series shown')
    expect(await page.locator('.series-card:visible h3').allTextContents()).toEqual(expect.arrayContaining(['support · openai:gpt-4o-mini']))
    expect((await page.locator('.series-card:visible h3').allTextContents()).every((t) => t.startsWith('support · '))).toBe(true)
    await page.selectOption('#filter-provider', { label: 'anthropic:claude-haiku' })
    expect(await page.textContent('#filter-count')).toBe('1 series shown')
    expect(await page.locator('#model-table tbody tr:visible').count()).toBe(1)
    expect(await page.locator('#model-table tbody tr:visible').textContent()).toContain('claude-haiku')
    await page.selectOption('#filter-dataset', { label: 'All datasets' })
    await page.selectOption('#filter-provider', { label: 'All providers' })
    expect(await page.textContent('#filter-count')).toBe('6 series shown')
  })

  test('a run link and a click on a chart open that run’s report.html', async () => {
    const second = runs[1]?.id ?? ''
    await page.locator('#run-table a', { hasText: second }).click()
    await page.waitForSelector('#run')
    expect(await page.textContent('#run')).toBe(second)
    await page.goto(url)
    await page.waitForSelector('html[data-ready]')
    const chart = page.locator('.series-card').nth(1).locator('svg[data-metric="p95"]')
    const box = await chart.boundingBox()
    if (!box) throw new Error('the chart has no box')
    await chart.click({ position: { x: 56, y: box.height / 2 } })
    await page.waitForSelector('#run')
    expect(await page.textContent('#run')).toBe(runs[0]?.id)
  })

  test('a long history draws the newest 100 runs, the rest on "Show all", filtered like the others', async () => {
    const many = makeHistoryRuns({ runs: 130, datasets: ['coding'], providers: ['openai:gpt-4o-mini'] })
    // one run without the dataset: hidden once a dataset is chosen
    const odd = many[5]
    if (odd) many[5] = { ...odd, groups: odd.groups.map((g) => ({ ...g, dataset: 'other' })) }
    const { page: long } = await browser.open(renderHistoryHtml(buildHistoryPage(many, { htmlDir: root, projects: ['llm'] })))
    expect(await long.locator('#run-table tbody tr').count()).toBe(100)
    // newest first
    expect(await long.locator('#run-table tbody tr').first().textContent()).toContain(many[129]?.id)
    await long.selectOption('#filter-dataset', { label: 'coding' })
    await long.click('#runs-more')
    expect(await long.locator('#runs-more').count()).toBe(0)
    expect(await long.locator('#run-table tbody tr').count()).toBe(130)
    expect(await long.locator('#run-table tbody tr:visible').count()).toBe(129)
    expect(await long.locator('#run-table tbody tr', { hasText: odd?.id ?? '?' }).isVisible()).toBe(false)
    expect(await long.locator('#run-table tbody tr').last().textContent()).toContain(many[0]?.id)
    // above 120 runs a chart has no dots, the tooltip still names the run
    const chart = long.locator('.series-card', { hasText: 'coding · openai:gpt-4o-mini' }).locator('svg[data-metric="pass"]')
    expect(await chart.locator('circle').count()).toBe(0)
    const box = await chart.boundingBox()
    if (!box) throw new Error('the chart has no box')
    await chart.hover({ position: { x: box.width - 4, y: box.height / 2 } })
    expect(await long.locator('#tip').innerText()).toContain(many[129]?.id)
    expect(browser.pageErrors).toEqual([])
  })

  test('a report path that is not a plain relative path never becomes a link or a navigation', async () => {
    const data = buildHistoryPage(makeHistoryRuns({ runs: 3, datasets: ['coding'], providers: ['openai:gpt-4o-mini'] }), { htmlDir: root, projects: ['llm'] })
    const bad = ['javascript:window.__pwned=3', '//evil.example/report.html', 'data:text/html,<script>window.__pwned=4</script>']
    data.runs.forEach((run, i) => (run.report = bad[i] ?? null))
    const { page: tab, url: tabUrl } = await browser.open(renderHistoryHtml(data))
    expect(await tab.locator('a[href]:not([href^="#"])').count()).toBe(0)
    const chart = tab.locator('svg[data-metric="pass"]').first()
    const box = await chart.boundingBox()
    if (!box) throw new Error('the chart has no box')
    for (const x of [56, box.width / 2, box.width - 4]) await chart.click({ position: { x, y: box.height / 2 } })
    expect(tab.url()).toBe(tabUrl)
    expect(await tab.evaluate(() => (globalThis as unknown as PageGlobals).window.__pwned)).toBeUndefined()
  })

  test('the latest change is marked regressed or improved only when the paired test says so', async () => {
    const data = buildHistoryPage(makeHistoryRuns({ runs: 4, datasets: ['coding', 'support'], providers: ['openai:gpt-4o-mini'] }), { htmlDir: root, projects: ['llm'] })
    const [regressed, plain] = data.series
    if (!regressed || !plain) throw new Error('fixture has two series')
    regressed.latestChange = { overlapping: 50, newlyFailing: 12, newlyPassing: 1, pValue: 0.0021, verdict: 'regressed' }
    plain.latestChange = { overlapping: 50, newlyFailing: 3, newlyPassing: 2, pValue: 0.69, verdict: null }
    const { page: tab } = await browser.open(renderHistoryHtml(data))
    const badge = (i: number) => tab.locator('.series-card').nth(i).locator('.series-latest .badge')
    expect(await badge(0).textContent()).toMatch(/^▼ regressed [+−±][\d.]+ pts$/)
    expect(await badge(0).getAttribute('class')).toBe('badge fail')
    expect(await badge(0).getAttribute('title')).toBe('paired on 50 cases: 12 newly failing, 1 newly passing, mid-p McNemar p = 0.0021')
    expect(await badge(1).textContent()).toMatch(/^[+−±][\d.]+ pts \(p = 0\.69\)$/)
    expect(await badge(1).getAttribute('class')).toBe('badge neutral')
  })
})
