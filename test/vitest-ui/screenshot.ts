/**
 * Regenerates docs/images/vitest-ui.png: `vitest --ui` on a small project
 * (one dataset, a passing and a failing case, against the protocol-faithful
 * test server), the failing case's Report tab (its error at the dataset line,
 * its output, scores and metrics as annotations), drawn by real headless
 * Chromium.
 *
 *   npx node test/vitest-ui/screenshot.ts [out.png]
 */
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM } from '../report/html/browser.ts'
import { freePort } from '../helpers/llama-server.ts'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { childEnvironment } from '../helpers/process-group.ts'
import { configSource, createProject, REPO } from '../helpers/run-vitest.ts'

const out = resolve(process.argv[2] ?? join(REPO, 'docs/images/vitest-ui.png'))
const DATASET = [
  'name: capitals',
  'defaults: { temperature: 0 }',
  'test_cases:',
  '  - id: france',
  '    category: geography',
  '    prompt: "What is the capital of France? Answer in one sentence."',
  '    assert:',
  "      - toMatchRegex: { pattern: 'Paris' }",
  '  - id: peru',
  '    category: geography',
  '    prompt: "What is the capital of Peru? Answer in one sentence."',
  '    expected: The capital of Peru is Lima.',
  '    assert:',
  "      - toMatchRegex: { pattern: 'Lima' }",
  '      - toFuzzyMatch: { min: 0.8 }',
  '',
].join('\n')

const server = await startOpenAITestServer({ answer: 'The capital of France is Paris.', tokenDelayMs: 15 })
const providers = [{ id: 'gpt-4o-mini', type: 'openai', model: 'gpt-4o-mini', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }]
const project = await createProject({
  config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
  files: { 'datasets/capitals.dataset.yaml': DATASET },
})
const port = await freePort()
const env = childEnvironment({ CI: undefined, NO_COLOR: '1', LLM_BENCH_NO_DOWNLOAD: '1' })
const child = spawn(join(REPO, 'node_modules/.bin/node'), [join(REPO, 'node_modules/vitest/vitest.mjs'), '--ui', '--watch', '--open=false', `--api.port=${port}`, '--api.strictPort'], {
  cwd: project.dir,
  env,
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
})
let log = ''
child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()))
child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
const context = await chromium.launchPersistentContext(join(project.dir, '.profile'), {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  viewport: { width: 1400, height: 860 },
  colorScheme: 'light',
})
try {
  const page = await context.newPage()
  // the UI's address carries a token: read it from Vitest's output
  let url: string | undefined
  for (let tries = 0; url === undefined; tries++) {
    url = /UI started at (\S+)/.exec(log)?.[1]
    if (tries > 120) throw new Error(`the UI did not start:\n${log}`)
    await new Promise((done) => setTimeout(done, 500))
  }
  await page.goto(url)
  // the run ends: the dataset file is listed
  await page.getByText('capitals.dataset.yaml').first().waitFor({ timeout: 60_000 })
  await page.waitForTimeout(3000)
  if (process.env['UI_DEBUG']) await page.screenshot({ path: `${out}.debug.png` })
  await page.waitForTimeout(1500)
  await page.getByText('peru › gpt-4o-mini').first().click()
  const report = page.getByText('Report', { exact: true }).first()
  if (await report.isVisible()) await report.click()
  await page.waitForTimeout(1500)
  mkdirSync(dirname(out), { recursive: true })
  await page.screenshot({ path: out })
  console.log(`wrote ${out}`)
} finally {
  await context.close()
  if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
  else console.error(`vitest --ui exited (${child.exitCode}):\n${log}`)
  await server.close()
  await project.cleanup()
}
