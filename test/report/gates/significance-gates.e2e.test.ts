import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BASELINE_VERSION, type Baseline } from '../../../src/report/gates/baseline-schema.ts'
import { stableStringify } from '../../../src/record/stable-json.ts'
import type { RunResults } from '../../../src/report/run-results.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset, type TestProject, type VitestRun } from '../../helpers/run-vitest.ts'
import { startTestServer } from '../../server/test-server.ts'
import type { TestServer } from '../../server/types.ts'

/**
 * The significance-aware gates end to end: real `vitest run`s of a throwaway project of 80 cases
 * against the protocol-faithful test server, compared with a committed baseline on which every case
 * passed. Which answers are poor (fail the matcher) is set per run; with repeats, per request of a case.
 * A failing case is a failing Vitest test, so every run here with a poor answer exits 1 whatever the
 * gates say: what tells the gates' verdict apart is the report (`Regression gates: passed` / FAILED,
 * results.json `gates.passed`); fail-run.test.ts covers the exit code a gate alone decides.
 */

const IDS = Array.from({ length: 80 }, (_, i) => `c${String(i + 1).padStart(2, '0')}`)

let server: TestServer
/** Case id → how many of its next requests answer poorly (-1: all of them). */
let poor = new Map<string, number>()
let project: TestProject
let summaryDir: string

beforeAll(async () => {
  server = await startTestServer({
    answer: (request) => {
      const id = /Story (c\d\d):/.exec(JSON.stringify(request.body))?.[1] ?? ''
      const left = poor.get(id) ?? 0
      if (left === 0) return 'a fine answer indeed'
      if (left > 0) poor.set(id, left - 1)
      return 'a poor answer'
    },
  })
  const provider = { type: 'openai', model: 'm', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', id: 'srv', concurrency: 8 }
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], gates: JSON.parse(process.env.GATES ?? '{}') }`),
    files: { 'datasets/p.dataset.yaml': yamlDataset('p', IDS, `assert:\n  - toMatchRegex: { pattern: 'fine' }\n`) },
  })
  summaryDir = await mkdtemp(path.join(tmpdir(), 'llm-bench-significance-'))
}, 60_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await rm(summaryDir, { recursive: true, force: true })
  await cleanupAll(suite)
})

/** The committed baseline: every case passed all of its `trials` repeats. */
async function writeBaseline(trials: number): Promise<void> {
  const baseline: Baseline = {
    version: BASELINE_VERSION,
    createdAt: '2026-12-01T10:00:00.000Z',
    runId: 'llm-20261201-100000-00000000',
    project: 'llm',
    mode: 'run',
    passRate: 1,
    providers: [],
    cases: IDS.map((caseId) => ({ dataset: 'p', caseId, provider: 'srv', model: 'm', status: 'passed', samples: trials, trials, passes: trials, score: 1, scores: {}, e2eMs: 10, cost: null, replayed: false })),
  }
  await project.write('llm-baseline.json', `${stableStringify(baseline, 2)}\n`)
}

async function runWith(gates: object, poorAnswers: Record<string, number>, env: Record<string, string> = {}): Promise<{ run: VitestRun; results: RunResults; dir: string }> {
  poor = new Map(Object.entries(poorAnswers))
  const run = await project.run(['run'], { env: { GATES: JSON.stringify(gates), ...env }, timeoutMs: 110_000 })
  const dir = /^results: (\S+)/m.exec(run.stdout)?.[1]
  expect(dir, describeRun(run)).toBeDefined()
  return { run, dir: dir as string, results: JSON.parse(readFileSync(path.join(dir as string, 'results.json'), 'utf8')) as RunResults }
}

const failing = (count: number): Record<string, number> => Object.fromEntries(IDS.slice(0, count).map((id) => [id, -1]))
const PASS_RATE = { maxDrop: 0.05, confidence: 0.95 }

describe('gates.passRate against a baseline of 80 passing cases', () => {
  beforeAll(() => writeBaseline(1))

  // 20 of 80 fail: d̄ = −0.25, SE = √((20·0.5625 + 60·0.0625) / (80·79)) = 0.048718 (CR1), t(0.975, 79) = 1.990450: 95% CI of the drop 15.3–34.7 points
  test('a significant drop fails the run (exit 1), in the terminal, summary.md and the GitHub step summary', async () => {
    const stepSummary = path.join(summaryDir, 'step-summary.md')
    const { run, results, dir } = await runWith({ passRate: PASS_RATE }, failing(20), { GITHUB_STEP_SUMMARY: stepSummary })
    expect(run.code, describeRun(run)).toBe(1)
    const gate = results.gates?.gates.find((g) => g.gate === 'passRate.maxDrop')
    expect(gate).toMatchObject({ passed: false, interval: { paired: true, cases: 80 } })
    const sentence = 'pass rate fell 25.0 points (95% CI 15.3–34.7), more than the allowed 5 — significant (p < 0.001); paired on 80 cases (100.0% → 75.0%)'
    expect(gate?.message).toContain(sentence)
    expect(run.stdout).toContain(`✗ passRate.maxDrop: ${sentence}`)
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('| passRate.maxDrop | ❌ failed | ≤ 5.0 points at 95% | 25.0 points (15.3–34.7) |')
    // Markdown escapes `<` (p &lt; 0.001)
    expect(readFileSync(stepSummary, 'utf8')).toContain('pass rate fell 25.0 points (95% CI 15.3–34.7), more than the allowed 5 — significant (p &lt; 0.001); paired on 80 cases')
    expect(results.gates?.passed).toBe(false)
    expect(run.stdout).toContain('Regression gates: FAILED (1 of 1 gate)')
  }, 120_000)

  // 1 of 80 fails: d̄ = −0.0125, SE = √(0.9875 / (80·79)) = 0.0125, ± 1.990450·SE: 95% CI of the change −3.7 to +1.2 points rules out a 5-point drop
  test('an insignificant drop passes the gate', async () => {
    const { run, results } = await runWith({ passRate: PASS_RATE }, failing(1))
    expect(run.code, describeRun(run)).toBe(1) // the failing case's test
    expect(results.gates?.passed).toBe(true)
    expect(results.gates?.gates.find((g) => g.gate === 'passRate.maxDrop')).toMatchObject({ passed: true })
    expect(run.stdout).toContain('Regression gates: passed (1 gate)')
    expect(run.stdout).toMatch(/✓ passRate\.maxDrop: pass rate fell 1\.[23] points \(95% CI −1\.2 to 3\.7\): a drop of more than the allowed 5 is ruled out at 95%/)
  }, 120_000)

  // 3 of 80 fail: d̄ = −0.0375, SE = 0.021375, ± 1.990450·SE: 95% CI of the drop −0.5 to 8.0 points: inconclusive
  test('an inconclusive drop warns by default and fails the gates with inconclusive: fail', async () => {
    const warned = await runWith({ passRate: PASS_RATE }, failing(3))
    expect(warned.results.gates?.passed, describeRun(warned.run)).toBe(true)
    expect(warned.run.stdout).toContain('Regression gates: passed (1 gate, 1 warning)')
    expect(warned.run.stdout).toMatch(/! passRate\.maxDrop: inconclusive: pass rate fell 3\.[78] points \(95% CI −0\.5 to 8\.0\)/)
    const failed = await runWith({ passRate: { ...PASS_RATE, inconclusive: 'fail' } }, failing(3))
    expect(failed.results.gates?.passed, describeRun(failed.run)).toBe(false)
    expect(failed.run.stdout).toContain('Regression gates: FAILED (1 of 1 gate)')
    expect(failed.run.stdout).toMatch(/✗ passRate\.maxDrop: inconclusive: .*\(gates\.passRate\.inconclusive: 'fail'\)/)
  }, 240_000)
})

describe('noNewFailures: { majority: true } with 3 repeats', () => {
  beforeAll(() => writeBaseline(3))

  test('a case failing 2 of 3 repeats fails the gate; one failing 1 of 3 does not count', async () => {
    const { run, results } = await runWith({ noNewFailures: { majority: true } }, { c01: 1, c02: 2 }, { LLM_BENCH_REPEATS: '3' })
    expect(run.code, describeRun(run)).toBe(1)
    const gate = results.gates?.gates.find((g) => g.gate === 'noNewFailures')
    expect(gate).toMatchObject({ passed: false, actual: 1, cases: ['p › c02 › srv'] })
    expect(gate?.message).toContain('p › c02 › srv (passed 1 of 3 now, 3 of 3 on the baseline)')
    // the plain rule would count both: every repeat must pass
    expect(results.gates?.baseline?.newlyFailing.map((c) => c.caseId)).toEqual(['c01', 'c02'])
  }, 120_000)
})
