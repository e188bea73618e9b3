/**
 * Regenerates docs/images/fleet-dashboard.png (the README's picture of a
 * fleet's executive-report.html): a real run's dashboard, drawn by headless
 * Chromium at 1280 px, from the top of the page down to `maxHeight` pixels.
 *
 *   npx node test/fleet/e2e/dashboard-screenshot.ts <run-folder>/executive-report.html [out.png] [maxHeight]
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchReportBrowser, type PageGlobals } from '../../report/html/browser.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const input = process.argv[2]
if (input === undefined) throw new Error('usage: dashboard-screenshot.ts <executive-report.html> [out.png] [maxHeight]')
const out = resolve(process.argv[3] ?? resolve(repo, 'docs/images/fleet-dashboard.png'))
const maxHeight = Number(process.argv[4] ?? 1600)

const browser = await launchReportBrowser({ width: 1280, height: 1000 })
try {
  const { page } = await browser.open(readFileSync(resolve(input), 'utf8'), { name: 'executive-report' })
  const full = await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollHeight)
  const height = Math.min(full, maxHeight)
  mkdirSync(dirname(out), { recursive: true })
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1280, height } })
  if (browser.pageErrors.length || browser.consoleErrors.length) throw new Error(`the page reported errors: ${[...browser.pageErrors, ...browser.consoleErrors].join('; ')}`)
  console.log(`wrote ${out} (1280 x ${height} of ${full})`)
} finally {
  await browser.close()
}
