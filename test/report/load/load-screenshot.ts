/**
 * Regenerates docs/images/load-sweep.png: the Load section of report.html from a real `vitest bench`
 * concurrency sweep (1, 2, 4, 8, 16) against the scripted-timing test server holding 4 requests at
 * once (first token 250 ms after a request is served, then 9 more 10 ms apart; `slo: { ttftMs: 400 }`),
 * drawn by real headless Chromium, 1400 px wide.
 *
 *   node test/report/load/load-screenshot.ts [out.png]
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { configSource, createProject, describeRun } from '../../helpers/run-vitest.ts'
import { startTestServer } from '../../server/test-server.ts'
import { launchReportBrowser, type PageGlobals } from '../html/browser.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const out = resolve(process.argv[2] ?? resolve(repo, 'docs/images/load-sweep.png'))

const server = await startTestServer({ timeline: { firstTokenMs: 250, intervalMs: 10, tokens: 10 }, maxConcurrent: 4 })
const provider = { type: 'openai', model: 'scripted', baseURL: server.openaiURL, id: 'scripted-4-slots', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 64, retry: { attempts: 1 } }
const dataset = ['name: load', 'assert:', "  - toMatchRegex: { pattern: '\\S' }", 'test_cases:', ...Array.from({ length: 32 }, (_, i) => `  - id: c${i}\n    prompt: "case ${i}"`), ''].join('\n')
const project = await createProject({
  config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: 1, load: { concurrency: [1, 2, 4, 8, 16], warmupRequests: 1 } }, slo: { ttftMs: 400 }, report: { html: true } }`),
  files: { 'datasets/load.dataset.yaml': dataset },
})
const run = await project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 300_000 })
await server.close()
if (run.code !== 0) throw new Error(describeRun(run))
const browser = await launchReportBrowser({ width: 1400, height: 1000 })
try {
  const { page } = await browser.openFile(join(run.runDir(), 'report.html'))
  const box = await page.evaluate(() => {
    const { document, window } = globalThis as unknown as PageGlobals
    const section = document.getElementById('load') as unknown as { getBoundingClientRect(): { top: number; bottom: number } } | null
    if (!section) return null
    const r = section.getBoundingClientRect()
    return { top: Math.floor(r.top + window.scrollY - 12), bottom: Math.ceil(r.bottom + window.scrollY + 16) }
  })
  if (!box) throw new Error('report.html has no Load section')
  mkdirSync(dirname(out), { recursive: true })
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: box.top, width: 1400, height: box.bottom - box.top } })
  if (browser.pageErrors.length || browser.consoleErrors.length) throw new Error(`the page reported errors: ${[...browser.pageErrors, ...browser.consoleErrors].join('; ')}`)
  const load = run.results().load
  for (const m of load?.measurements ?? []) console.log(`${m.label}: ${m.requestsPerSecond?.toFixed(2)} req/s, goodput ${m.goodput?.toFixed(2)}, TTFT p95 ${m.ttftMs.p95?.toFixed(0)} ms, peak ${m.peakConcurrency}${m.knee ? '  <- knee' : ''}`)
  console.log(`wrote ${out} (1400 x ${box.bottom - box.top}) from ${run.runDir()}`)
} finally {
  await browser.close()
  await project.cleanup()
}
