import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseCsv } from '../../src/dataset/sources/csv.ts'
import { cleanupAll, configSource, createProject, describeRun, REPO, type VitestRun } from '../helpers/run-vitest.ts'
import { launchReportBrowser, type ReportBrowser } from '../report/html/browser.ts'
import { startScriptedServer, type ScriptedServer } from '../retry/scripted-server.ts'

/**
 * Artifacts are safe to open: a real Vitest child run over two `source:`
 * benchmark files written to be hostile (test/fixtures/benchmarks/hostile-*):
 * HumanEval task ids that a spreadsheet would run as formulas (`=HYPERLINK(...)`,
 * `+1+1`, `-2+3`, `@SUM(1,2)`) or that a right-to-left override turns around
 * (`\u202Etxt.exe`), and TruthfulQA categories of the same kind. The CSVs are
 * read back: every such text cell is guarded with a `'`, numbers stay numbers.
 * report.html, in Chromium, writes the override out and keeps `txt.exe` in order.
 */

const BENCHMARKS = join(REPO, 'test', 'fixtures', 'benchmarks')
const FORMULA_START = /^[=+\-@\t\r]/
const RLO = '\u202E'

let server: ScriptedServer
let run: VitestRun
let browser: ReportBrowser | undefined

/** A CSV of the run, read back with the project's RFC 4180 parser: rows as objects by header. */
function readCsv(name: string): Array<Record<string, string>> {
  const [header, ...rows] = [...parseCsv(readFileSync(join(run.runDir(), 'csv', name), 'utf8'))].map((r) => r.fields)
  return rows.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ''])))
}

beforeAll(async () => {
  server = await startScriptedServer(() => ({ status: 200 }), { answer: 'one two three' })
  const provider = { type: 'openai', id: 'scripted', model: 'scripted', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify([provider])} }`),
    files: {
      'datasets/ids.dataset.yaml': `name: hostile-ids\nsource: { path: ${JSON.stringify(join(BENCHMARKS, 'hostile-humaneval.jsonl'))}, format: humaneval }\n`,
      'datasets/categories.dataset.yaml': `name: hostile-categories\nsource: { path: ${JSON.stringify(join(BENCHMARKS, 'hostile-truthfulqa.csv'))}, format: truthfulqa }\n`,
    },
  })
  run = await project.run(['run'], { timeoutMs: 90_000 })
}, 120_000)

afterAll(async ({}, suite) => {
  await browser?.close()
  await server?.close()
  await cleanupAll(suite)
})

describe('CSV artifacts are safe to open in a spreadsheet', () => {
  test('hostile case ids and categories are guarded with a leading quote', () => {
    expect(run.timedOut).toBe(false)
    const cases = readCsv('cases.csv')
    expect(cases, describeRun(run)).toHaveLength(11)
    const ids = cases.filter((c) => c.dataset === 'hostile-ids').map((c) => c.case_id).sort()
    expect(ids).toEqual([`'+1+1`, `'-2+3`, `'=HYPERLINK("https:-example.invalid-x","open")`, `'@SUM(1,2)`, 'plain-1', `${RLO}txt.exe`].sort())
    const categories = cases.filter((c) => c.dataset === 'hostile-categories').map((c) => c.category).sort()
    expect(categories).toEqual([`'+cmd|' /C calc'!A0`, `'-2+3`, `'=HYPERLINK("https://example.invalid/x","open")`, `'@SUM(1;2)`, 'Science'].sort())
    expect(readCsv('categories.csv').map((c) => c.category)).toEqual(expect.arrayContaining([`'=HYPERLINK("https://example.invalid/x","open")`, `'-2+3`]))
  })

  test('no cell of any CSV starts a formula; cells that look like one are numbers in numeric columns', () => {
    for (const name of ['cases.csv', 'categories.csv', 'datasets.csv', 'providers.csv', 'models.csv', 'summary.csv']) {
      for (const row of readCsv(name)) {
        for (const [header, cell] of Object.entries(row)) {
          if (FORMULA_START.test(cell)) expect(Number.isFinite(Number(cell)), `${name} ${header}: ${cell}`).toBe(true)
        }
      }
    }
  })

  test('numbers stay numbers: timings, tokens and scores are written bare', () => {
    for (const c of readCsv('cases.csv')) {
      expect(Number(c.e2e_ms)).toBeGreaterThan(0)
      expect(c.output_tokens).toBe('3')
      expect(c.score_mean).toMatch(/^(0|1|0\.\d+)$/)
    }
  })
})

describe('report.html shows invisible format characters (Chromium)', () => {
  test('a right-to-left override in a case id is written out, and the id reads in order', async () => {
    browser = await launchReportBrowser()
    const { page } = await browser.open(readFileSync(join(run.runDir(), 'report.html'), 'utf8'))
    const cell = page.locator('#case-rows td.case-id', { hasText: 'txt.exe' })
    expect(await cell.textContent()).toBe('\\u202Etxt.exe')
    expect(await cell.locator('span.invisible-char').textContent()).toBe('\\u202E')
    expect(await cell.getAttribute('title')).toBe('\\u202Etxt.exe')
    expect(await page.locator('#case-rows').textContent()).not.toContain(RLO)
    // as displayed: the "t" of txt is left of the final "e" of exe (an override would swap them)
    const order = await cell.evaluate((td) => {
      interface Box { left: number }
      interface TextNode { nodeType: number; textContent: string }
      interface Doc { createRange(): { setStart(n: TextNode, i: number): void; setEnd(n: TextNode, i: number): void; getBoundingClientRect(): Box } }
      const { document } = globalThis as unknown as { document: Doc }
      const text = Array.from((td as unknown as { childNodes: ArrayLike<TextNode> }).childNodes).find((n) => n.nodeType === 3 && n.textContent.includes('txt.exe'))
      if (!text) return null
      const at = (i: number): number => {
        const range = document.createRange()
        range.setStart(text, i)
        range.setEnd(text, i + 1)
        return range.getBoundingClientRect().left
      }
      const start = text.textContent.indexOf('txt.exe')
      return { first: at(start), last: at(start + 'txt.exe'.length - 1) }
    })
    expect(order).not.toBeNull()
    expect(order!.first).toBeLessThan(order!.last)
    await cell.click()
    const detail = page.locator('#case-rows tr.case-detail')
    // the case id is in the detail's facts (its case, and where the page names it again): written out in each, never the raw override
    const facts = await detail.locator('dl.facts dd', { hasText: 'txt.exe' }).allTextContents()
    expect(facts.length).toBeGreaterThan(0)
    for (const text of facts) {
      expect(text).toContain('\\u202Etxt.exe')
      expect(text).not.toContain(RLO)
    }
    expect(browser.pageErrors).toEqual([])
  })
})
