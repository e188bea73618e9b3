import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { globSync } from 'tinyglobby'
import { describe, expect, test } from 'vitest'
import { loadDataset } from '../../src/dataset/load.ts'
import { knownMatcherNames } from '../../src/evaluators/registry.ts'
import type { RunResults } from '../../src/report/run-results.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const shared = process.env.LLM_BENCH_SHARED_DIR ?? resolve(repo, '..', 'shared')
const datasets = globSync(['datasets/**/*.dataset.{yaml,yml,json}'], { cwd: repo, absolute: true }).sort()

describe('built-in datasets', () => {
  test('there are a quick start and at least four built-in datasets', () => {
    expect(datasets.filter((f) => f.includes('/quickstart/'))).toHaveLength(1)
    expect(datasets.filter((f) => f.includes('/builtin/')).length).toBeGreaterThanOrEqual(4)
  })

  test.each(datasets.map((f) => [f.slice(repo.length + 1), f]))('%s loads, and every case asserts something', (_, file) => {
    const dataset = loadDataset(file, { knownMatchers: new Set(knownMatcherNames()) })
    // the refactoring fixture is one big case; the suites have several
    expect(dataset.cases.length).toBeGreaterThanOrEqual(file.includes('/refactoring/') ? 1 : 3)
    for (const c of dataset.cases) expect(c.assertions.length, c.id).toBeGreaterThan(0)
  })

  test('they all run end to end on the embedded model: no dataset failure and no errored case', () => {
    const started = Date.now()
    const run = spawnSync(join(repo, 'node_modules', '.bin', 'node'), [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'llm-builtin'], {
      cwd: repo,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', LLM_BENCH_MODEL: join(shared, 'models', 'stories260K.gguf'), LLM_BENCH_PROVIDERS: '' },
      encoding: 'utf8',
      timeout: 240_000,
    })
    // the tiny story model fails these assertions: the run exits 1, honestly
    expect(run.status, run.stderr).toBe(1)
    const dir = join(repo, 'bench-results')
    const latest = readdirSync(dir)
      .filter((d) => d.startsWith('llm-builtin-'))
      .sort()
      .at(-1) as string
    const results = JSON.parse(readFileSync(join(dir, latest, 'results.json'), 'utf8')) as RunResults
    expect(Date.parse(results.startedAt)).toBeGreaterThanOrEqual(started - 1000)
    expect(results.datasetFailures).toEqual([])
    expect(results.byDataset.map((b) => b.dataset).sort()).toEqual(['coding', 'instruction-following', 'reasoning', 'refactoring-simple-component', 'summarization'])
    expect(results.summary.errored + results.summary.timedOut).toBe(0)
    expect(results.summary.cases).toBe(results.cases.length)
    for (const r of results.cases) {
      expect(r.output, r.caseId).toBeTruthy()
      expect(r.usage.outputTokens).toBeGreaterThan(0)
      expect(r.evaluations.length).toBeGreaterThan(0)
    }
    expect(run.stdout).toMatch(/llm-test-bench llm-builtin \(run\)/)
  })
})
