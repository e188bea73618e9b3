import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { renderLazyReportHtml, renderReportHtml } from '../../../src/report/html/render.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'
import { launchReportBrowser, type PageGlobals, type ReportBrowser } from './browser.ts'
import { EVIL, EVIL_TEXT, makeRecords } from './fixture.ts'

/** The matrix, the side-by-side view and the Pareto chart of report.html in real headless Chromium. */

let browser: ReportBrowser
let dir: string
const pwned = (page: import('playwright-core').Page): Promise<number | undefined> => page.evaluate(() => (globalThis as unknown as PageGlobals).window.__pwned)

beforeAll(async () => {
  browser = await launchReportBrowser({ width: 1400 })
  dir = mkdtempSync(join(tmpdir(), 'llm-bench-matrix-'))
})
afterAll(async () => {
  await browser?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function record(caseId: string, provider: string, variant: string | undefined, status: CaseRecord['status'], output: string | null, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    runId: 'run-m', dataset: 'qa', datasetFile: join(dir, 'qa.dataset.yaml'), caseId, category: null, provider, providerType: 'openai', model: provider, requestHash: `${caseId}-${provider}-${variant}`,
    prompt: `Q ${caseId} (${variant ?? 'plain'})`, output, finishReason: 'stop', status, error: status === 'error' ? { class: 'http', message: 'boom 500' } : null,
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' }, cost: 0.001, timings: { queueMs: 0, ttftMs: 50, e2eMs: 400, tpotMs: 10, itlMs: [], streamed: true },
    serverTimings: null, attempts: 1, retries: 0, cached: false, evaluations: [{ name: 'toEqualExpected', pass: status === 'passed', score: status === 'passed' ? 1 : 0, threshold: 1, reason: status === 'passed' ? 'equal' : `expected "4", found ${output ?? 'nothing'}` }],
    sample: null, startedAt: '2026-05-12T09:30:00.000Z', endedAt: '2026-05-12T09:30:00.400Z', ...(variant === undefined ? {} : { variant }), ...over,
  }
}

function results(records: CaseRecord[]): RunResults {
  return buildRunResults({ runId: 'run-m', project: 'm', mode: 'run', startedAt: new Date('2026-05-12T09:30:00Z'), endedAt: new Date('2026-05-12T09:31:00Z'), reason: 'failed' }, records, [], { system: null, gates: null })
}

describe('matrix in Chromium', () => {
  test('variant × provider columns, the differ filter, the comparison table; side by side shows expected, references and variables; hostile text inert', async () => {
    writeFileSync(join(dir, 'qa.dataset.yaml'), [
      'name: qa',
      'variables: { tone: dry }',
      'test_cases:',
      '  - id: add',
      '    prompt: "What is {{a}} + 2? ({{tone}})"',
      '    variables: { a: 2 }',
      '    expected: "4"',
      '    references: ["two plus two is four", "arithmetic"]',
      '    assert: [toEqualExpected]',
      '  - id: same',
      '    prompt: "Say hi"',
      '    expected: "hi"',
      '    assert: [toEqualExpected]',
      `  - id: outputs-differ`,
      '    prompt: "Say anything"',
      `    expected: ${JSON.stringify(EVIL_TEXT)}`,
      '    assert: [toEqualExpected]',
      '',
    ].join('\n'))
    const records: CaseRecord[] = []
    for (const variant of ['terse', 'verbose']) {
      for (const provider of ['openai:a', 'openai:b']) {
        records.push(record('add', provider, variant, provider === 'openai:b' && variant === 'verbose' ? 'failed' : 'passed', provider === 'openai:b' && variant === 'verbose' ? `five ${EVIL.script}` : '4'))
        records.push(record('same', provider, variant, 'passed', 'hi'))
        records.push(record('outputs-differ', provider, variant, 'passed', `${variant} ${provider} ${EVIL.img}`))
      }
    }
    const { page } = await browser.open(renderReportHtml(results(records)), { name: 'matrix' })
    const headers = await page.locator('#matrix-table thead th.mx-col').allTextContents()
    expect(headers).toEqual(['terse · openai:a', 'terse · openai:b', 'verbose · openai:a', 'verbose · openai:b'])
    expect(await page.getAttribute('#matrix-count', 'data-count')).toBe('3')
    const rows = (): Promise<string[]> => page.locator('#matrix-rows tr.mx-row td.mx-case').allTextContents()
    await page.selectOption('#matrix-filter', 'any')
    expect(await rows()).toEqual(['qa › add', 'qa › outputs-differ'])
    await page.selectOption('#matrix-filter', 'outcome')
    expect(await rows()).toEqual(['qa › add'])
    const states = await page.locator('#matrix-rows tr.mx-row td.mx-cell').evaluateAll((tds) => tds.map((td) => (td as unknown as { getAttribute(n: string): string }).getAttribute('data-state')))
    expect(states).toEqual(['pass', 'pass', 'pass', 'fail'])
    expect(await page.locator('#matrix-rows td.mx-cell').nth(3).textContent()).toContain(`five ${EVIL.script}`)
    // the comparison table: every column against the first, with its interval
    const comparison = await page.locator('#matrix-comparison tbody tr').allTextContents()
    expect(comparison[0]).toContain('100% (43.9%–100%)')
    expect(comparison[0]).toContain('reference')
    expect(comparison[3]).toContain('66.7%')
    expect(comparison[3]).toContain('no detectable difference')
    // side by side
    await page.locator('#matrix-rows tr.mx-row button.mx-compare').first().click()
    const panel = page.locator('#side-by-side')
    await panel.locator('.sbs-col').first().waitFor()
    expect(await panel.locator('.sbs-expected pre').textContent()).toBe('4')
    expect(await panel.locator('.sbs-references pre').allTextContents()).toEqual(['two plus two is four', 'arithmetic'])
    expect(await panel.locator('.sbs-vars').textContent()).toContain('tone')
    expect(await panel.locator('.sbs-vars').textContent()).toContain('dry')
    expect(await panel.locator('.sbs-col').count()).toBe(4)
    expect(await panel.locator('.sbs-col').nth(3).locator('.sbs-output').textContent()).toBe(`five ${EVIL.script}`)
    expect(await panel.locator('.sbs-col').nth(3).locator('.sbs-reason').textContent()).toContain('expected "4"')
    // the case detail opens the same view
    await page.selectOption('#matrix-filter', '')
    await page.locator('#side-by-side .sbs-close').click()
    expect(await panel.isHidden()).toBe(true)
    await page.locator('#case-rows tr.case-row').first().click()
    await page.locator('#case-rows tr.case-detail .sbs-context').waitFor()
    await page.locator('#case-rows tr.case-detail button.sbs-open').click()
    await panel.locator('.sbs-col').first().waitFor()
    expect(await panel.locator('.sbs-head h3').textContent()).toBe('qa › add')
    expect(await pwned(page)).toBeUndefined()
    expect(browser.pageErrors).toEqual([])
    expect(browser.consoleErrors).toEqual([])
  })

  test('a large run (case files beside the page): the matrix waits for its rows, filters on fingerprints, and loads a page\'s case files for its outputs', async () => {
    const records: CaseRecord[] = []
    for (let i = 0; i < 100; i++) {
      const id = `case-${String(i).padStart(3, '0')}`
      for (const provider of ['openai:a', 'openai:b', 'openai:c', 'openai:d']) {
        const fails = provider === 'openai:b' && i % 3 === 0
        records.push(record(id, provider, undefined, fails ? 'failed' : 'passed', provider === 'openai:b' && i % 5 === 0 ? `answer ${i}!` : `answer ${i}`))
      }
    }
    const out = join(dir, 'large')
    const html = renderLazyReportHtml(results(records), () => records, (name, text) => {
      mkdirSync(dirname(join(out, name)), { recursive: true })
      writeFileSync(join(out, name), text)
    }, 50)
    writeFileSync(join(out, 'report.html'), html)
    const { page } = await browser.openFile(join(out, 'report.html'))
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('#matrix-count')?.getAttribute('data-count') === '100')
    await page.selectOption('#matrix-filter', 'outcome')
    expect(await page.getAttribute('#matrix-count', 'data-count')).toBe('34')
    await page.selectOption('#matrix-filter', 'any')
    expect(await page.getAttribute('#matrix-count', 'data-count')).toBe('47')
    // the second page's rows are in later case files: their outputs come in when it is shown
    await page.locator('.mx-pager button', { hasText: 'Next' }).click()
    const lastRow = page.locator('#matrix-rows tr.mx-row').last()
    await page.waitForFunction(() => !(globalThis as unknown as PageGlobals).document.querySelector('#matrix-rows')?.textContent?.includes('loading'))
    expect(await lastRow.locator('td.mx-case').textContent()).toBe('qa › case-099')
    expect(await lastRow.locator('td.mx-cell').nth(1).textContent()).toContain('answer 99')
    expect(browser.pageErrors).toEqual([])
  })

  test('the Pareto chart marks the non-dominated columns on known data; an unpriced column sits apart, unranked', async () => {
    const records: CaseRecord[] = []
    const timings = (e2eMs: number): CaseRecord['timings'] => ({ queueMs: 0, ttftMs: 20, e2eMs, tpotMs: 5, itlMs: [], streamed: true })
    for (let i = 0; i < 10; i++) {
      const id = `p${i}`
      records.push(record(id, 'openai:cheap-fast', undefined, i % 2 ? 'passed' : 'failed', 'x', { cost: 0.001, timings: timings(100) }))
      records.push(record(id, 'openai:dominated', undefined, i % 2 ? 'passed' : 'failed', 'x', { cost: 0.01, timings: timings(400) }))
      records.push(record(id, 'openai:good', undefined, 'passed', 'x', { cost: 0.01, timings: timings(400) }))
      records.push(record(id, 'openai:unpriced', undefined, 'passed', 'x', { cost: null, timings: timings(50) }))
    }
    const { page } = await browser.open(renderReportHtml(results(records)), { name: 'pareto' })
    const points = await page.locator('#pareto g.pareto-point').evaluateAll((gs) => gs.map((g) => {
      const node = g as unknown as { getAttribute(n: string): string; querySelector(s: string): { getAttribute(n: string): string } }
      return [node.getAttribute('data-label'), node.getAttribute('data-front'), Number(node.querySelector('circle:last-of-type').getAttribute('cx'))] as const
    }))
    expect(points.map((p) => [p[0], p[1]])).toEqual([['openai:cheap-fast', 'true'], ['openai:dominated', 'false'], ['openai:good', 'true'], ['openai:unpriced', 'false']])
    const cx = Object.fromEntries(points.map((p) => [p[0], p[2]]))
    // $1 per 1k cases left of $10; the unpriced one right of every priced one (its own lane), never at $0
    expect(cx['openai:cheap-fast']).toBeLessThan(cx['openai:good'] as number)
    expect(cx['openai:unpriced']).toBeGreaterThan(cx['openai:good'] as number)
    const table = await page.locator('#pareto table.pareto-table tbody tr').allTextContents()
    expect(table[0]).toContain('$1')
    expect(table[0]).toContain('on the front')
    expect(table[1]).toContain('dominated')
    expect(table[3]).toContain('unknown (10 records unpriced)')
    expect(table[3]).toContain('not ranked: cost unknown')
    expect(browser.pageErrors).toEqual([])
  })
})

describe('Pareto chart: points on the same spot, every cost $0', () => {
  test('two columns with the same pass rate at $0 are drawn side by side and name each other; the axis says all $0 instead of running to $1.00', async () => {
    const records: CaseRecord[] = []
    for (let i = 0; i < 3; i++) {
      for (const v of ['girl', 'dog']) {
        records.push(record(`s${i}`, 'llama-cold', v, i === 0 ? 'failed' : 'passed', 'x', { cost: 0 }))
        records.push(record(`s${i}`, 'llama-hot', v, v === 'dog' && i === 2 ? 'passed' : 'failed', 'x', { cost: 0 }))
      }
    }
    const { page } = await browser.open(renderReportHtml(results(records)), { name: 'pareto-same-spot' })
    const points = await page.locator('#pareto g.pareto-point').evaluateAll((gs) => gs.map((g) => {
      const node = g as unknown as { getAttribute(n: string): string | null; querySelector(s: string): { getAttribute(n: string): string; textContent: string } }
      return { label: node.getAttribute('data-label'), same: node.getAttribute('data-same-spot'), cx: Number(node.querySelector('circle:last-of-type').getAttribute('cx')), tip: node.querySelector('title').textContent }
    }))
    expect(points).toHaveLength(4)
    // girl · llama-cold and dog · llama-cold: 66.7% at $0 both
    const stacked = points.filter((p) => p.same !== null)
    expect(stacked.map((p) => p.label).sort()).toEqual(['dog · llama-cold', 'girl · llama-cold'])
    expect(stacked[0]?.cx).not.toBe(stacked[1]?.cx)
    const number = (label: string | null | undefined): number => points.findIndex((p) => p.label === label) + 1
    const [one, two] = stacked.map((p) => number(p.label))
    expect(stacked[0]?.tip).toContain(`same spot as #${two} (drawn side by side)`)
    expect(stacked[1]?.tip).toContain(`same spot as #${one}`)
    expect(await page.locator('#pareto .pareto-same').textContent()).toContain(`#${one} and #${two}`)
    expect(await page.locator('#pareto svg').getAttribute('data-x-axis')).toBe('all-free')
    const ticks = await page.locator('#pareto .pareto-grid text.tick').allTextContents()
    expect(ticks).not.toContain('$1.00')
    expect(await page.locator('#pareto .axis-title').textContent()).toContain('all $0')
    expect(browser.pageErrors).toEqual([])
  })
})

describe('matrix cell with repeats', () => {
  test('"2/3 passed" sits beside the mean score over the repeats, not the shown sample\'s score', async () => {
    const records: CaseRecord[] = []
    for (let repeat = 0; repeat < 3; repeat++) {
      // a: the shown (first) repeat fails with score 0, the other two pass
      records.push(record('c1', 'openai:a', undefined, repeat === 0 ? 'failed' : 'passed', 'x', { repeat, requestHash: `a${repeat}` }))
      records.push(record('c1', 'openai:b', undefined, 'failed', 'y', { repeat, requestHash: `b${repeat}` }))
    }
    const { page } = await browser.open(renderReportHtml(results(records)), { name: 'matrix-mean-score' })
    const heads = await page.locator('td.mx-cell .mx-head').allTextContents()
    expect(heads.some((h) => h.includes('2/3 passed') && h.includes('mean score 0.67'))).toBe(true)
    expect(heads.some((h) => h.includes('2/3 passed') && h.includes('score 0.00'))).toBe(false)
    expect(browser.pageErrors).toEqual([])
  })
})
