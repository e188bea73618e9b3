import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { parseRunId } from '../../src/runner/resume/run-folders.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, createProject } from '../helpers/run-vitest.ts'
import { describeChild, runChild, VITEST } from './child.ts'
import { caseName, datasetFiles, mixedDataset, onlyRunDir, readJsonl, readResults, RESUME_REQUESTS, runDirs, serverConfig, statuses, type Servers } from './project.ts'

/**
 * Resume's other paths, on real Vitest child runs: nothing to resume, a
 * dataset edited between the runs, cancelled cases, a run id that does not
 * exist. Datasets: 2 × 4 cases (c3 fails its matcher; no timeouts here).
 */

let server: TestServer
let slow: TestServer
let servers: Servers

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three four five', tokenDelayMs: 5 })
  slow = await startOpenAITestServer({ answer: 'late', tokenDelayMs: 10_000 })
  servers = { srv: server.baseURL, slow: slow.baseURL }
})

beforeEach(() => {
  server.reset()
  slow.reset()
})

afterAll(async ({}, suite) => {
  await server?.close()
  await slow?.close()
  await cleanupAll(suite)
})

const CASES = 4

async function finishedProject(): Promise<{ dir: string; runDir: string; write(file: string, text: string): Promise<void> }> {
  const project = await createProject({ config: serverConfig(servers, 4), files: datasetFiles(2, CASES) })
  const first = await runChild(project.dir, [VITEST, 'run'])
  expect(first.code, describeChild(first)).toBe(1)
  expect(server.stats().requests).toBe(2 * CASES)
  server.reset()
  return { dir: project.dir, runDir: onlyRunDir(project.dir), write: project.write }
}

describe('resume with nothing to resume', () => {
  test('no run yet: a new run', async () => {
    const project = await createProject({ config: serverConfig(servers, 4), files: datasetFiles(2, CASES) })
    const run = await runChild(project.dir, [VITEST, 'run'], { LLM_BENCH_RESUME: 'latest' })
    expect(run.code, describeChild(run)).toBe(1)
    expect(run.stdout).toContain('no unfinished run of project llm')
    expect(server.stats().requests).toBe(2 * CASES)
    const results = readResults(onlyRunDir(project.dir))
    expect(results.cases).toHaveLength(2 * CASES)
    expect(results.cases.some((r) => r.resumed)).toBe(false)
  }, 60_000)

  test('the latest run finished (`resume: true` in the config): a second, new run', async () => {
    const { dir, runDir, write } = await finishedProject()
    await write('vitest.config.ts', serverConfig(servers, 4, ', resume: true'))
    const run = await runChild(dir, [VITEST, 'run'])
    expect(run.code, describeChild(run)).toBe(1)
    expect(server.stats().requests).toBe(2 * CASES)
    const dirs = runDirs(dir)
    expect(dirs).toHaveLength(2)
    expect(dirs).toContain(runDir)
    // the new run's id does not depend on `resume` (same options, same datasets: same hash)
    const newRun = dirs.find((d) => d !== runDir) as string
    expect(parseRunId(path.basename(newRun))?.hash).toBe(parseRunId(path.basename(runDir))?.hash)
  }, 60_000)
})

describe('a dataset changed between the runs', () => {
  test('resuming a run by id re-runs only the cases whose request changed', async () => {
    const { dir, runDir, write } = await finishedProject()
    const before = readResults(runDir)
    // new prompts for d0/c1 and d1/c3: their request hashes change
    await write('datasets/d0.dataset.yaml', mixedDataset('d0', CASES, { c1: 'A new prompt for c1' }))
    await write('datasets/d1.dataset.yaml', mixedDataset('d1', CASES, { c3: 'A new prompt for c3' }))
    const run = await runChild(dir, [VITEST, 'run'], { LLM_BENCH_RESUME: path.basename(runDir) })
    expect(run.code, describeChild(run)).toBe(1)
    expect(server.stats().requests, RESUME_REQUESTS).toBe(2)

    expect(runDirs(dir)).toEqual([runDir])
    const results = readResults(runDir)
    expect(results.cases).toHaveLength(2 * CASES)
    expect(statuses(results.cases)).toEqual(statuses(before.cases))
    const rerun = results.cases.filter((r) => !r.resumed)
    expect(rerun.map(caseName).sort()).toEqual(['d0/c1 › srv', 'd1/c3 › srv'])
    for (const r of rerun) {
      const old = before.cases.find((b) => caseName(b) === caseName(r)) as CaseRecord
      expect(r.requestHash).not.toBe(old.requestHash)
      expect(r.prompt).toMatch(/^A new prompt/)
    }
    // results.jsonl: the newer record replaced the older one of each changed case
    const jsonl = readJsonl(runDir)
    expect(jsonl).toHaveLength(2 * CASES)
    expect(new Set(jsonl.map(caseName)).size).toBe(2 * CASES)
    expect(jsonl.filter((r) => r.prompt.startsWith('A new prompt')).map(caseName).sort()).toEqual(['d0/c1 › srv', 'd1/c3 › srv'])
  }, 60_000)
})

describe('cancelled cases', () => {
  test('an interrupted run (results.json says so) is resumed; its aborted cases run again, once in results.jsonl', async () => {
    const { dir, runDir } = await finishedProject()
    // what Ctrl-C in watch mode leaves: aborted cases, and results.json with reason "interrupted"
    const jsonlFile = path.join(runDir, 'results.jsonl')
    const aborted = new Set(['d0/c0 › srv', 'd1/c2 › srv'])
    const lines = readJsonl(runDir).map((r) =>
      aborted.has(caseName(r)) ? { ...r, status: 'error', error: { class: 'aborted', message: 'The operation was aborted' }, output: null, evaluations: [] } : r,
    )
    writeFileSync(jsonlFile, lines.map((r) => `${JSON.stringify(r)}\n`).join(''))
    const resultsFile = path.join(runDir, 'results.json')
    writeFileSync(resultsFile, JSON.stringify({ ...JSON.parse(readFileSync(resultsFile, 'utf8')), reason: 'interrupted' }))

    const run = await runChild(dir, [VITEST, 'run'], { LLM_BENCH_RESUME: '1' })
    expect(run.code, describeChild(run)).toBe(1)
    expect(run.stdout).toContain(`resuming run ${path.basename(runDir)}: ${2 * CASES - 2} finished cases`)
    expect(server.stats().requests, RESUME_REQUESTS).toBe(2)
    const results = readResults(runDir)
    expect(results.reason).toBe('failed')
    expect(results.cases.filter((r) => !r.resumed).map(caseName).sort()).toEqual([...aborted].sort())
    expect(results.cases.every((r) => r.status !== 'error')).toBe(true)
    const jsonl = readJsonl(runDir)
    expect(jsonl).toHaveLength(2 * CASES)
    expect(jsonl.some((r) => r.error?.class === 'aborted')).toBe(false)
  }, 60_000)
})

describe('corrupt lines in results.jsonl', () => {
  test('are said with their line numbers and why; their cases run again; the finished file has none', async () => {
    const { dir, runDir } = await finishedProject()
    const jsonlFile = path.join(runDir, 'results.jsonl')
    const lines = readFileSync(jsonlFile, 'utf8').split('\n')
    lines[2] = 'garbage from a full disk'
    lines[4] = JSON.stringify({ ...JSON.parse(lines[4] ?? '{}'), status: 'exploded' })
    writeFileSync(jsonlFile, lines.join('\n'))
    rmSync(path.join(runDir, 'results.json'))

    const run = await runChild(dir, [VITEST, 'run'], { LLM_BENCH_RESUME: 'latest' })
    expect(run.code, describeChild(run)).toBe(1)
    expect(run.stdout).toContain(`resuming run ${path.basename(runDir)}: ${2 * CASES - 2} finished cases will not run again`)
    expect(run.stdout).toContain('results.jsonl: 2 corrupt lines dropped (not case records, so not reused):')
    expect(run.stdout).toMatch(/line 3: not JSON \(/)
    expect(run.stdout).toMatch(/line 5: not a case record \(status: /)
    expect(server.stats().requests, RESUME_REQUESTS).toBe(2)
    const jsonl = readJsonl(runDir)
    expect(jsonl).toHaveLength(2 * CASES)
    expect(readFileSync(jsonlFile, 'utf8')).not.toContain('garbage')
  }, 60_000)
})

describe('a run id to resume', () => {
  test('that has no folder: Vitest does not start, and says which runs there are', async () => {
    const { dir, runDir } = await finishedProject()
    const missing = 'llm-20200101-000000-00000000'
    const run = await runChild(dir, [VITEST, 'run'], { LLM_BENCH_RESUME: missing })
    expect(run.code, describeChild(run)).not.toBe(0)
    expect(run.stdout + run.stderr).toContain(`cannot resume run ${missing}`)
    expect(run.stdout + run.stderr).toContain(path.basename(runDir))
    expect(server.stats().requests).toBe(0)
  }, 60_000)

  test('that is not a run id at all: an error', async () => {
    const project = await createProject({ config: serverConfig(servers, 4), files: datasetFiles(1, 1) })
    const run = await runChild(project.dir, [VITEST, 'run'], { LLM_BENCH_RESUME: 'yesterday' })
    expect(run.code, describeChild(run)).not.toBe(0)
    expect(run.stdout + run.stderr).toContain('cannot resume "yesterday": not a run id')
  }, 60_000)

  test('with the results.json deleted, the run resumes as `latest` too', async () => {
    const { dir, runDir } = await finishedProject()
    rmSync(path.join(runDir, 'results.json'))
    const run = await runChild(dir, [VITEST, 'run'], { LLM_BENCH_RESUME: 'latest' })
    expect(run.code, describeChild(run)).toBe(1)
    expect(server.stats().requests, RESUME_REQUESTS).toBe(0)
    const results = readResults(runDir)
    expect(results.cases).toHaveLength(2 * CASES)
    expect(results.cases.every((r) => r.resumed)).toBe(true)
    expect(results.summary).toMatchObject({ cases: 2 * CASES, passed: 2 * CASES - 2, failed: 2 })
  }, 60_000)
})
