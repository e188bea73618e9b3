/**
 * Regenerates docs/images/history.png (docs/history.md's picture of
 * history.html): 40 runs of 3 datasets × 3 providers, drawn by real headless
 * Chromium at 1280 px, a tooltip open on the first pass-rate chart, from the
 * top of the page to the end of the second trend card.
 *
 *   npx node test/history/html-screenshot.ts [out.png] [light|dark]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildHistoryPage } from '../../src/history/html/build-page.ts'
import { renderHistoryHtml } from '../../src/history/html/render.ts'
import { launchReportBrowser, type PageGlobals } from '../report/html/browser.ts'
import { makeHistoryRuns } from './html-fixture.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const out = resolve(process.argv[2] ?? resolve(repo, 'docs/images/history.png'))
const colorScheme = process.argv[3] === 'dark' ? 'dark' : 'light'

const root = mkdtempSync(join(tmpdir(), 'llm-bench-history-shot-'))
const runs = makeHistoryRuns({ runs: 40, datasets: ['coding', 'reasoning', 'support'], providers: ['ollama:llama3.2', 'openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'], root })
const file = join(root, 'history.html')
writeFileSync(file, renderHistoryHtml(buildHistoryPage(runs, { htmlDir: root, projects: ['llm'] })))
const browser = await launchReportBrowser({ colorScheme, width: 1280, height: 1000 })
try {
  const { page } = await browser.openFile(file)
  const chart = page.locator('.series-card').first().locator('svg[data-metric="pass"]')
  const box = await chart.boundingBox()
  if (box) await chart.hover({ position: { x: box.width * 0.72, y: box.height / 2 } })
  const bottom = await page.evaluate(() => {
    const { document, window } = globalThis as unknown as PageGlobals
    const card = document.querySelectorAll('.series-card')[1]
    return card ? Math.ceil(card.getBoundingClientRect().bottom + window.scrollY + 20) : document.documentElement.scrollHeight
  })
  mkdirSync(dirname(out), { recursive: true })
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height: bottom } })
  if (browser.pageErrors.length || browser.consoleErrors.length) throw new Error(`the page reported errors: ${[...browser.pageErrors, ...browser.consoleErrors].join('; ')}`)
  console.log(`wrote ${out} (1280 x ${bottom}, ${colorScheme})`)
} finally {
  await browser.close()
  rmSync(root, { recursive: true, force: true })
}
