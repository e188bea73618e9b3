/**
 * history.html at scale: 1,000 runs × 20 groups (5 datasets × 4 providers) by
 * default. Prints the time to build the page data and render the HTML, the
 * page's size (raw and gzip), and the time Chromium (Debian's, through
 * playwright-core) takes to open it from disk until the page says it is
 * drawn (median of 3 tabs in one warm browser; and the page's own
 * navigation-start → drawn time, data-drawn-ms, and the part its own script
 * took, data-draw-ms), with ratios to a 30-run page measured in the same run;
 * then the time from a mouse move on the largest chart to its tooltip.
 *
 *   node benchmarks/history/html.ts [--runs 1000] [--datasets 5] [--providers 4] [--repeat 3] [--chromium /usr/bin/chromium]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { buildHistoryPage } from '../../src/history/html/build-page.ts'
import { renderHistoryHtml } from '../../src/history/html/render.ts'
import { launchReportBrowser } from '../../test/report/html/browser.ts'
import { makeHistoryRuns } from '../../test/history/html-fixture.ts'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    datasets: { type: 'string', default: '5' },
    providers: { type: 'string', default: '4' },
    repeat: { type: 'string', default: '3' },
    chromium: { type: 'string' },
  },
})
if (values.chromium) process.env['LLM_BENCH_CHROMIUM'] = values.chromium
const repeat = Number(values.repeat)
const datasets = Array.from({ length: Number(values.datasets) }, (_, i) => `dataset-${i + 1}`)
const providers = Array.from({ length: Number(values.providers) }, (_, i) => `openai:model-${i + 1}`)

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

interface Measured {
  runs: number
  buildMs: number
  renderMs: number
  bytes: number
  gzipBytes: number
  openMs: number
  drawnMs: number
  scriptMs: number
  hoverMs: number
}

async function measure(runCount: number): Promise<Measured> {
  const root = mkdtempSync(join(tmpdir(), 'llm-bench-history-html-'))
  try {
    const runs = makeHistoryRuns({ runs: runCount, datasets, providers, root })
    let t = performance.now()
    const page = buildHistoryPage(runs, { htmlDir: root, projects: ['llm'] })
    const buildMs = performance.now() - t
    t = performance.now()
    const html = renderHistoryHtml(page)
    const renderMs = performance.now() - t
    const file = join(root, 'history.html')
    writeFileSync(file, html)
    const opens: number[] = []
    const drawn: number[] = []
    const script: number[] = []
    let hoverMs = Number.NaN
    const browser = await launchReportBrowser({ width: 1280, height: 900 })
    try {
      for (let i = 0; i < repeat; i++) {
        // a new tab each time, in one warm browser (its start is not the page's cost)
        const { page: tab, loadMs } = await browser.openFile(file)
        if (browser.pageErrors.length) throw new Error(`page errors: ${browser.pageErrors.join('; ')}`)
        opens.push(loadMs)
        drawn.push(Number(await tab.getAttribute('html', 'data-drawn-ms')))
        script.push(Number(await tab.getAttribute('html', 'data-draw-ms')))
        if (i === 0) {
          const chart = tab.locator('.series-card').first().locator('svg[data-metric="pass"]')
          const box = await chart.boundingBox()
          if (!box) throw new Error('no chart')
          const started = performance.now()
          await chart.hover({ position: { x: box.width / 2, y: box.height / 2 } })
          await tab.locator('#tip').waitFor({ state: 'visible' })
          hoverMs = performance.now() - started
        }
        await tab.close()
      }
    } finally {
      await browser.close()
    }
    return { runs: runCount, buildMs, renderMs, bytes: Buffer.byteLength(html), gzipBytes: gzipSync(html).length, openMs: median(opens), drawnMs: median(drawn), scriptMs: median(script), hoverMs }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

const groups = datasets.length * providers.length
const small = await measure(30)
const large = await measure(Number(values.runs))
const mb = (b: number): string => (b / 1024 / 1024).toFixed(2) + ' MB'
console.log(`history.html: ${groups} groups (${datasets.length} datasets × ${providers.length} providers), Chromium open time median of ${repeat}, 1280 px`)
for (const m of [small, large]) {
  console.log(
    `  ${String(m.runs).padStart(5)} runs: build ${m.buildMs.toFixed(0)} ms, render ${m.renderMs.toFixed(0)} ms, page ${mb(m.bytes)} (gzip ${mb(m.gzipBytes)}), open ${m.openMs.toFixed(0)} ms (navigation → drawn ${m.drawnMs.toFixed(0)} ms, of which the page's script ${m.scriptMs.toFixed(0)} ms), hover → tooltip ${m.hoverMs.toFixed(0)} ms`,
  )
}
console.log(`  ratio ${large.runs}/${small.runs} runs: page size ×${(large.bytes / small.bytes).toFixed(1)}, open time ×${(large.openMs / small.openMs).toFixed(2)}, drawn ×${(large.drawnMs / small.drawnMs).toFixed(2)}, script ×${(large.scriptMs / small.scriptMs).toFixed(2)} (runs ×${(large.runs / small.runs).toFixed(1)})`)
