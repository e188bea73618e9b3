import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord, LlmBenchTaskMeta } from '../../src/record/schema.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, createProject, describeRun, SRC_INDEX, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * Flat memory during a run (issue 11 §1): a case's full record reaches the
 * main process once, is written to results.jsonl, and the test keeps only its
 * summary; the worker lets go of the records once Vitest has sent them. The
 * artifacts are still made from whole records (read back from results.jsonl),
 * a blob report still carries whole records for `--merge-reports`, and the
 * annotations and the progress still show.
 *
 * Two probes in the child project: a reporter that writes every test's
 * `meta.llmBench` as the main process has it when the run ends, and a setup
 * file whose `afterAll` writes what the worker still holds of each test once
 * its last update has had time to go out.
 */

afterAll(({}, suite) => cleanupAll(suite))

const SECRET = 'sk-compact-meta-0123456789'
const ANSWER = 'Once upon a time there was a little robot.'
const IDS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']

const DATASET = [
  'name: compact',
  "assert: [{ toMatchRegex: { pattern: 'robot' } }]",
  'test_cases:',
  ...IDS.map((id) => `  - id: ${id}\n    prompt: "Story ${id}, key ${SECRET}"`),
  // a case that fails its matcher: the summary says failed, its annotation says why
  "  - id: fails\n    prompt: 'Story fails'\n    assert: [{ toMatchRegex: { pattern: 'dragon' } }]",
  '',
].join('\n')

const META_REPORTER = `import { writeFileSync } from 'node:fs'
export default class MetaReporter {
  onTestRunEnd(modules) {
    const tests = modules.flatMap((m) => [...m.children.allTests()]).map((t) => ({ name: t.name, meta: t.meta().llmBench ?? null, evaluations: t.meta().llmBenchEvaluations?.length ?? null, annotations: t.annotations().map((a) => a.type) }))
    writeFileSync(process.env.META_OUT ?? 'main-meta.json', JSON.stringify(tests))
  }
}
`

const WORKER_PROBE = `import { writeFileSync } from 'node:fs'
import { afterAll } from 'vitest'
const tests = (task) => (task.tasks ?? []).flatMap((t) => (t.type === 'test' ? [t] : tests(t)))
afterAll(async ({}, file) => {
  // the last test's update goes out within Vitest's 100 ms batching: then the worker must hold no records
  await new Promise((resolve) => setTimeout(resolve, 1000))
  // Vitest's own copies: the test's annotations, and the context's \`expect\` (\`_local\`: made and kept)
  const held = tests(file).map((t) => ({ name: t.name, records: t.meta.llmBench?.records.length ?? null, annotations: t.meta.llmBench?.annotations?.length ?? 0, evaluations: t.meta.llmBenchEvaluations?.length ?? 0, taskAnnotations: t.annotations.length, contextExpect: t.context._local }))
  writeFileSync('worker-' + process.pid + '-' + Date.now() + '.json', JSON.stringify(held))
})
`

interface MainTest {
  name: string
  meta: LlmBenchTaskMeta | null
  evaluations: number | null
  annotations: string[]
}

let server: TestServer
let project: TestProject
let plain: VitestRun
let blob: VitestRun
let merged: VitestRun
let lean: VitestRun
/** Each run's folder, taken as it ends (the project has all three). */
const dirs = new Map<VitestRun, string>()

function mainMeta(file: string): MainTest[] {
  return JSON.parse(readFileSync(path.join(project.dir, file), 'utf8')) as MainTest[]
}

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: ANSWER })
  const providers = [{ id: 'srv', type: 'openai', model: 'm', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', stream: true }]
  const config = `import { defineConfig } from 'vitest/config'
import { llmBench } from ${JSON.stringify(SRC_INDEX)}
const project = llmBench({ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, redact: ['${SECRET}'] })
export default defineConfig({ test: { projects: [{ ...project, test: { ...project.test, setupFiles: ['./worker-probe.ts'] } }] } })
`
  project = await createProject({ config, files: { 'datasets/compact.dataset.yaml': DATASET, 'meta-reporter.mjs': META_REPORTER, 'worker-probe.ts': WORKER_PROBE } })
  const probe = '--reporter=./meta-reporter.mjs'
  const newest = (run: VitestRun): void => void dirs.set(run, run.runDirs().filter((d) => ![...dirs.values()].includes(d))[0] as string)
  plain = await project.run(['run', '--reporter=default', probe, '--reporter=json', '--outputFile.json=vitest.json'], { timeoutMs: 90_000, env: { META_OUT: 'main-meta.json' } })
  newest(plain)
  blob = await project.run(['run', '--reporter=blob', '--outputFile=.vitest/blob/all.json', probe], { timeoutMs: 90_000, env: { META_OUT: 'blob-meta.json' } })
  newest(blob)
  merged = await project.run(['run', '--merge-reports=.vitest/blob', '--reporter=default'], { timeoutMs: 90_000 })
  newest(merged)
  // no reporter that writes tests' meta (json, html, blob): the main process lets go of the annotations' copy too
  lean = await project.run(['run', '--reporter=default', probe], { timeoutMs: 90_000, env: { META_OUT: 'lean-meta.json' } })
  newest(lean)
}, 300_000)

afterAll(async () => {
  await server?.close()
})

const CASES = IDS.length + 1

describe('compact task meta', () => {
  test('the runs end as expected (one failing case)', () => {
    expect(plain.code, describeRun(plain)).toBe(1)
    expect(blob.code, describeRun(blob)).toBe(1)
    expect(merged.code, describeRun(merged)).toBe(1)
    expect(lean.code, describeRun(lean)).toBe(1)
  })

  test('results.jsonl has every record whole (prompt, output, timings, evaluations), redacted; results.json lists the same records', () => {
    const runDir = dirs.get(plain) as string
    const lines = readFileSync(path.join(runDir, 'results.jsonl'), 'utf8').trim().split('\n')
    const records = lines.map((line) => JSON.parse(line) as CaseRecord)
    expect(records).toHaveLength(CASES)
    for (const record of records) {
      expect(record.prompt).toMatch(/^Story /)
      expect(record.output).toBe(ANSWER)
      expect(record.timings?.e2eMs).toBeGreaterThan(0)
      expect(record.timings?.itlMs.length).toBeGreaterThan(0)
      expect(record.evaluations.length).toBeGreaterThanOrEqual(1)
      expect(record.requestHash).not.toBe('')
    }
    expect(lines.join('\n')).not.toContain(SECRET)
    const results = JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { cases: CaseRecord[] }
    const key = (r: CaseRecord): string => r.caseId
    expect([...results.cases].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...records].sort((a, b) => key(a).localeCompare(key(b))))
    const casesCsv = readFileSync(path.join(runDir, 'csv', 'cases.csv'), 'utf8').trim().split('\n')
    expect(casesCsv).toHaveLength(CASES + 1)
    expect(casesCsv.filter((row) => row.includes(',failed,'))).toHaveLength(1)
  })

  test('in the main process a test keeps only its summary (status, scores, timing) once results.jsonl has its record', () => {
    const tests = mainMeta('main-meta.json')
    expect(tests).toHaveLength(CASES)
    for (const t of tests) {
      expect(t.meta?.records).toEqual([])
      expect(t.meta?.summaries).toHaveLength(1)
      const summary = t.meta?.summaries?.[0]
      expect(summary?.e2eMs).toBeGreaterThan(0)
      // no prompt, no output: those are in results.jsonl
      expect(JSON.stringify(t.meta?.summaries)).not.toMatch(/Story|robot/)
    }
    const fails = tests.find((t) => t.name.startsWith('fails'))
    expect(fails?.meta?.summaries?.[0]).toMatchObject({ status: 'failed', scores: [{ name: 'toMatchRegex', score: 1, pass: true }, { name: 'toMatchRegex', score: 0, pass: false }] })
    expect(tests.find((t) => t.name.startsWith('c1'))?.meta?.summaries?.[0]).toMatchObject({ status: 'passed', scores: [{ name: 'toMatchRegex', score: 1, pass: true }] })
  })

  test('the worker holds no records or annotations of a test once it was sent', () => {
    const files = readdirSync(project.dir).filter((f) => /^worker-.*\.json$/.test(f))
    expect(files.length).toBeGreaterThan(0)
    const held = files.flatMap(
      (f) => JSON.parse(readFileSync(path.join(project.dir, f), 'utf8')) as { name: string; records: number | null; annotations: number; evaluations: number; taskAnnotations: number; contextExpect: boolean }[],
    )
    const ours = held.filter((t) => t.records !== null)
    expect(ours.length).toBeGreaterThanOrEqual(CASES)
    expect(ours.filter((t) => t.records !== 0 || t.annotations !== 0 || t.evaluations !== 0)).toEqual([])
    // Vitest's copies: the annotations went to the main process as they were made; the matchers ran on an expect of the case's own
    expect(ours.filter((t) => t.taskAnnotations !== 0)).toEqual([])
    expect(ours.filter((t) => t.contextExpect !== false)).toEqual([])
  })

  test("without a reporter that writes tests' meta, the main process keeps no annotations' copy or evaluations in meta; Vitest's annotations stay", () => {
    const tests = mainMeta('lean-meta.json')
    expect(tests).toHaveLength(CASES)
    for (const t of tests) {
      expect(t.meta?.summaries).toHaveLength(1)
      expect(t.meta?.annotations).toBeUndefined()
      expect(t.evaluations).toBeNull()
      expect(t.annotations).toEqual(expect.arrayContaining(['llm-bench:output', 'llm-bench:scores', 'llm-bench:metrics']))
    }
    // the failing case still fails, with its matcher's message
    expect(lean.stdout + lean.stderr).toMatch(/Expected the output to satisfy toMatchRegex/)
    expect(lean.stdout).toMatch(/compact\s+srv\s+7\s+6\s+1\s+0\s/)
  })

  test("annotations stay on the test (Vitest's JSON reporter has them in meta) and the terminal table counts every case", () => {
    const report = JSON.parse(readFileSync(path.join(project.dir, 'vitest.json'), 'utf8')) as {
      testResults: { assertionResults: { title: string; meta: { llmBench?: LlmBenchTaskMeta } }[] }[]
    }
    const results = report.testResults.flatMap((r) => r.assertionResults)
    expect(results).toHaveLength(CASES)
    const fails = results.find((r) => r.title.startsWith('fails'))
    expect(fails?.meta.llmBench?.annotations?.filter((a) => a.type === 'llm-bench:scores').map((a) => a.message)).toEqual([expect.stringMatching(/^✓ toMatchRegex 1\.00/), expect.stringMatching(/^✗ toMatchRegex 0\.00/)])
    expect(fails?.meta.llmBench?.annotations?.find((a) => a.type === 'llm-bench:output')?.message).toContain(ANSWER)
    for (const t of mainMeta('main-meta.json')) expect(t.annotations).toEqual(expect.arrayContaining(['llm-bench:output', 'llm-bench:scores', 'llm-bench:metrics']))
    // the table counts from the records read back from results.jsonl: 7 cases, 6 passed, 1 failed, 0 errored
    expect(plain.stdout).toMatch(/compact\s+srv\s+7\s+6\s+1\s+0\s/)
    expect(plain.stdout).toContain('results:')
  })

  test('with a blob reporter the main process keeps the whole records, and the merged run gives the same results.jsonl', () => {
    const tests = mainMeta('blob-meta.json')
    expect(tests).toHaveLength(CASES)
    for (const t of tests) {
      expect(t.meta?.records).toHaveLength(1)
      expect(t.meta?.records[0]?.output).toBe(ANSWER)
      expect(t.meta?.summaries).toBeUndefined()
    }
    const read = (run: VitestRun): CaseRecord[] => {
      const dir = dirs.get(run) as string
      const records = readFileSync(path.join(dir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CaseRecord)
      return records.map(({ runId: _r, startedAt: _s, endedAt: _e, ...rest }) => rest as unknown as CaseRecord).sort((a, b) => a.caseId.localeCompare(b.caseId))
    }
    expect(read(merged)).toEqual(read(blob))
    expect(read(merged)).toHaveLength(CASES)
  })
})
