import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { writeArtifacts } from '../../src/report/artifacts/write-artifacts.ts'
import { readRunResults } from '../../src/report/results-schema.ts'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { filesUnder, normalizedArtifacts, normalizeResults } from '../helpers/artifact-equality.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A sharded run merged with `vitest --merge-reports` gives the same artifacts
 * as one unsharded run. Responses are recorded once against the test server,
 * then every run replays them (server closed), so the runs differ only in:
 *
 * - `runId` (top level and in each record): each run has its own (its time is in it);
 * - `startedAt` / `endedAt` (top level and in each record): wall-clock times
 *   of the run and of each replay.
 *
 * Those, and nothing else, are removed before comparing. GPU/CPU sampling is
 * off in this project: each process samples its own machine over its own time. The wall-time
 * derived numbers (`wallMs`, `outputTokensPerSecond`, `requestsPerSecond`)
 * need no removal: they count only calls made, so a replayed run has none
 * (null, checked below). Latencies are the recorded ones in both runs.
 *
 * Every artifact present in both run folders is compared: `results.json`,
 * `results.jsonl` (as a sorted set of records), `csv/*.csv` without their
 * `run_id`/`started_at`/`ended_at` columns, and any other file (summary.md,
 * report.html, raw responses...) as text with the run id and ISO timestamps
 * masked, so the check grows with the artifacts the reporter writes
 * (test/helpers/artifact-equality.ts). Then all artifacts are written again
 * from each `results.json` (read back with readRunResults) and compared the
 * same way. The same check at 10,000 cases is `npm run bench:shard-merge`
 * (benchmarks/shard-merge: minutes on a 2-core machine, too long for a test).
 */

afterAll(({}, suite) => cleanupAll(suite))

const ANSWER = 'Once upon a time there was a little robot who loved long stories about the sea.'

/** Three datasets, 12 cases: categories, a failing assertion, and outputs cut at different lengths. */
function dataset(name: string, ids: string[], assert: string): string {
  const cases = ids
    .map((id, i) => `  - id: ${id}\n    category: ${i % 2 === 0 ? 'even' : 'odd'}\n    prompt: "Tell story ${id}"\n    config: { max_tokens: ${3 + i * 2} }`)
    .join('\n')
  return `name: ${name}\nassert:\n  - ${assert}\ntest_cases:\n${cases}\n`
}

const FILES = {
  'datasets/alpha.dataset.yaml': dataset('alpha', ['a1', 'a2', 'a3', 'a4'], "toMatchRegex: 'Once'"),
  'datasets/beta.dataset.yaml': dataset('beta', ['b1', 'b2', 'b3', 'b4', 'b5'], "toMatchRegex: 'robot'"),
  'datasets/gamma.dataset.yaml': dataset('gamma', ['g1', 'g2', 'g3'], "toMatchRegex: 'sea'"),
}
const CASES = 12
const PROVIDERS = 2

describe('shard merge', () => {
  test('--shard=1/2 and 2/2 with blob reports, merged, equal one unsharded run (replayed responses)', async () => {
    const server = await startOpenAITestServer({ answer: ANSWER, tokenDelayMs: 1 })
    const common = { type: 'openai', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
    const providers = [
      { ...common, id: 'srv-a', model: 'model-a', price: { input: 1, output: 2 } },
      { ...common, id: 'srv-b', model: 'model-b' },
    ]
    const project = await createProject({
      // no GPU/CPU sampling: each machine samples its own, so `system` would differ by design
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, sampling: { enabled: false } }`),
      files: FILES,
    })
    const recorded = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'record' } })
    await server.close()
    // some cases fail on purpose ('sea' is cut off by a small max_tokens): exit 1
    expect(recorded.code, describeRun(recorded)).toBe(1)
    expect(server.stats().requests).toBe(CASES * PROVIDERS)

    const replay = { env: { LLM_BENCH_CACHE: 'replay' } }
    const unsharded = await newRunDir(project, ['run', '--project', 'llm'], replay)
    for (const shard of ['1/2', '2/2']) {
      const run = await project.run(['run', '--project', 'llm', `--shard=${shard}`, '--reporter=blob'], replay)
      expect([0, 1], describeRun(run)).toContain(run.code)
    }
    const blobs = readdirSync(path.join(project.dir, '.vitest', 'blob'))
    expect(blobs, 'one blob per shard').toHaveLength(2)
    const merged = await newRunDir(project, ['--merge-reports'], replay)

    const a = readJson(unsharded)
    const b = readJson(merged)
    expect(a.cases).toHaveLength(CASES * PROVIDERS)
    expect(a.cases.every((r) => r.replayed === true)).toBe(true)
    expect(a.summary.failed).toBeGreaterThan(0)
    // replayed: no wall time, so nothing derived from it differs
    expect([a.summary.wallMs, a.summary.outputTokensPerSecond, a.summary.requestsPerSecond]).toEqual([null, null, null])
    expect(caseList(b)).toEqual(caseList(a))
    expect(normalizeResults(b)).toEqual(normalizeResults(a))

    expectSameArtifacts(unsharded, merged, a.runId, b.runId)

    // every artifact, written again from each results.json as read back
    const all = { csv: true, markdown: true, rawResponses: true }
    const again = [path.join(project.dir, 'again-unsharded'), path.join(project.dir, 'again-merged')] as const
    writeArtifacts(again[0], readRunResults(path.join(unsharded, 'results.json')), all)
    writeArtifacts(again[1], readRunResults(path.join(merged, 'results.json')), all)
    expect(filesUnder(again[0])).toEqual(expect.arrayContaining(['csv/cases.csv', 'csv/providers.csv', 'summary.md', 'responses/alpha/a1.srv-a.txt']))
    expectSameArtifacts(again[0], again[1], a.runId, b.runId)
  }, 180_000)
})

/** The same files in both folders, equal once normalized (test/helpers/artifact-equality.ts). */
function expectSameArtifacts(left: string, right: string, leftRunId: string, rightRunId: string): void {
  const a = normalizedArtifacts(left, leftRunId)
  const b = normalizedArtifacts(right, rightRunId)
  expect([...b.keys()]).toEqual([...a.keys()])
  for (const [file, content] of a) expect(b.get(file), file).toEqual(content)
}

/** Runs Vitest and returns the one run folder it created. */
async function newRunDir(project: TestProject, args: string[], options: { env: Record<string, string> }): Promise<string> {
  const before = new Set(listRunDirs(project.dir))
  const run: VitestRun = await project.run(args, options)
  expect(run.code, describeRun(run)).toBe(1)
  const created = listRunDirs(project.dir).filter((d) => !before.has(d))
  expect(created, describeRun(run)).toHaveLength(1)
  return created[0] as string
}

function listRunDirs(dir: string): string[] {
  const base = path.join(dir, 'bench-results')
  try {
    return readdirSync(base).map((name) => path.join(base, name))
  } catch {
    return []
  }
}

interface Results {
  runId: string
  cases: CaseRecord[]
  summary: { failed: number; wallMs: number | null; outputTokensPerSecond: number | null; requestsPerSecond: number | null }
}

function readJson(dir: string): Results {
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results
}

function caseList(results: Results): string[] {
  return results.cases.map((r) => `${r.dataset} › ${r.caseId} › ${r.provider}: ${r.status}`)
}
