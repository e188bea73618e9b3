import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { evaluateGates, type GateLimits } from '../../../src/report/gates/evaluate.ts'
import { renderReportHtml } from '../../../src/report/html/render.ts'
import { cases, results, type RecordSpec } from '../gates/results-fixture.ts'
import { launchReportBrowser, type ReportBrowser } from './browser.ts'

/** The significance-aware gates (issue 13) in report.html, in real headless Chromium. */

let browser: ReportBrowser
beforeAll(async () => {
  browser = await launchReportBrowser({ width: 1400 })
})
afterAll(async () => {
  await browser?.close()
})

const PASS_RATE = { maxDrop: 0.05, confidence: 0.95, inconclusive: 'warn' } as const

function group(provider: string, passing: number, failing: number): RecordSpec[] {
  return [...cases(passing, { provider, dataset: 'qa' }), ...cases(failing, { provider, dataset: 'qa', status: 'failed' }, passing + 1)]
}

/** A case's repeats: `passes` of `trials` passed. */
function repeats(caseId: string, passes: number, trials: number): RecordSpec[] {
  return Array.from({ length: trials }, (_, repeat) => ({ caseId, repeat, status: repeat < passes ? 'passed' : 'failed' }))
}

function page(base: RecordSpec[], now: RecordSpec[], limits: GateLimits): string {
  const run = results(now)
  const gates = evaluateGates(run, compareWithBaseline(run, createBaseline(results(base)), 'llm-baseline.json'), limits, null)
  return renderReportHtml({ ...run, gates })
}

async function gateRows(html: string, name: string): Promise<{ gate: string | null; verdict: string | null; badge: string; name: string }[]> {
  const { page: p } = await browser.open(html, { name })
  return p.locator('#gates .gate[data-gate]').evaluateAll((rows) => rows.map((row) => {
    const r = row as unknown as { getAttribute(n: string): string | null; querySelector(s: string): { textContent: string } }
    return { gate: r.getAttribute('data-gate'), verdict: r.getAttribute('data-verdict'), badge: r.querySelector('.badge').textContent, name: r.querySelector('.name').textContent }
  }))
}

describe('significance-aware gates in report.html', () => {
  test('readable names, each dataset × provider row named, an inconclusive result shown as a warning', async () => {
    // openai:a: 30 → 20 of 30 (a significant drop); openai:b: 30 → 29 of 30 (neither shown nor ruled out: inconclusive)
    const html = page([...group('openai:a', 30, 0), ...group('openai:b', 30, 0)], [...group('openai:a', 20, 10), ...group('openai:b', 29, 1)], { passRate: PASS_RATE })
    const rows = await gateRows(html, 'significance-gates')
    expect(rows).toEqual([
      { gate: 'passRate.maxDrop', verdict: 'failed', badge: 'fail', name: 'Pass-rate drop (significance-aware)' },
      { gate: 'passRate.maxDrop', verdict: 'failed', badge: 'fail', name: 'Pass-rate drop (significance-aware) · qa › openai:a' },
      { gate: 'passRate.maxDrop', verdict: 'warning', badge: 'warning', name: 'Pass-rate drop (significance-aware) · qa › openai:b' },
    ])
    expect(rows.map((r) => r.name).join(' ')).not.toContain('passRate.')
    expect(browser.pageErrors).toEqual([])
  })

  test('only a warning: the verdict says so, not "all gates passed"', async () => {
    const html = page(group('openai:b', 30, 0), group('openai:b', 29, 1), { passRate: { ...PASS_RATE, minPassRate: 0.9 } })
    const { page: p } = await browser.open(html, { name: 'warning-only' })
    expect(await p.locator('#gates [data-verdict="warning"]').count()).toBeGreaterThan(0)
    const head = await p.locator('#gates .section-head .badge').textContent()
    expect(head).toMatch(/^gates passed · \d+ warnings?$/)
    expect(await p.locator('#gates').textContent()).not.toContain('all gates passed')
    expect(await p.locator('#gates [data-gate="passRate.minPassRate"] .name').first().textContent()).toBe('Minimum pass rate (significance-aware)')
  })

  test('noNewFailures by the majority rule: named so, and "since the baseline" lists the cases the gate counted', async () => {
    // a: 3/3 → 2/3 (a flaky minority failure), b: 3/3 → 1/3, c: 2/3 → 0/3
    const base = [...repeats('a', 3, 3), ...repeats('b', 3, 3), ...repeats('c', 2, 3)]
    const now = [...repeats('a', 2, 3), ...repeats('b', 1, 3), ...repeats('c', 0, 3)]
    const { page: p } = await browser.open(page(base, now, { noNewFailures: { majority: true } }), { name: 'majority' })
    expect(await p.locator('#gates [data-gate="noNewFailures"] .name').textContent()).toBe('No new failures (majority of repeats)')
    const card = p.locator('#gates .changes')
    expect(await card.locator('details summary').first().textContent()).toBe('Newly failing in a majority of repeats')
    const listed = await card.locator('details').first().locator('li').allTextContents()
    expect(listed).toHaveLength(2)
    expect(listed[0]).toContain('qa › b › openai:gpt-4o-mini')
    expect(listed[0]).toContain('(passed 3 of 3 → 1 of 3)')
    expect(listed[1]).toContain('qa › c ›')
    expect(await card.locator('.legend').textContent()).toContain('2 newly failing cases')
    expect(browser.pageErrors).toEqual([])
  })

  test('baseline changes of a dataset with variants name the variant (dataset › case › variant › provider)', async () => {
    const v = (caseId: string, variant: string, status: 'passed' | 'failed'): RecordSpec => ({ caseId, variant, status })
    const base = [v('lily', 'girl', 'passed'), v('lily', 'dog', 'passed')]
    const now = [v('lily', 'girl', 'failed'), v('lily', 'dog', 'failed')]
    const { page: p } = await browser.open(page(base, now, { noNewFailures: true }), { name: 'variant-changes' })
    const listed = await p.locator('#gates .changes details').first().locator('li').allTextContents()
    expect(listed.map((l) => l.split(':')[0]).sort()).toEqual(['qa › lily › dog › openai', 'qa › lily › girl › openai'])
    expect(browser.pageErrors).toEqual([])
  })
})
