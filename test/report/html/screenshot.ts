/**
 * Regenerates docs/images/report.png (the README's picture of report.html):
 * a realistic four-provider run with a GPU timeline, drawn by real headless
 * Chromium, 1400 px wide, from the top of the page to the end of the System
 * section.
 *
 *   npx node test/report/html/screenshot.ts [out.png] [light|dark]
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { launchReportBrowser, type PageGlobals } from './browser.ts'
import { makeResults } from './fixture.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const out = resolve(process.argv[2] ?? resolve(repo, 'docs/images/report.png'))
const colorScheme = process.argv[3] === 'dark' ? 'dark' : 'light'

const results = makeResults({ casesPerDataset: 12, gates: false })
const browser = await launchReportBrowser({ colorScheme, width: 1400, height: 1000 })
try {
  const { page } = await browser.open(renderReportHtml(results), { name: 'screenshot' })
  const bottom = await page.evaluate(() => {
    const { document, window } = globalThis as unknown as PageGlobals
    const system = document.getElementById('system')
    return system ? Math.ceil(system.getBoundingClientRect().bottom + window.scrollY + 28) : document.documentElement.scrollHeight
  })
  mkdirSync(dirname(out), { recursive: true })
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1400, height: bottom } })
  if (browser.pageErrors.length || browser.consoleErrors.length) throw new Error(`the page reported errors: ${[...browser.pageErrors, ...browser.consoleErrors].join('; ')}`)
  console.log(`wrote ${out} (1400 x ${bottom}, ${colorScheme})`)
} finally {
  await browser.close()
}
