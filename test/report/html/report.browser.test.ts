import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, waitForCount, type PageGlobals, type ReportBrowser } from './browser.ts'
import type { RunResults } from '../../../src/report/run-results.ts'
import { EVIL_TEXT, makeRecords, makeResults, RUN_START } from './fixture.ts'

/** The report opened in real headless Chromium from a file:// URL. */

let browser: ReportBrowser
let page: Page
let url: string
const results: RunResults = makeResults({ casesPerDataset: 6, evil: true })

/** window.__pwned in the page: set only if injected code ran. */
const pwned = (): Promise<number | undefined> => page.evaluate(() => (globalThis as unknown as PageGlobals).window.__pwned)

beforeAll(async () => {
  browser = await launchReportBrowser()
  ;({ page, url } = await browser.open(renderReportHtml(results), { name: 'report' }))
})

afterAll(async () => {
  await browser?.close()
})

const count = async (): Promise<number> => Number(await page.getAttribute('#case-count', 'data-count'))
const columnTexts = (sort: string): Promise<string[]> =>
  page.evaluate((key) => {
    const { document } = globalThis as unknown as PageGlobals
    const col = Array.from(document.querySelectorAll('#case-table thead th')).findIndex((th) => th.getAttribute('data-sort') === key)
    return Array.from(document.querySelectorAll('#case-rows tr.case-row')).map((tr) => tr.children[col]?.textContent ?? '')
  }, sort)

/** "491 ms", "5.20 s", "1.2 min" as milliseconds; a dash as NaN. */
function ms(text: string): number {
  const m = /^([\d.,]+) (ms|s|min)$/.exec(text.trim())
  if (!m) return Number.NaN
  return Number((m[1] ?? '').replace(/,/g, '')) * (m[2] === 'min' ? 60_000 : m[2] === 's' ? 1000 : 1)
}

describe('report.html in Chromium', () => {
  test('draws the overview with the run numbers', async () => {
    expect(await page.getAttribute('html', 'data-ready')).toBe('true')
    expect(await page.textContent('h1')).toBe(results.runId)
    const passRate = ((results.summary.passRate ?? 0) * 100).toFixed(1) + '%'
    expect(await page.textContent('#kpi-pass-rate .value')).toBe(passRate)
    expect(await page.textContent('#kpi-cases .value')).toBe(results.summary.cases.toLocaleString('en-US'))
    expect(await page.textContent('#kpi-errors .value')).toBe(String(results.summary.errored + results.summary.timedOut))
    expect(await page.textContent('#kpi-cost')).toContain(`${results.summary.cost.unknown} records with unknown price`)
    expect(await page.textContent('#kpi-tokens')).toContain('judge: in')
    expect(await page.textContent('#kpi-gpu')).toContain('2 GPUs')
    expect(await page.textContent('#warnings')).toContain('averaged 3% utilization')
    expect(await page.locator('#gates [data-gate="noNewFailures"]').textContent()).toContain('codi-0002 › ollama:llama3.2')
    expect(await page.locator('#gates [data-gate="noNewFailures"] .badge').textContent()).toBe('fail')
    expect(await page.locator('#gates [data-gate="maxP95LatencyIncrease"]').textContent()).toContain('5.41 s → 5.63 s · +4.0% (limit ≤ +20.0%)')
    expect(await page.textContent('#datasets .evaluators-table')).toContain('toSatisfyRubric')
    expect(await page.title()).toContain(results.runId)
  })

  test('the provider and GPU charts draw', async () => {
    const charts = await page.evaluate(() => {
      const { window } = globalThis as unknown as PageGlobals
      return Object.values(window.Chart.instances).map((chart) => {
        const { canvas } = chart
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray()
        let painted = 0
        for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] ?? 0) > 0) painted++
        return {
          section: canvas.closest('section')?.id,
          title: canvas.getAttribute('aria-label'),
          width: canvas.width,
          paintedShare: painted / (canvas.width * canvas.height),
          points: chart.data.datasets.reduce((t, d) => t + d.data.length, 0),
        }
      })
    })
    expect(charts.map((c) => `${c.section}: ${c.title}`)).toEqual([
      'providers: Pass rate', 'providers: Cost', 'providers: E2E latency', 'providers: Time to first token', 'providers: Time per output token', 'providers: Output throughput',
      'system: GPU utilization', 'system: GPU memory used', 'system: Host CPU', 'system: Host memory used',
    ])
    for (const c of charts) {
      expect(c.width, c.title ?? '').toBeGreaterThan(300)
      expect(c.points, c.title ?? '').toBeGreaterThan(0)
      // axes alone paint well under 1%; bars and lines paint more
      expect(c.paintedShare, c.title ?? '').toBeGreaterThan(0.02)
    }
  })

  test('filters by text, provider, dataset and status; the counts follow', async () => {
    const total = results.cases.length
    expect(await count()).toBe(total)
    await page.fill('#case-filter', 'reas-0001')
    await waitForCount(page, 4)
    expect(await page.$$eval('#case-rows tr.case-row', (rows) => rows.length)).toBe(4)
    await page.fill('#case-filter', '')
    await waitForCount(page, total)

    const provider = 'ollama:llama3.2'
    await page.selectOption('#case-provider', { label: provider })
    expect(await count()).toBe(results.cases.filter((r) => r.provider === provider).length)
    await page.selectOption('#case-status', 'failed')
    const failed = results.cases.filter((r) => r.provider === provider && r.status === 'failed').length
    expect(await count()).toBe(failed)
    expect(await page.textContent('#case-status-counts')).toBe(`${failed} failed`)
    await page.selectOption('#case-dataset', { label: 'coding' })
    expect(await count()).toBe(results.cases.filter((r) => r.provider === provider && r.status === 'failed' && r.dataset === 'coding').length)
    await page.selectOption('#case-provider', '')
    await page.selectOption('#case-status', '')
    await page.selectOption('#case-dataset', '')
    expect(await count()).toBe(total)
  })

  test('sorts by clicking a header, both ways, missing values last', async () => {
    await page.click('th[data-sort="e2e"] button')
    expect(await page.getAttribute('th[data-sort="e2e"]', 'aria-sort')).toBe('ascending')
    const up = (await columnTexts('e2e')).map(ms)
    expect(up.length).toBe(50)
    expect(up).toEqual([...up].sort((a, b) => a - b))
    const fastest = Math.min(...results.cases.flatMap((r) => (r.timings ? [r.timings.e2eMs] : [])))
    expect(up[0]).toBeCloseTo(fastest, -1)

    await page.click('th[data-sort="e2e"] button')
    expect(await page.getAttribute('th[data-sort="e2e"]', 'aria-sort')).toBe('descending')
    const down = (await columnTexts('e2e')).map(ms)
    expect(down).toEqual([...down].sort((a, b) => b - a))

    await page.click('th[data-sort="case"] button')
    const ids = await columnTexts('case')
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })))
    expect(ids).not.toEqual(down)
  })

  test('a case opens to its prompt, output, evaluations and timings as text', async () => {
    const record = results.cases.find((r) => r.dataset === 'coding' && r.status === 'passed')
    if (!record) throw new Error('fixture has no passed coding case')
    await page.fill('#case-filter', `${record.caseId} ${record.provider}`)
    await waitForCount(page, 1)
    await page.click('#case-rows tr.case-row')
    const detail = page.locator('#case-rows tr.case-detail')
    expect(await detail.locator('pre.output').textContent()).toBe(record.output)
    expect(await detail.locator('pre.prompt').textContent()).toBe(record.prompt)
    expect(await detail.locator('table.evals tbody tr').count()).toBe(record.evaluations.length)
    expect(await detail.locator('table.evals').textContent()).toContain(record.evaluations[0]?.reason ?? '?')
    expect(await detail.textContent()).toContain('ITL')
    expect(await page.getAttribute('#case-rows tr.case-row button', 'aria-expanded')).toBe('true')
    await page.click('#case-rows tr.case-row')
    expect(await page.locator('#case-rows tr.case-detail').count()).toBe(0)
    await page.fill('#case-filter', '')
  })

  test('markup and scripts in outputs, prompts, ids, names and errors show as text and run nothing', async () => {
    await page.fill('#case-filter', 'evil-')
    await waitForCount(page, 2)
    for (const row of await page.locator('#case-rows tr.case-row').all()) await row.click()
    const details = page.locator('#case-rows tr.case-detail')
    expect(await details.count()).toBe(2)
    expect(await details.locator('pre.output').first().textContent()).toBe(`output ${EVIL_TEXT}`)
    expect(await details.locator('pre.prompt').allTextContents()).toEqual([`prompt ${EVIL_TEXT}`, `prompt ${EVIL_TEXT}`])
    expect(await details.locator('pre.error-message').textContent()).toBe(`message ${EVIL_TEXT}`)
    expect(await page.locator('#case-rows .case-id').allTextContents()).toEqual(
      results.cases.filter((r) => r.caseId.startsWith('evil-')).map((r) => r.caseId),
    )
    const text = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.innerText)
    expect(text).toContain('<script>window.__pwned=1</script>')
    expect(text).toContain('<img src=x onerror="window.__pwned=1">')
    expect(text).toContain('</script><script>window.__pwned=1</script>')
    expect(await pwned()).toBeUndefined()
    expect(await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      return [document.images.length, document.scripts.length, document.querySelectorAll('iframe, object, embed').length]
    })).toEqual([0, 3, 0])
    expect(browser.pageErrors).toEqual([])
    expect(browser.consoleErrors).toEqual([])
    expect(browser.requests).toEqual([url])
    expect(browser.failed).toEqual([])
  })

  test('the CSP holds even against a mistake: injected markup runs and loads nothing', async () => {
    const before = { requests: browser.requests.length, routed: browser.routed.length }
    await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      const box = document.createElement('div')
      document.body.appendChild(box)
      // what a careless renderer would do with a model's output
      box.innerHTML = '<img src="x" onerror="window.__pwned=1"><img src="https://example.com/t.gif"><iframe src="https://example.com"></iframe>'
      const script = document.createElement('script')
      script.textContent = 'window.__pwned = 1'
      document.body.appendChild(script)
    })
    await page.waitForTimeout(300)
    expect(await pwned()).toBeUndefined()
    // Chromium announces the requests, then the CSP refuses them before they leave the page
    const attempted = browser.requests.slice(before.requests)
    expect(attempted).toEqual(expect.arrayContaining([new URL('x', url).href, 'https://example.com/t.gif']))
    for (const u of attempted) expect(browser.failed.find((f) => f.url === u)?.reason).toMatch(/^(csp|net::ERR_BLOCKED_BY_CSP)$/)
    expect(browser.routed.slice(before.routed)).toEqual([])
    expect(browser.consoleErrors.length).toBeGreaterThan(0)
    for (const message of browser.consoleErrors) expect(message).toMatch(/Content Security Policy/)
    browser.consoleErrors.length = 0
  })

  test('follows the dark colour scheme and redraws the charts in it', async () => {
    const background = (): Promise<string> => page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals
      return g.getComputedStyle(g.document.body).backgroundColor
    })
    const chartCount = (): Promise<number> => page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).window.Chart.instances).length)
    const light = await background()
    const charts = await chartCount()
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await background()).not.toBe(light)
    expect(await chartCount()).toBe(charts)
    await page.emulateMedia({ colorScheme: 'light' })
    expect(browser.pageErrors).toEqual([])
  })
})

describe('report.html variants', () => {
  test('no GPU: the "GPU sampling unavailable" line instead of the GPU charts', async () => {
    const { page: p } = await browser.open(renderReportHtml(makeResults({ casesPerDataset: 1, system: 'no-gpu', gates: false })))
    expect(await p.textContent('#gpu-unavailable')).toBe('GPU sampling unavailable: nvidia-smi not found on PATH')
    expect(await p.textContent('#kpi-gpu')).toContain('GPU sampling unavailable: nvidia-smi not found on PATH')
    expect(await p.locator('#system canvas').count()).toBe(2)
    expect(await p.locator('#gates').count()).toBe(0)
    await p.close()
  })

  test('results from before system sampling and gates (plain buildRunResults)', async () => {
    const plain = buildRunResults(
      { runId: 'plain-run', project: 'llm', mode: 'run', startedAt: new Date(RUN_START), endedAt: new Date(RUN_START + 90_000), reason: 'passed' },
      makeRecords({ casesPerDataset: 1 }),
      [],
    )
    const { page: p } = await browser.open(renderReportHtml(plain))
    expect(await p.textContent('#system')).toContain('No system samples in these results.')
    expect(await p.textContent('.verdict')).toBe('passed')
    expect(Number(await p.getAttribute('#case-count', 'data-count'))).toBe(plain.cases.length)
    await p.close()
  })

  test('bench mode: samples in the table, the spread over them in a case', async () => {
    const bench = makeResults({ casesPerDataset: 1, samples: 4, gates: false })
    const { page: p } = await browser.open(renderReportHtml(bench))
    expect(await p.locator('th[data-sort="sample"]').count()).toBe(1)
    expect(await p.textContent('#kpi-cases')).toContain(`${bench.summary.samples} samples`)
    await p.click('#case-rows tr.case-row')
    const spread = await p.locator('#case-rows tr.case-detail').textContent()
    expect(spread).toContain('Across samples')
    expect(spread).toMatch(/Passed\d of 4/)
    expect(spread).toMatch(/E2E variationCV \d/)
    await p.close()
  })

  test('an empty run still draws', async () => {
    const empty = buildRunResults({ runId: 'empty', project: 'llm', mode: 'run', startedAt: new Date(RUN_START), endedAt: new Date(RUN_START), reason: 'interrupted' }, [], [])
    const { page: p } = await browser.open(renderReportHtml(empty))
    expect(await p.getAttribute('html', 'data-ready')).toBe('true')
    expect(await p.textContent('#cases')).toContain('No case ran.')
    expect(browser.pageErrors).toEqual([])
    await p.close()
  })
})
