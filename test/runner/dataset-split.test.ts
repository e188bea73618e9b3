import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { parse } from 'yaml'
import path from 'node:path'
import { ClientHealthReportSchema } from '../../src/metrics/client-health/schema.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import type { RunResults } from '../../src/report/run-results.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A dataset split over workers (the `split` option), end to end: a child Vitest with two workers
 * against the test server. 40 cases in one file run as two test modules
 * (`a.dataset.yaml?llm-part=1-of-2`, `...2-of-2`) in two worker processes (client health names
 * each worker's pid), and the run's results.json says what an unsplit run's does.
 */

const CASES = 40
const ids = Array.from({ length: CASES }, (_, i) => `c${i}`)
let server: TestServer

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three', tokenDelayMs: 5 })
})

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

/** Cases of two categories (tags), every fourth one failing its assertion. */
function dataset(name: string): string {
  const cases = ids.map((id, i) => `  - id: ${id}\n    category: ${i % 2 === 0 ? 'even' : 'odd'}\n    prompt: "Story ${id}"\n    assert:\n      - toMatchRegex: { pattern: '${i % 4 === 3 ? 'four' : 'two'}' }`)
  return `name: ${name}\ntest_cases:\n${cases.join('\n')}\n`
}

async function project(split: string, files: Record<string, string> = { 'datasets/a.dataset.yaml': dataset('a') }) {
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 8 }
  return createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], sampling: { enabled: false }, report: { html: false }, split: ${split} }`, 'maxWorkers: 2'),
    files,
  })
}

/** The run folder `run` added (each run of a project adds one), remembered in `seen`. */
function newRunDir(run: VitestRun, seen: Set<string>): string {
  const dir = run.runDirs().find((d) => !seen.has(d))
  if (!dir) throw new Error(`no new run folder\n${describeRun(run)}`)
  seen.add(dir)
  return dir
}

/** results.json of a run folder without what differs between two runs of the same cases (times, ids, paths of the run). */
function comparable(runDir: string): unknown {
  const times = ['e2eMs', 'ttftMs', 'tpotMs', 'itlMs', 'queueMs', 'wallMs', 'outputTokensPerSecond', 'requestsPerSecond', 'e2eMsInterval', 'ttftMsInterval', 'provenance']
  const drop = new Set(['runId', 'startedAt', 'endedAt', 'timings', 'serverTimings', 'clientHealth', 'system', ...times])
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip)
    if (typeof value !== 'object' || value === null) return value
    return Object.fromEntries(Object.entries(value).filter(([key]) => !drop.has(key)).map(([key, v]) => [key, strip(v)]))
  }
  return strip(JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')))
}

describe('split: a dataset over several workers', () => {
  test('split: 2 runs the file as two modules in two worker processes; results.json as an unsplit run', async () => {
    const p = await project('2')
    const run = await p.run(['run', '--project', 'llm'], { timeoutMs: 120_000 })
    expect(run.code, describeRun(run)).toBe(1)
    expect(run.stdout).toContain('a.dataset.yaml?llm-part=1-of-2')
    expect(run.stdout).toContain('a.dataset.yaml?llm-part=2-of-2')
    const results = run.results()
    expect(results.summary).toMatchObject({ cases: CASES, passed: 30, failed: 10 })
    const health = ClientHealthReportSchema.parse(results.clientHealth)
    expect(new Set(health.workers.map((w) => w.pid)).size).toBe(2)
    const records = run.jsonl()
    expect(records).toHaveLength(CASES)
    expect(new Set(records.map((r) => r.caseId)).size).toBe(CASES)
    expect(new Set(records.map((r) => r.datasetFile))).toEqual(new Set([path.join(p.dir, 'datasets', 'a.dataset.yaml')]))

    const splitDir = run.runDir()

    await p.write('vitest.config.ts', readFileSync(path.join(p.dir, 'vitest.config.ts'), 'utf8').replace('split: 2', 'split: false'))
    const whole = await p.run(['run', '--project', 'llm'], { timeoutMs: 120_000 })
    expect(whole.code, describeRun(whole)).toBe(1)
    expect(whole.stdout).not.toContain('llm-part')
    const wholeDir = whole.runDirs().find((dir) => dir !== splitDir)!
    expect(comparable(splitDir)).toEqual(comparable(wholeDir))
  }, 240_000)

  test('name, tag and line filters; a bad dataset is reported once', async () => {
    const bad = 'name: b\ntest_cases:\n  - id: b1\n    prompt: "x"\n    assert:\n      - noSuchMatcher: {}\n'
    const p = await project('2', { 'datasets/a.dataset.yaml': dataset('a'), 'datasets/b.dataset.yaml': bad })
    const seen = new Set<string>()
    const latest = (run: VitestRun): RunResults => JSON.parse(readFileSync(path.join(newRunDir(run, seen), 'results.json'), 'utf8')) as RunResults
    const ran = (results: RunResults): string[] =>
      results.cases
        .filter((c) => c.status !== 'skipped')
        .map((c) => c.caseId)
        .sort()

    // a test name filter reaches both parts (c5 is in part 1, c25 in part 2)
    const named = await p.run(['run', '--project', 'llm', '-t', 'c(5|25) ›'], { timeoutMs: 120_000 })
    const namedResults = latest(named)
    expect(ran(namedResults), describeRun(named)).toEqual(['c25', 'c5'])
    expect(named.stdout).toContain('a.dataset.yaml?llm-part=2-of-2')
    // the bad file: its first part fails with the loader's message, the second registers nothing
    const output = named.stdout + named.stderr
    expect(output.match(/DatasetError: Invalid dataset datasets\/b\.dataset\.yaml/g), describeRun(named)).toHaveLength(1)
    expect(output.match(/unknown matcher "noSuchMatcher"/g)).toHaveLength(2) // Vitest's error and the run summary's "dataset not run"
    expect(named.code).toBe(1)
    expect(namedResults.datasetFailures.map((f) => f.file)).toEqual([path.join(p.dir, 'datasets', 'b.dataset.yaml')])

    // category tags: the odd cases of both parts
    const tagged = await p.run(['run', '--project', 'llm', '--tags-filter', 'odd', 'datasets/a.dataset.yaml'], { timeoutMs: 120_000 })
    expect(ran(latest(tagged)), describeRun(tagged)).toEqual(ids.filter((_, i) => i % 2 === 1).sort())

    // a file:line filter runs the file whole (a part without that line would say "No test found")
    const line = 3 + 5 * 26
    const byLine = await p.run(['run', '--project', 'llm', '--includeTaskLocation', `datasets/a.dataset.yaml:${line}`], { timeoutMs: 120_000 })
    expect(ran(latest(byLine)), describeRun(byLine)).toEqual(['c26'])
    expect(byLine.code).toBe(0)
    expect(byLine.stdout).not.toContain('llm-part')
  }, 300_000)

  test('recordings: parts record into one file without losing entries, and replay from it', async () => {
    const p = await project('2')
    const recorded = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'record' }, timeoutMs: 120_000 })
    expect(recorded.code, describeRun(recorded)).toBe(1)
    const recording = parse(readFileSync(path.join(p.dir, 'datasets', '__recordings__', 'a.dataset.yaml.recording.yaml'), 'utf8')) as { entries: { caseId: string }[] }
    expect(new Set(recording.entries.map((e) => e.caseId))).toEqual(new Set(ids))
    expect(recording.entries).toHaveLength(CASES)

    const seen = new Set(recorded.runDirs())
    server.reset()
    const replayed = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'replay' }, timeoutMs: 120_000 })
    expect(replayed.stdout).toContain('a.dataset.yaml?llm-part=2-of-2')
    expect(server.stats().requests).toBe(0)
    const jsonl = readFileSync(path.join(newRunDir(replayed, seen), 'results.jsonl'), 'utf8')
    const records = jsonl.trim().split('\n').map((line) => JSON.parse(line) as CaseRecord)
    expect(records).toHaveLength(CASES)
    expect(records.every((r) => r.cached)).toBe(true)
    expect(records.filter((r) => r.status === 'passed')).toHaveLength(30)
  }, 240_000)

  test('resume: the parts of a split file skip the cases the interrupted run finished', async () => {
    const p = await project('2')
    const first = await p.run(['run', '--project', 'llm'], { timeoutMs: 120_000 })
    expect(first.code, describeRun(first)).toBe(1)
    const dir = first.runDir()
    // an interrupted run: 25 of its 40 records on disk, no results.json
    const lines = readFileSync(path.join(dir, 'results.jsonl'), 'utf8').trim().split('\n')
    writeFileSync(path.join(dir, 'results.jsonl'), `${lines.slice(0, 25).join('\n')}\n`)
    rmSync(path.join(dir, 'results.json'))
    server.reset()
    const resumed = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_RESUME: 'latest' }, timeoutMs: 120_000 })
    expect(resumed.stdout, describeRun(resumed)).toContain('a.dataset.yaml?llm-part=2-of-2')
    expect(server.stats().requests).toBe(15)
    const results = resumed.results()
    expect(results.summary).toMatchObject({ cases: CASES, passed: 30, failed: 10 })
    expect(results.cases.filter((c) => c.resumed)).toHaveLength(25)
  }, 240_000)
})
