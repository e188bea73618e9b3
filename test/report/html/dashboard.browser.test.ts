import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from './browser.ts'
import { makeRecords, makeSystem, RUN_START } from './fixture.ts'

/** The dashboard's defects seen with real provider names (issue 13 §3), in real headless Chromium at the widths users have. */

let browser: ReportBrowser
beforeAll(async () => {
  browser = await launchReportBrowser({ width: 1280 })
})
afterAll(async () => {
  await browser?.close()
})

const GGUF = '/home/bench/models/huggingface/bartowski/Meta-Llama-3.1-70B-Instruct-GGUF/Meta-Llama-3.1-70B-Instruct-Q4_K_M-00001-of-00002.gguf'
const LONG_IDS: Record<string, string> = {
  'openai:gpt-4o-mini': `openai:${GGUF}@http://llama-server-on-the-gpu-box.lab.internal.example:8080/v1`,
  'ollama:llama3.2': 'ollama:hf.co/bartowski/Qwen2.5-Coder-32B-Instruct-GGUF:Q5_K_M-with-a-very-long-tag-name',
}

function results(records: CaseRecord[], extra: Parameters<typeof buildRunResults>[3]): RunResults {
  const end = Math.max(...records.map((r) => Date.parse(r.endedAt)))
  return buildRunResults({ runId: 'run-d', project: 'd', mode: 'run', startedAt: new Date(RUN_START), endedAt: new Date(end + 500), reason: 'passed' }, records, [], extra)
}

function longNamedRecords(): CaseRecord[] {
  return makeRecords({ casesPerDataset: 2 }).map((r) => {
    const id = LONG_IDS[r.provider]
    return id ? { ...r, provider: id, model: id.includes('gguf') ? GGUF : r.model } : r
  })
}

describe('the dashboard with long names', () => {
  test.each([1280, 1400, 1920])('at %i px the providers table fits its box: Cost and Errors visible without scrolling, names whole on hover', async (width) => {
    const { page } = await browser.open(renderReportHtml(results(longNamedRecords(), { system: null, gates: null })), { name: `wide-${width}` })
    await page.setViewportSize({ width, height: 900 })
    const box = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals
      type Box = { left: number; right: number }
      const rect = (n: unknown): Box => (n as { getBoundingClientRect(): Box }).getBoundingClientRect()
      const wrap = document.querySelector('#providers .table-wrap') as unknown as { scrollWidth: number; clientWidth: number }
      const table = document.querySelector('#providers table.providers-table')
      const heads = Array.from(document.querySelectorAll('#providers table.providers-table th'))
      const head = (label: string): Box => rect(heads.find((th) => th.textContent === label))
      const titles = Array.from(document.querySelectorAll('#providers table.providers-table tbody .clip')).map((n) => n.getAttribute('title'))
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth, wrap: rect(wrap), table: rect(table), cost: head('Cost'), errors: head('Errors'), titles }
    })
    expect(box.scroll).toBeLessThanOrEqual(box.client)
    expect(box.cost.right).toBeLessThanOrEqual(box.wrap.right)
    expect(box.errors.right).toBeLessThanOrEqual(box.wrap.right)
    expect(box.table.right).toBeLessThanOrEqual(box.wrap.right + 0.5)
    expect(box.titles).toContain(LONG_IDS['openai:gpt-4o-mini'])
    expect(box.titles).toContain(GGUF)
    expect(browser.pageErrors).toEqual([])
  })

  test('no gates configured: no "all gates passed" badge beside "No gates configured."', async () => {
    const { page } = await browser.open(renderReportHtml(results(makeRecords({ casesPerDataset: 1 }), { system: null, gates: { baseline: null, baselineNote: 'no baseline yet', gates: [], passed: true } })), { name: 'no-gates' })
    const text = await page.textContent('#gates')
    expect(text).toContain('No gates configured.')
    expect(text).not.toContain('all gates passed')
    expect(await page.locator('#gates .section-head .badge').count()).toBe(0)
  })

  test('a short run\'s timeline axes never repeat a label (seconds, GiB)', async () => {
    // every case within about one second; host memory near 1 GiB
    const records = makeRecords({ casesPerDataset: 1 }).map((r, i) => ({ ...r, startedAt: new Date(RUN_START + i * 20).toISOString(), endedAt: new Date(RUN_START + 400 + i * 20).toISOString() }))
    const system = makeSystem(records, { gpu: false, intervalMs: 100 })
    system.samples.host = system.samples.host.map((s, i) => ({ ...s, memoryUsedBytes: Math.round((1.02 + (i % 5) * 0.01) * 1024 ** 3) }))
    const { page } = await browser.open(renderReportHtml(results(records, { system, gates: null })), { name: 'short' })
    const axes = await page.evaluate(() => {
      const { window } = globalThis as unknown as PageGlobals
      type Scale = { ticks: Array<{ label: string | string[] | null }> }
      return Object.values(window.Chart.instances)
        .filter((chart) => chart.canvas.closest('section')?.id === 'system')
        .map((chart) => {
          const scales = (chart as unknown as { scales: Record<string, Scale> }).scales
          return { title: chart.canvas.getAttribute('aria-label'), x: (scales['x']?.ticks ?? []).map((t) => t.label), y: (scales['y']?.ticks ?? []).map((t) => t.label) }
        })
    })
    expect(axes.map((a) => a.title)).toEqual(['Host CPU', 'Host memory used'])
    for (const axis of axes) {
      for (const labels of [axis.x, axis.y]) {
        const shown = labels.filter((l) => l !== null && l !== '').map(String)
        expect(shown.length).toBeGreaterThanOrEqual(2)
        expect(new Set(shown).size).toBe(shown.length)
      }
    }
    const memory = axes.find((a) => a.title === 'Host memory used')
    expect(memory?.y.filter((l) => l !== null).map(String)).toContain('1 GiB')
    expect(memory?.y.filter((l) => l !== null).map(String).some((l) => /^0\.\d GiB$/.test(l))).toBe(true)
  })
})
