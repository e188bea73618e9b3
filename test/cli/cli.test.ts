import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { RunSummary } from '../../src/cli/runs.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, createProject, REPO } from '../helpers/run-vitest.ts'
import { CLI, completeLines, describeChild, runChild, startChild, waitFor, type ChildResult } from '../resume/child.ts'
import { datasetFiles, mixedDataset, onlyRunDir, readJsonl, readResults, RESUME_REQUESTS, runDirs, serverConfig, type Servers } from '../resume/project.ts'

/**
 * The `llm-test-bench` command, run for real (`node src/cli.ts`: Node 24
 * strips the types; the package's `bin` is the same file built to
 * dist/cli.js) in throwaway projects on an OpenAI-compatible test server.
 */

let server: TestServer
let slow: TestServer
let servers: Servers

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three four five', tokenDelayMs: 5 })
  slow = await startOpenAITestServer({ answer: 'late', tokenDelayMs: 10_000 })
  servers = { srv: server.baseURL, slow: slow.baseURL }
})

beforeEach(() => server.reset())

afterAll(async ({}, suite) => {
  await server?.close()
  await slow?.close()
  await cleanupAll(suite)
})

/** A config that also writes what the CLI handed Vitest (resume and cache variables, the command line) to seen.json. */
function recordingConfig(extra = ''): string {
  const record = [
    `import { writeFileSync } from 'node:fs'`,
    `writeFileSync('seen.json', JSON.stringify({ resume: process.env.LLM_BENCH_RESUME ?? null, cache: process.env.LLM_BENCH_CACHE ?? null, argv: process.argv.slice(2) }))`,
  ].join('\n')
  return `${record}\n${serverConfig(servers, 4, extra)}`
}

function seen(dir: string): { resume: string | null; cache: string | null; argv: string[] } {
  return JSON.parse(readFileSync(path.join(dir, 'seen.json'), 'utf8')) as { resume: string | null; cache: string | null; argv: string[] }
}

const cli = (dir: string, ...args: string[]): Promise<ChildResult> => runChild(dir, [CLI, ...args])

function runsJson(result: ChildResult): RunSummary[] {
  expect(result.code, describeChild(result)).toBe(0)
  return JSON.parse(result.stdout) as RunSummary[]
}

describe('help and usage errors', () => {
  test('--help for the tool and each command; an unknown command or a flag without its value is exit 2', async () => {
    const dir = REPO
    const main = await cli(dir, '--help')
    expect(main.code).toBe(0)
    expect(main.stdout).toMatch(/^Usage: llm-test-bench <command>/)
    for (const command of ['run', 'watch', 'bench', 'runs']) {
      const help = await cli(dir, command, '--help')
      expect(help.code, describeChild(help)).toBe(0)
      expect(help.stdout).toContain(`Usage: llm-test-bench ${command} [--project llm]`)
    }
    expect((await cli(dir, 'run', '-h')).stdout).toContain('--resume [run-id]')
    const unknown = await cli(dir, 'frob')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "frob"')
    const noValue = await cli(dir, 'run', '--cache')
    expect(noValue.code).toBe(2)
    expect(noValue.stderr).toContain('--cache needs a value')
    const badRuns = await cli(dir, 'runs', '--frob')
    expect(badRuns.code).toBe(2)
  }, 60_000)
})

describe('llm-test-bench run', () => {
  test('exits with Vitest’s code: 1 when a case fails, 0 when all pass; Vitest args go through', async () => {
    const project = await createProject({ config: recordingConfig(), files: datasetFiles(2, 4) })
    const failing = await cli(project.dir, 'run')
    expect(failing.code, describeChild(failing)).toBe(1)
    expect(server.stats().requests).toBe(8)
    expect(seen(project.dir)).toEqual({ resume: null, cache: null, argv: ['run', '--project', 'llm'] })

    server.reset()
    const passing = await cli(project.dir, 'run', '-t', 'c1', '--maxWorkers=1', '--cache', 'off')
    expect(passing.code, describeChild(passing)).toBe(0)
    expect(server.stats().requests).toBe(2)
    expect(seen(project.dir)).toEqual({ resume: null, cache: 'off', argv: ['run', '--project', 'llm', '-t', 'c1', '--maxWorkers=1'] })
  }, 60_000)

  test('a project name that matches no project: Vitest’s error, exit 1', async () => {
    const project = await createProject({ config: recordingConfig(), files: datasetFiles(1, 1) })
    const result = await cli(project.dir, 'run', '--project', 'nope')
    expect(result.code, describeChild(result)).toBe(1)
    expect(result.stdout + result.stderr).toContain('The filter matched no projects: nope')
  }, 60_000)
})

describe('llm-test-bench run --resume, and runs', () => {
  test('an unfinished run is listed as resumable, then resumed: only its missing cases run', async () => {
    const project = await createProject({ config: recordingConfig(), files: datasetFiles(2, 4) })
    expect(runsJson(await cli(project.dir, 'runs', '--json'))).toEqual([])
    expect((await cli(project.dir, 'runs')).stdout).toBe('no runs of llm in bench-results\n')

    const first = await cli(project.dir, 'run')
    expect(first.code, describeChild(first)).toBe(1)
    const runDir = onlyRunDir(project.dir)
    const id = path.basename(runDir)
    expect(runsJson(await cli(project.dir, 'runs', '--json'))).toEqual([
      { id, name: 'llm', startedAt: expect.any(String), cases: 8, finished: true, reason: 'failed', dir: runDir },
    ])

    // as if it had been killed after 5 cases
    const jsonlFile = path.join(runDir, 'results.jsonl')
    writeFileSync(jsonlFile, completeLines(jsonlFile).slice(0, 5).map((l) => `${l}\n`).join(''))
    rmSync(path.join(runDir, 'results.json'))
    const listed = await cli(project.dir, 'runs')
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(new RegExp(`^id +started \\(UTC\\) +cases +status\\n${id} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +5 +unfinished \\(resumable\\)\\n`))
    expect(listed.stdout).toContain('Continue the latest unfinished run: llm-test-bench run --resume\n')

    server.reset()
    const resumed = await cli(project.dir, 'run', '--resume')
    expect(resumed.code, describeChild(resumed)).toBe(1)
    expect(seen(project.dir).resume).toBe('latest')
    expect(server.stats().requests, RESUME_REQUESTS).toBe(3)
    expect(runDirs(project.dir)).toEqual([runDir])
    expect(readResults(runDir).cases).toHaveLength(8)
    expect(readJsonl(runDir)).toHaveLength(8)
    expect(runsJson(await cli(project.dir, 'runs', '--json'))).toMatchObject([{ id, cases: 8, finished: true, reason: 'failed' }])

    // by id (finished or not): nothing left to run
    server.reset()
    const again = await cli(project.dir, 'run', '--resume', id)
    expect(again.code, describeChild(again)).toBe(1)
    expect(seen(project.dir).resume).toBe(id)
    expect(server.stats().requests).toBe(0)
    expect(readResults(runDir).cases.every((r) => r.resumed)).toBe(true)
  }, 90_000)

  test('runs --all lists every project’s runs; --output-dir reads another folder', async () => {
    const project = await createProject({ config: recordingConfig(", outputDir: 'out'"), files: datasetFiles(1, 2) })
    const run = await cli(project.dir, 'run')
    expect(run.code, describeChild(run)).toBe(0)
    expect(runsJson(await cli(project.dir, 'runs', '--json'))).toEqual([])
    const inOut = runsJson(await cli(project.dir, 'runs', '--json', '--output-dir', 'out'))
    expect(inOut).toMatchObject([{ name: 'llm', cases: 2, finished: true, reason: 'passed' }])
    expect(runsJson(await cli(project.dir, 'runs', '--json', '--output-dir', 'out', '--project', 'other'))).toEqual([])
    expect(runsJson(await cli(project.dir, 'runs', '--json', '--output-dir', 'out', '--all'))).toHaveLength(1)
  }, 60_000)
})

describe('llm-test-bench bench and watch', () => {
  test('bench --run: the project itself serves the bench run under its plain name', async () => {
    const project = await createProject({ config: recordingConfig(', bench: { iterations: 2, warmup: 0 }'), files: datasetFiles(1, 3) })
    const result = await cli(project.dir, 'bench', '--run')
    expect(result.code, describeChild(result)).toBe(0)
    expect(server.stats().requests).toBe(6)
    const dirs = runDirs(project.dir)
    expect(dirs).toHaveLength(1)
    expect(path.basename(dirs[0] as string)).toMatch(/^llm-bench-/)
    expect(readResults(dirs[0] as string).cases.map((r) => r.sample)).toEqual([0, 1, 0, 1, 0, 1])
  }, 60_000)

  test('watch --resume: the first run continues the unfinished run; a re-run after an edit is a new run that calls the provider', async () => {
    const project = await createProject({ config: recordingConfig(), files: datasetFiles(1, 2) })
    const first = await cli(project.dir, 'run')
    expect(first.code, describeChild(first)).toBe(0)
    const runDir = onlyRunDir(project.dir)
    rmSync(path.join(runDir, 'results.json'))
    server.reset()

    // no response cache (watch mode's default is read-write): the re-run must reach the server
    const watcher = startChild(project.dir, [CLI, 'watch', '--resume', '--cache', 'off'])
    try {
      const finished = (): string[] => runDirs(project.dir).filter((d) => existsSync(path.join(d, 'results.json')))
      await waitFor(() => finished().length === 1, 60_000, `the resumed run\n${watcher.output()}`)
      expect(seen(project.dir)).toEqual({ resume: 'latest', cache: 'off', argv: ['watch', '--project', 'llm'] })
      expect(finished()).toEqual([runDir])
      expect(server.stats().requests, RESUME_REQUESTS).toBe(0)
      expect(readResults(runDir).cases.every((r) => r.resumed)).toBe(true)

      await project.write('datasets/d0.dataset.yaml', mixedDataset('d0', 2, { c0: 'An edited prompt' }))
      await waitFor(() => finished().length === 2, 60_000, `the re-run\n${watcher.output()}`)
      const rerun = finished().find((d) => d !== runDir) as string
      expect(server.stats().requests).toBe(2)
      expect(readResults(rerun).cases.map((r) => [r.caseId, r.resumed ?? false])).toEqual([
        ['c0', false],
        ['c1', false],
      ])
    } finally {
      watcher.killGroup()
    }
    expect((await watcher.done).signal).toBe('SIGKILL')
  }, 120_000)
})
