import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunResults } from '../../src/report/run-results.ts'
import { cleanupAll, configSource, createProject, describeRun, REPO, yamlDataset, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'
import { startTestServer } from '../server/test-server.ts'
import type { TestServer } from '../server/types.ts'

/**
 * The reporter end to end, through real `vitest run`s of a throwaway project
 * against the protocol-faithful test server: GPU samples from a stand-in
 * `nvidia-smi` (real-format CSV for two H100s) and with none, the periodic
 * progress lines of a non-TTY run, every artifact, a shard merge that carries
 * the samples in its blobs, and the regression gates with their exit code,
 * terminal report, summary.md and $GITHUB_STEP_SUMMARY.
 */

const STAND_IN = path.join(REPO, 'test/fixtures/nvidia-smi/two-gpus/nvidia-smi')
const NODE = path.join(REPO, 'node_modules/.bin/node')
const CLI = path.join(REPO, 'src/cli.ts')
const IDS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']

let server: TestServer
/** Case ids whose answer is poor (fails the assertion) from now on. */
const poor = new Set<string>()
let project: TestProject
let summaryDir: string

beforeAll(async () => {
  server = await startTestServer({
    tokenDelayMs: 60,
    answer: (request) => {
      const body = JSON.stringify(request.body)
      return [...poor].some((id) => body.includes(`Story ${id}:`)) ? 'a poor answer' : 'a fine answer indeed'
    },
  })
  const provider = { type: 'openai', model: 'm', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', id: 'srv', concurrency: 2 }
  project = await createProject({
    config: configSource(
      `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], ` +
        `sampling: { intervalMs: 100, nvidiaSmi: process.env.NVIDIA_SMI ?? 'nvidia-smi' }, progress: { intervalMs: 200 }, ` +
        `gates: { noNewFailures: true, minPassRate: 0.6 } }`,
    ),
    files: { 'datasets/p.dataset.yaml': yamlDataset('p', IDS, `assert:\n  - toMatchRegex: { pattern: 'fine' }\n`) },
  })
  summaryDir = await mkdtemp(path.join(tmpdir(), 'llm-bench-step-summary-'))
}, 60_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await rm(summaryDir, { recursive: true, force: true })
  await cleanupAll(suite)
})

/** The run folder a run printed (`results: <dir>`). */
function runDirOf(run: VitestRun): string {
  const dir = /^results: (\S+)/m.exec(run.stdout)?.[1]
  expect(dir, describeRun(run)).toBeDefined()
  return dir as string
}

function resultsOf(dir: string): RunResults {
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResults
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

describe('a run with a stand-in nvidia-smi', () => {
  let run: VitestRun
  let dir: string
  beforeAll(async () => {
    run = await project.run(['run'], { env: { NVIDIA_SMI: STAND_IN }, timeoutMs: 90_000 })
    dir = runDirOf(run)
  }, 120_000)

  test('GPU samples per GPU, tied to the provider, in results.json, the terminal and summary.md', () => {
    expect(run.code, describeRun(run)).toBe(0)
    const { system } = resultsOf(dir)
    expect(system?.gpuUnavailable).toBeNull()
    expect(system?.gpus.map((g) => g.index)).toEqual([0, 1])
    expect(system?.gpus[0]?.name).toMatch(/H100/)
    expect(system?.samples.gpu.length).toBeGreaterThan(4)
    expect(system?.samples.host.length).toBeGreaterThan(2)
    expect(system?.gpu.utilizationPct.peak).not.toBeNull()
    expect(system?.byProvider['srv']?.gpu.utilizationPct.samples).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/^GPU \(2 × NVIDIA H100[^)]*\): utilization avg \d+%, peak \d+%; memory avg \d+ MiB, peak \d+ MiB$/m)
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toMatch(/GPU/)
  })

  test('every artifact is written; progress lines in the log; no baseline yet: the gate that needs one is skipped, the run passes', () => {
    for (const file of ['results.json', 'results.jsonl', 'summary.md', 'report.html', 'csv/summary.csv', 'csv/providers.csv', 'csv/datasets.csv', 'csv/categories.csv', 'csv/cases.csv']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true)
    }
    expect(run.stdout).toMatch(/^llm-test-bench \[llm\] \d+\/6 cases/m)
    expect(run.stdout).toContain('no baseline at llm-baseline.json')
    const { gates } = resultsOf(dir)
    expect(gates?.gates.find((g) => g.gate === 'noNewFailures')?.skipped).toBeTruthy()
    expect(gates?.gates.find((g) => g.gate === 'minPassRate')).toMatchObject({ passed: true, actual: 1 })
  })

  test('the baseline is written from this run by the CLI', async () => {
    const updated = await cli(['baseline', 'update'])
    expect(updated.code, updated.stdout + updated.stderr).toBe(0)
    expect(existsSync(path.join(project.dir, 'llm-baseline.json'))).toBe(true)
  })
})

describe('gates against the baseline', () => {
  test('two cases now fail: exit 1, the gate and the cases named in the terminal, summary.md and $GITHUB_STEP_SUMMARY', async () => {
    poor.add('c2').add('c5')
    const stepSummary = path.join(summaryDir, 'step-summary.md')
    writeFileSync(stepSummary, '# earlier step\n')
    let run: VitestRun
    try {
      // the assertion fails too: Vitest's own exit code is 1 already; the gate report must say why in its own words
      run = await project.run(['run'], { env: { NVIDIA_SMI: STAND_IN, GITHUB_STEP_SUMMARY: stepSummary }, timeoutMs: 90_000 })
    } finally {
      poor.clear()
    }
    expect(run.code, describeRun(run)).toBe(1)
    const dir = runDirOf(run)
    expect(run.stdout).toMatch(/noNewFailures/)
    expect(run.stdout).toMatch(/p › c2 › srv/)
    expect(run.stdout).toMatch(/p › c5 › srv/)
    const markdown = readFileSync(path.join(dir, 'summary.md'), 'utf8')
    expect(markdown).toMatch(/noNewFailures/)
    expect(markdown).toMatch(/c2/)
    const step = readFileSync(stepSummary, 'utf8')
    expect(step.startsWith('# earlier step\n')).toBe(true)
    expect(step).toContain(markdown.trim().split('\n')[0] as string)
    expect(step).toMatch(/c5/)
    const { gates } = resultsOf(dir)
    expect(gates?.passed).toBe(false)
    expect(gates?.baseline?.newlyFailing.map((c) => c.caseId)).toEqual(['c2', 'c5'])
  }, 120_000)

  test('every test passes but p95 latency rose past its gate: the gate alone makes the exit code 1', async () => {
    const slow = await startTestServer({ tokenDelayMs: 250, answer: 'a fine answer indeed' })
    const config = readFileSync(path.join(project.dir, 'vitest.config.ts'), 'utf8')
    try {
      await project.write(
        'vitest.config.ts',
        config.replace(server.openaiURL, slow.openaiURL).replace('gates: { noNewFailures: true, minPassRate: 0.6 }', 'gates: { maxP95LatencyIncrease: 0.5 }'),
      )
      const run = await project.run(['run', '--sequence.shuffle=false'], { env: { NVIDIA_SMI: STAND_IN }, timeoutMs: 90_000 })
      expect(run.stdout, describeRun(run)).toMatch(/Tests\s+6 passed/)
      expect(run.code, describeRun(run)).toBe(1)
      expect(run.stdout).toMatch(/maxP95LatencyIncrease/)
      const gate = resultsOf(runDirOf(run)).gates?.gates.find((g) => g.gate === 'maxP95LatencyIncrease')
      expect(gate).toMatchObject({ provider: 'srv', passed: false, limit: 0.5 })
      expect(gate?.actual).toBeGreaterThan(1)
    } finally {
      await project.write('vitest.config.ts', config)
      await slow.close()
    }
  }, 120_000)

  test('the same run with the baseline gates met exits 0', async () => {
    const run = await project.run(['run'], { env: { NVIDIA_SMI: STAND_IN }, timeoutMs: 90_000 })
    expect(run.code, describeRun(run)).toBe(0)
    expect(resultsOf(runDirOf(run)).gates).toMatchObject({ passed: true, baseline: { newlyFailing: [] } })
  }, 120_000)
})

describe('sampling unavailable and shards', () => {
  test('no nvidia-smi: one clear line, nothing else changes', async () => {
    const run = await project.run(['run'], { env: { NVIDIA_SMI: '/nonexistent/bin/nvidia-smi' }, timeoutMs: 90_000 })
    expect(run.code, describeRun(run)).toBe(0)
    const dir = runDirOf(run)
    expect(run.stdout).toMatch(/^GPU sampling unavailable: .*nvidia-smi.*not found/m)
    const { system, summary } = resultsOf(dir)
    expect(system?.gpuUnavailable).toMatch(/^GPU sampling unavailable: /)
    expect(system?.samples.gpu).toEqual([])
    expect(system?.samples.host.length).toBeGreaterThan(0)
    expect(summary.passed).toBe(6)
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('GPU sampling unavailable')
  }, 120_000)

  test('--shard with blob reports, then --merge-reports: the merged run has the GPU samples the shards took', async () => {
    const env = { NVIDIA_SMI: STAND_IN }
    // two dataset files: one per shard
    await project.write('datasets/q.dataset.yaml', yamlDataset('q', ['d1', 'd2', 'd3'], `assert:\n  - toMatchRegex: { pattern: 'fine' }\n`))
    const [one, two] = await Promise.all([
      project.run(['run', '--shard=1/2', '--reporter=blob', '--outputFile=.vitest/blob/one.json'], { env, timeoutMs: 90_000 }),
      project.run(['run', '--shard=2/2', '--reporter=blob', '--outputFile=.vitest/blob/two.json'], { env, timeoutMs: 90_000 }),
    ])
    expect(one.code, describeRun(one)).toBe(0)
    expect(two.code, describeRun(two)).toBe(0)
    const merged = await project.run(['--merge-reports=.vitest/blob'], { env: { NVIDIA_SMI: '/nonexistent/bin/nvidia-smi' }, timeoutMs: 90_000 })
    expect(merged.code, describeRun(merged)).toBe(0)
    const { system, summary } = resultsOf(runDirOf(merged))
    expect(summary.cases).toBe(9)
    expect(system?.gpuUnavailable).toBeNull()
    expect(system?.gpus.map((g) => g.index)).toEqual([0, 1])
    expect(system?.samples.gpu.length).toBeGreaterThan(0)
  }, 180_000)
})
