import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CACHE_FROM_CHARS, cachedCaseTexts } from '../../../src/dataset/case-texts-cache.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject } from '../../helpers/run-vitest.ts'

/**
 * The case texts cache through real `vitest run`s: the workers store a YAML
 * dataset's texts as they register its cases (report.html on), before any
 * case runs (a function provider, the user's own code, looks), the run's end
 * shows them in report.html, and with report.html off nothing is stored.
 */

let project: TestProject
let cacheRoot: string
const IDS = Array.from({ length: 40 }, (_, i) => `c${i}`)

/** 40 cases with an expected answer and references each, past CACHE_FROM_CHARS with a long comment. */
function datasetText(): string {
  const cases = IDS.map((id) => `  - id: ${id}\n    prompt: "Question ${id}"\n    expected: "EXPECTED-${id}-Ünïcödé"\n    references: [REF-${id}]`).join('\n')
  return `# ${'padding '.repeat(CACHE_FROM_CHARS / 8)}\nname: cached\ntest_cases:\n${cases}\n`
}

// the user's own code as the provider: it answers with how many entries the cache holds when its case runs
const PROBE = [
  "import { existsSync, readdirSync } from 'node:fs'",
  "import { join } from 'node:path'",
  'export default function probe() {',
  "  const dir = join(process.env.LLM_BENCH_CACHE_DIR, 'case-texts')",
  "  return `cache entries: ${existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).length : 0}`",
  '}',
  '',
].join('\n')

beforeAll(async () => {
  cacheRoot = await mkdtemp(path.join(tmpdir(), 'llm-bench-texts-run-'))
  const provider = { type: 'function', module: './probe.mjs', id: 'probe' }
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], sampling: { enabled: false }, report: { html: process.env.REPORT_HTML !== '0' } }`),
    files: { 'datasets/cached.dataset.yaml': datasetText(), 'probe.mjs': PROBE },
  })
}, 60_000)

afterAll(async ({}, suite) => {
  await rm(cacheRoot, { recursive: true, force: true })
  await cleanupAll(suite)
})

test('report.html on: the workers store the dataset\'s texts as they collect its cases, and the report shows them; off: nothing is stored', async () => {
  const on = path.join(cacheRoot, 'on')
  const run = await project.run(['run'], { env: { LLM_BENCH_CACHE_DIR: on } })
  expect(run.code, describeRun(run)).toBe(0)
  const texts = cachedCaseTexts(readFileSync(path.join(project.dir, 'datasets/cached.dataset.yaml'), 'utf8'), path.join(on, 'case-texts'))
  expect(texts?.map((c) => c.id)).toEqual(IDS)
  expect(texts?.[3]).toEqual({ id: 'c3', expected: 'EXPECTED-c3-Ünïcödé', references: ['REF-c3'], variables: {} })
  const html = readFileSync(path.join(run.runDir(), 'report.html'), 'utf8')
  for (const id of IDS) expect(html).toContain(`EXPECTED-${id}-`)
  expect(html).toContain('REF-c39')

  // every case ran after its file's cases were collected: the workers had stored the entry by then
  expect(new Set(run.jsonl().map((r) => r.output))).toEqual(new Set(['cache entries: 1']))
  const off = path.join(cacheRoot, 'off')
  const plain = await project.run(['run'], { env: { LLM_BENCH_CACHE_DIR: off, REPORT_HTML: '0' } })
  expect(plain.code, describeRun(plain)).toBe(0)
  const latest = plain.runDirs().at(-1) as string
  const outputs = readFileSync(path.join(latest, 'results.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { output: string }).output)
  expect(new Set(outputs)).toEqual(new Set(['cache entries: 0']))
  expect(existsSync(path.join(latest, 'report.html'))).toBe(false)
  expect(existsSync(off) ? readdirSync(off) : []).toEqual([])
}, 180_000)
