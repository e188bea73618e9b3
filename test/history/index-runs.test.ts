import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openHistory, type HistoryStore } from '../../src/history/store.ts'
import { cleanupAll, configSource, createProject, describeRun, REPO, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'
import { startTestServer } from '../server/test-server.ts'
import type { TestServer } from '../server/types.ts'

/**
 * The run history end to end: three real `vitest run`s of a throwaway project
 * against the protocol-faithful test server (all pass; 6 of 12 cases of one
 * dataset regress; all pass again), each indexed at its end into
 * bench-results/history.sqlite; then the index is checked against the run
 * folders, rebuilt (reindex, deleted, garbage bytes, other version) and must
 * come out the same; and `llm-test-bench history` marks the regression and the
 * recovery.
 */

const NODE = path.join(REPO, 'node_modules/.bin/node')
const CLI = path.join(REPO, 'src/cli.ts')
const P_IDS = Array.from({ length: 12 }, (_, i) => `c${i + 1}`)
const Q_IDS = ['q1', 'q2', 'q3', 'q4']

let server: TestServer
/** Case ids whose answer is poor (fails the assertion) from now on. */
const poor = new Set<string>()
let project: TestProject
const runs: VitestRun[] = []

function dataset(name: string, ids: string[], category: (i: number) => string): string {
  const cases = ids.map((id, i) => `  - id: ${id}\n    category: ${category(i)}\n    prompt: "Story ${id}: once upon a time"`).join('\n')
  return `name: ${name}\nassert:\n  - toMatchRegex: { pattern: 'fine' }\ntest_cases:\n${cases}\n`
}

function outputDir(): string {
  return path.join(project.dir, 'bench-results')
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [CLI, ...args], { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Everything the query API says about the index: runs, trends per group and per category, every run's case outcomes. */
function snapshot(store: HistoryStore): unknown {
  const listed = store.listRuns()
  return { runs: listed, trend: store.trend(), byCategory: store.trend({ byCategory: true }), outcomes: listed.map((r) => store.caseOutcomes(r.id)) }
}

beforeAll(async () => {
  server = await startTestServer({
    answer: (request) => {
      const body = JSON.stringify(request.body)
      return [...poor].some((id) => body.includes(`Story ${id}:`)) ? 'a poor answer' : 'a fine answer indeed'
    },
  })
  const provider = { type: 'openai', model: 'm', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', id: 'srv', concurrency: 4 }
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], sampling: { enabled: false } }`),
    files: {
      'datasets/p.dataset.yaml': dataset('p', P_IDS, (i) => (i % 2 === 0 ? 'even' : 'odd')),
      'datasets/q.dataset.yaml': dataset('q', Q_IDS, () => 'misc'),
    },
  })
  for (const regressed of [[], P_IDS.slice(0, 6), []]) {
    poor.clear()
    for (const id of regressed) poor.add(id)
    const run = await project.run(['run'], { timeoutMs: 90_000 })
    runs.push(run)
    // run ids have a one-second clock: the next run starts in a later second
    await new Promise((r) => setTimeout(r, 1100))
  }
}, 240_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('the history index from real runs', () => {
  test('each run is indexed at its end: figures, groups, categories and case outcomes as the run folders say', () => {
    for (const run of runs) expect(run.stdout + run.stderr, describeRun(run)).not.toMatch(/history not indexed/)
    expect(existsSync(path.join(outputDir(), 'history.sqlite'))).toBe(true)
    const store = openHistory(outputDir(), { sync: false })
    try {
      const listed = store.listRuns({ project: 'llm' })
      expect(listed.map((r) => r.id)).toEqual(runs[0]!.runDirs().map((d) => path.basename(d)))
      expect(listed.map((r) => [r.figures.samples, r.figures.passed, r.figures.passRate])).toEqual([
        [16, 16, 1],
        [16, 10, 10 / 16],
        [16, 16, 1],
      ])
      // each run's figures agree with its results.json
      for (const r of listed) {
        const results = JSON.parse(readFileSync(path.join(r.folder, 'results.json'), 'utf8')) as { summary: { passed: number; failed: number; e2eMs: { p95: number } }; provenance: { git: { commit: string } | null; configHash: string; datasets: unknown[] } }
        expect(r.figures.passed).toBe(results.summary.passed)
        expect(r.figures.failed).toBe(results.summary.failed)
        expect(r.figures.e2eP95).toBeCloseTo(results.summary.e2eMs.p95, 6)
        expect(r.configHash).toBe(results.provenance.configHash)
        expect(r.git?.commit ?? null).toBe(results.provenance.git?.commit ?? null)
        expect(r.datasets).toEqual(results.provenance.datasets)
      }
      // the project lives inside this repository (git-ignored): the commit is the repository's
      expect(listed[0]?.git?.commit).toMatch(/^[0-9a-f]{40}$/)
      expect(listed[0]?.datasets.map((d) => d.file)).toEqual(['datasets/p.dataset.yaml', 'datasets/q.dataset.yaml'])
      // the regressed run: a Wilson interval around 10/16, its groups and categories
      const second = listed[1]!
      expect(second.figures.intervalMethod).toBe('wilson')
      expect(second.figures.passRateLower).toBeLessThan(10 / 16)
      expect(second.figures.passRateUpper).toBeGreaterThan(10 / 16)
      const points = store.trend({ dataset: 'p' })
      expect(points.map((p) => [p.provider, p.model, p.figures.passed, p.figures.samples])).toEqual([
        ['srv', 'm', 12, 12],
        ['srv', 'm', 6, 12],
        ['srv', 'm', 12, 12],
      ])
      const categories = store.trend({ dataset: 'p', byCategory: true }).filter((p) => p.runId === second.id)
      // c1…c6 failed: c1, c3, c5 are "even" (index 0, 2, 4), c2, c4, c6 "odd"
      expect(categories.map((p) => [p.category, p.figures.passed, p.figures.samples])).toEqual([
        ['even', 3, 6],
        ['odd', 3, 6],
      ])
      const outcomes = store.caseOutcomes(second.id, { dataset: 'p' })
      expect(outcomes.filter((o) => o.passes === 0).map((o) => o.caseId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6'])
      expect(outcomes.every((o) => o.trials === 1)).toBe(true)
      expect(store.listRuns({ dataset: 'q', last: 2 }).map((r) => r.id)).toEqual(listed.slice(1).map((r) => r.id))
      expect(store.listRuns({ provider: 'nobody' })).toEqual([])
    } finally {
      store.close()
    }
  })

  test('reindex, a deleted index, garbage bytes and another version all give the index incremental indexing built', () => {
    const file = path.join(outputDir(), 'history.sqlite')
    let store = openHistory(outputDir(), { sync: false })
    const incremental = snapshot(store)
    expect(store.reindex().indexed).toHaveLength(3)
    expect(snapshot(store)).toEqual(incremental)
    store.close()

    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    store = openHistory(outputDir())
    expect(store.rebuiltBecause).toBe('there was none')
    expect(snapshot(store)).toEqual(incremental)
    store.close()

    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true })
    writeFileSync(file, Buffer.from('this is not an SQLite file at all, just garbage bytes \u0000\u0001\u0002'.repeat(200)))
    store = openHistory(outputDir())
    expect(store.rebuiltBecause).toMatch(/could not be read/)
    expect(snapshot(store)).toEqual(incremental)
    store.close()

    store = openHistory(outputDir(), { sync: false })
    store.close()
    const sqlite = process.getBuiltinModule('node:sqlite')
    const db = new sqlite.DatabaseSync(file)
    db.exec("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    db.close()
    store = openHistory(outputDir())
    expect(store.rebuiltBecause).toBe(`it was version 0, this is version 1`)
    expect(snapshot(store)).toEqual(incremental)
    store.close()
  })

  test('a run ending on a garbage index makes a new one; the next reader brings in the earlier runs from their folders', async () => {
    const file = path.join(outputDir(), 'history.sqlite')
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true })
    writeFileSync(file, Buffer.alloc(8192, 0xab))
    poor.clear()
    const run = await project.run(['run'], { timeoutMs: 90_000 })
    expect(run.code, describeRun(run)).toBe(0)
    expect(run.stdout + run.stderr).not.toMatch(/history not indexed/)
    // the run's end indexed itself only
    const own = openHistory(outputDir(), { sync: false })
    try {
      expect(own.listRuns().map((r) => r.figures.passRate)).toEqual([1])
    } finally {
      own.close()
    }
    const store = openHistory(outputDir())
    try {
      expect(store.listRuns().map((r) => r.figures.passRate)).toEqual([1, 10 / 16, 1, 1])
    } finally {
      store.close()
    }
  }, 120_000)

  test('llm-test-bench history: the table marks the regression and the recovery; --dataset gives a row per group; --json', async () => {
    const table = await cli(['history', '--last', '4'])
    expect(table.code, table.stderr).toBe(0)
    const lines = table.stdout.split('\n')
    const ids = runs[0]!.runDirs().map((d) => path.basename(d))
    const rowOf = (id: string): string => lines.find((l) => l.startsWith(id)) ?? ''
    expect(rowOf(ids[0]!)).toMatch(/100\.0% \[/)
    expect(rowOf(ids[1]!)).toMatch(/62\.5% \[\d+\.\d–\d+\.\d\]/)
    expect(rowOf(ids[1]!)).toMatch(/▼ regressed \(6 newly failing, 0 newly passing, p=0\.016\)/)
    expect(rowOf(ids[2]!)).toMatch(/▲ improved \(0 newly failing, 6 newly passing, p=0\.016\)/)
    expect(rowOf(ids[3]!)).toMatch(/same outcomes/)
    expect(rowOf(ids[0]!)).toMatch(/ [0-9a-f]{8}\*? /)

    const q = await cli(['history', '--dataset', 'q'])
    expect(q.stdout).toMatch(/q › srv › m/)
    expect(q.stdout).not.toMatch(/▼ regressed \(|▲ improved \(/)

    const json = JSON.parse((await cli(['history', '--dataset', 'p', '--json', '--last', '2'])).stdout) as Array<{ runId: string; change: { verdict: string | null; newlyPassing: number } | null }>
    expect(json.map((r) => r.runId)).toEqual(ids.slice(2))
    expect(json[0]?.change).toMatchObject({ verdict: 'improved', newlyPassing: 6 })

    const reindexed = await cli(['history', 'reindex'])
    expect(reindexed.stdout).toMatch(/^indexed 4 runs from bench-results into /)
    const bad = await cli(['history', '--last', '0'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--last expects a whole number ≥ 1, found "0"/)
    // each call starts a CLI process that loads the TypeScript sources: generous on a loaded machine
  }, 300_000)
})
