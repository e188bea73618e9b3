import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFleetArtifacts } from '../../../src/fleet/results/write.ts'
import { clearSecrets } from '../../../src/providers/redaction/index.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from '../../report/html/browser.ts'
import { fixtureRecords, fleetFixture, manifest, P2 } from './fixture.ts'

const HOSTILE = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=2">', `it's "quoted" & <b>bold</b>`, 'Ünïcödé 模型 🚀 \u202Eevil', 'L'.repeat(2000)]

let browser: ReportBrowser
beforeAll(async () => {
  browser = await launchReportBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('executive-report.html in Chromium', () => {
  it('renders offline under its CSP: summary, a heat map cell per repository × provider, hostile names as text', async () => {
    clearSecrets()
    const records = fixtureRecords()
    // hostile texts in a category, a case id, an error message and a repository's provider cell failure
    records.a[3] = { ...(records.a[3] as (typeof records.a)[number]), caseId: HOSTILE[0] as string, category: HOSTILE[2] as string, error: { class: 'timeout', message: HOSTILE[1] as string } }
    records.b[0] = { ...(records.b[0] as (typeof records.b)[number]), host: HOSTILE[3] as string, category: HOSTILE[4] as string }
    const fx = fleetFixture(records)
    try {
      const cells = fx.cells.map((c) => (c.runDir === null ? { ...c, failure: HOSTILE[0] as string } : c))
      writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells })
      const html = readFileSync(join(fx.runDir, 'executive-report.html'), 'utf8')
      const { page } = await browser.open(html, { name: 'executive-report' })
      const view = await page.evaluate(() => {
        const { document, window } = globalThis as unknown as PageGlobals
        const heat = Array.from(document.querySelectorAll('#heatmap td.heat'))
        return {
          title: document.querySelector('#title')?.textContent,
          tiles: document.querySelectorAll('#summary .tile').length,
          heat: heat.map((td) => [td.getAttribute('data-repo'), td.getAttribute('data-provider') === null ? null : 'p', td.textContent]),
          providers: document.querySelectorAll('#providers tr').length,
          text: document.body.innerText,
          injected: document.querySelectorAll('#failing img, #failing b, #not-run script, #categories b').length,
          pwned: window.__pwned ?? null,
          scripts: document.scripts.length,
        }
      })
      expect(view.title).toBe('Fleet fx')
      expect(view.tiles).toBe(23)
      // 2 repositories × 2 providers; b × ollama did not run
      expect(view.heat).toEqual([
        ['a', 'p', '50.0%'],
        ['a', 'p', '50.0%'],
        ['b', 'p', 'not run'],
        ['b', 'p', '50.0%'],
      ])
      expect(view.providers).toBe(3)
      for (const text of HOSTILE) expect(view.text).toContain(text)
      expect(view.text).toContain(P2)
      expect(view.injected).toBe(0)
      expect(view.pwned).toBeNull()
      expect(view.scripts).toBe(2)
      expect(browser.consoleErrors).toEqual([])
      expect(browser.pageErrors).toEqual([])
      expect(browser.failed).toEqual([])
      expect(browser.requests.filter((u) => !u.endsWith('executive-report.html'))).toEqual([])
    } finally {
      fx.remove()
      clearSecrets()
    }
  })
})
