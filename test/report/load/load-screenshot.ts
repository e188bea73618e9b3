/**
 * Regenerates docs/images/load-sweep.png: the Load section of report.html from a real `vitest bench`
 * concurrency sweep (1, 2, 4, 8, 16) against the scripted-timing test server holding 4 requests at
 * once (first token 250 ms after a request is served, then 9 more 10 ms apart; `slo: { ttftMs: 400 }`),
 * drawn by real headless Chromium, 1400 px wide.
 *
 * With `--llama-server`, the same sweep runs against a real llama.cpp `llama-server -np 4` with the
 * shared stories260K model (completions API, 128 tokens, `slo: { ttftMs: 250 }`), and the picture
 * goes to docs/images/load-sweep-llama-server.png.
 *
 *   node test/report/load/load-screenshot.ts [--llama-server] [out.png]
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startLlamaServer } from '../../helpers/llama-server.ts'
import { configSource, createProject, describeRun } from '../../helpers/run-vitest.ts'
import { startTestServer } from '../../server/test-server.ts'
import { launchReportBrowser, type PageGlobals } from '../html/browser.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const llama = process.argv.includes('--llama-server')
const outArg = process.argv.slice(2).find((a) => !a.startsWith('--'))
const out = resolve(outArg ?? resolve(repo, llama ? 'docs/images/load-sweep-llama-server.png' : 'docs/images/load-sweep.png'))

const common = { apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 64, retry: { attempts: 1 } }
const target = llama
  ? await startLlamaServer({ parallel: 4 }).then((s) => ({
      provider: { type: 'openai', api: 'completions', model: 'stories', baseURL: s.baseURL, id: 'llama-server-np4', ...common },
      prompt: 'Once upon a time, there was a little girl named',
      defaults: ['defaults:', '  temperature: 0', '  max_tokens: 128'],
      slo: '{ ttftMs: 250 }',
      close: () => s.stop(),
    }))
  : await startTestServer({ timeline: { firstTokenMs: 250, intervalMs: 10, tokens: 10 }, maxConcurrent: 4 }).then((s) => ({
      provider: { type: 'openai', model: 'scripted', baseURL: s.openaiURL, id: 'scripted-4-slots', ...common },
      prompt: 'case',
      defaults: [],
      slo: '{ ttftMs: 400 }',
      close: () => s.close(),
    }))
const dataset = ['name: load', ...target.defaults, 'assert:', "  - toMatchRegex: { pattern: '\\S' }", 'test_cases:', ...Array.from({ length: 32 }, (_, i) => `  - id: c${i}\n    prompt: "${target.prompt} ${i}"`), ''].join('\n')
const project = await createProject({
  config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(target.provider)}], bench: { iterations: 1, load: { concurrency: [1, 2, 4, 8, 16], warmupRequests: 1 } }, slo: ${target.slo}, report: { html: true } }`),
  files: { 'datasets/load.dataset.yaml': dataset },
})
const run = await project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 300_000 })
await target.close()
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
