import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { RunResults } from '../../src/report/run-results.ts'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import { writeBaseline } from '../../src/report/gates/baseline-file.ts'
import { startLlamaServer } from '../../test/helpers/llama-server.ts'
import { configSource, createProject, describeRun, REPO } from '../../test/helpers/run-vitest.ts'
import { launchReportBrowser } from '../../test/report/html/browser.ts'

/**
 * Issue 13's acceptance scenario as a demo: a real llama-server (stories260K), 2 prompt variants ×
 * 2 providers (greedy with a seed; temperature 1.2 without one) × 3 repeats, run once, its results
 * made the baseline, run again with significance-aware gates. Prints the second run's terminal output
 * and summary.md, keeps both run folders (under .cache/test-projects/), and screenshots the second
 * run's report.html (matrix, side by side, Pareto) into docs/images/variants-*.png in real Chromium.
 *
 *   npm run demo:variants            (add --no-screenshots to skip Chromium)
 */

const DATASET = `name: stories-variants
defaults: { max_tokens: 24 }
variants:
  - name: girl
    prompt: 'Once upon a time, there was a little girl named {{name}}.'
  - name: dog
    prompt: 'Once upon a time, {{name}} had a big dog.'
    params: { max_tokens: 32 }
reference_variant: girl
test_cases:
  - id: lily
    variables: { name: Lily }
    assert: [{ toMatchRegex: { pattern: '\\b(the|a|and)\\b', flags: i } }]
  - id: tom
    variables: { name: Tom }
    assert: [{ toMatchRegex: { pattern: '\\b(the|a|and)\\b', flags: i } }]
  - id: sue
    variables: { name: Sue }
    assert: [{ toMatchRegex: { pattern: '\\bhappy\\b', flags: i } }]
`

const screenshots = !process.argv.includes('--no-screenshots')
const server = await startLlamaServer({ parallel: 4 })
try {
  const base = { type: 'openai', model: 'stories', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 4 }
  const providers = JSON.stringify([
    { ...base, id: 'llama-cold', params: { temperature: 0, seed: 7 } },
    { ...base, id: 'llama-hot', params: { temperature: 1.2 } },
  ])
  const options = (gates: string): string =>
    `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${providers}, repeats: 3, baseline: 'llm-baseline.json', gates: ${gates}, report: { html: true } }`
  const project = await createProject({
    config: configSource(options('{ noNewFailures: true }')),
    files: { 'datasets/stories.dataset.yaml': DATASET },
  })
  const first = await project.run(['run', '--project', 'llm'], { timeoutMs: 240_000 })
  if (first.timedOut || first.runDirs().length !== 1) throw new Error(`first run failed\n${describeRun(first)}`)
  const firstDir = first.runDir()
  const firstResults = JSON.parse(readFileSync(path.join(firstDir, 'results.json'), 'utf8')) as RunResults
  // what `llm-test-bench baseline update` writes
  writeBaseline(path.join(project.dir, 'llm-baseline.json'), createBaseline(firstResults))

  await project.write('vitest.config.ts', configSource(options('{ passRate: { maxDrop: 0.05 }, noNewFailures: { majority: true } }')))
  const second = await project.run(['run', '--project', 'llm'], { timeoutMs: 240_000 })
  if (second.timedOut) throw new Error(`second run timed out\n${describeRun(second)}`)
  const secondDir = second.runDirs().at(-1) ?? ''
  const summary = readFileSync(path.join(secondDir, 'summary.md'), 'utf8')
  const terminal = second.stdout.split('\n').filter((l) => !l.startsWith('llm-test-bench [llm]')).join('\n')
  process.stdout.write(`project: ${project.dir}\nfirst run: ${firstDir} (exit ${first.code})\nsecond run: ${secondDir} (exit ${second.code})\n`)
  process.stdout.write(`\n--- second run, terminal ---\n${terminal}\n--- second run, stderr ---\n${second.stderr}\n--- summary.md ---\n${summary}\n`)

  if (screenshots) {
    const images = path.join(REPO, 'docs', 'images')
    mkdirSync(images, { recursive: true })
    const browser = await launchReportBrowser({ width: 1400, height: 1000 })
    try {
      let { page } = await browser.openFile(path.join(secondDir, 'report.html'))
      await page.waitForTimeout(1000)
      if ((await page.locator('#matrix-table').count()) === 0) {
        // the second run's page stopped drawing (its errors are printed): the first run's page has the same matrix, without the baseline
        process.stdout.write(`\nthe second run's report.html drew no matrix; page errors: ${JSON.stringify(browser.pageErrors)}\nscreenshots taken from the FIRST run's report.html instead\n`)
        page = (await browser.openFile(path.join(firstDir, 'report.html'))).page
      }
      await page.locator('#matrix-table').waitFor()
      // the sticky navigation bar would sit over the element screenshots
      await page.evaluate(() => {
        const nav = (globalThis as unknown as { document: { querySelector(s: string): { style: { position: string } } | null } }).document.querySelector('nav.nav')
        if (nav) nav.style.position = 'static'
      })
      await page.selectOption('#matrix-filter', 'any')
      const matrixCount = await page.getAttribute('#matrix-count', 'data-count')
      const section = page.locator('section:has(#matrix-table)').first()
      await section.scrollIntoViewIfNeeded()
      await section.screenshot({ path: path.join(images, 'variants-matrix.png') })
      await page.locator('#pareto').screenshot({ path: path.join(images, 'variants-pareto.png') })
      const comparison = await page.locator('#matrix-comparison tbody tr').allTextContents()
      await page.locator('#matrix-rows tr.mx-row button.mx-compare').first().click()
      await page.locator('#side-by-side .sbs-col').first().waitFor()
      await page.locator('#side-by-side').screenshot({ path: path.join(images, 'variants-side-by-side.png') })
      process.stdout.write(`\nrows shown with "only where they differ": ${matrixCount}\ncomparison table:\n${comparison.map((r) => `  ${r}`).join('\n')}\n`)
      process.stdout.write(`page errors: ${JSON.stringify(browser.pageErrors)}; console errors: ${JSON.stringify(browser.consoleErrors)}\n`)
      process.stdout.write(`screenshots: ${['matrix', 'side-by-side', 'pareto'].map((n) => `docs/images/variants-${n}.png`).join(', ')}\n`)
    } finally {
      await browser.close()
    }
  }
} finally {
  await server.stop()
}
