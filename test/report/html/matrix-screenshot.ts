/**
 * Regenerates docs/images/matrix.png (the side-by-side section: comparison
 * table, matrix filtered to where the columns differ, one case side by side)
 * and docs/images/pareto.png (the cost / quality / latency chart), drawn by
 * real headless Chromium from the report's test fixture run with two prompt
 * variants.
 *
 *   npx node test/report/html/matrix-screenshot.ts [out-dir]
 */
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser } from './browser.ts'
import { makeRecords, rng, RUN_START } from './fixture.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const out = resolve(process.argv[2] ?? resolve(repo, 'docs/images'))

const random = rng(13)
const records: CaseRecord[] = []
for (const r of makeRecords({ casesPerDataset: 4 })) {
  if (r.dataset !== 'reasoning' && r.dataset !== 'coding') continue
  records.push({ ...r, variant: 'terse' })
  // the step-by-step prompt: a little slower and longer, passes a little more often
  const flip = r.status === 'failed' && random() < 0.5
  records.push({
    ...r,
    variant: 'step-by-step',
    requestHash: `${r.requestHash}s`,
    status: flip ? 'passed' : r.status,
    output: r.output === null ? null : `Step 1: read the question.\nStep 2: work it out.\n${r.output}`,
    cost: r.cost === null ? null : r.cost * 1.6,
    timings: r.timings ? { ...r.timings, e2eMs: r.timings.e2eMs * 1.4 } : null,
  })
}
const end = Math.max(...records.map((r) => Date.parse(r.endedAt)))
const results = buildRunResults({ runId: 'llm-20260512-093000-5f3a9c1e', project: 'llm', mode: 'run', startedAt: new Date(RUN_START), endedAt: new Date(end + 500), reason: 'failed' }, records, [], { system: null, gates: null })

const browser = await launchReportBrowser({ width: 1400, height: 1000 })
try {
  const { page } = await browser.open(renderReportHtml(results), { name: 'matrix-screenshot' })
  mkdirSync(out, { recursive: true })
  await page.locator('#pareto').screenshot({ path: resolve(out, 'pareto.png') })
  await page.selectOption('#matrix-filter', 'outcome')
  await page.locator('#matrix-rows button.mx-compare').first().click()
  await page.locator('#side-by-side .sbs-col').first().waitFor()
  const matrix = page.locator('#matrix')
  await page.evaluate(() => {
    // the Pareto card has its own picture; the sticky navigation would cover the section; the table back at its left edge (the click scrolled it)
    type Node = { style: { display: string }; scrollLeft: number }
    const { document } = globalThis as unknown as { document: { getElementById(id: string): Node | null; querySelector(s: string): Node | null } }
    const hide = (n: Node | null): void => { if (n) n.style.display = 'none' }
    hide(document.getElementById('pareto'))
    hide(document.querySelector('nav'))
    const wrap = document.querySelector('#matrix-table')
    const scroller = wrap ? (wrap as unknown as { parentElement: Node }).parentElement : null
    if (scroller) scroller.scrollLeft = 0
  })
  await matrix.screenshot({ path: resolve(out, 'matrix.png') })
  if (browser.pageErrors.length || browser.consoleErrors.length) throw new Error(`the page reported errors: ${[...browser.pageErrors, ...browser.consoleErrors].join('; ')}`)
  console.log(`wrote ${resolve(out, 'matrix.png')} and ${resolve(out, 'pareto.png')}`)
} finally {
  await browser.close()
}
