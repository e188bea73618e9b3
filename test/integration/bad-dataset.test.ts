import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A broken dataset beside a good one: the broken file fails alone, with every
 * problem pinned to its line, column and field; the good one still runs and is
 * reported; the run as a whole fails.
 */

const GOOD = `name: good
test_cases:
  - id: one
    prompt: "Once upon a time"
  - id: two
    prompt: "One day"
`
// line 2: an unknown field (a typo); line 5: a template variable that is never set
const BROKEN = `name: broken
descripton: a typo of description
test_cases:
  - id: greet
    prompt: "Hello {{who}}"
`

let server: TestServer
let project: TestProject
let run: VitestRun

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'Once upon a time there was a robot.' })
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(`openai:m@${server.baseURL}`)}] }`),
    files: { 'datasets/good.dataset.yaml': GOOD, 'datasets/broken.dataset.yaml': BROKEN },
  })
  run = await project.run(['run'], { timeoutMs: 90_000 })
}, 120_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('a broken dataset beside a good one', () => {
  test('the run fails', () => {
    expect(run.timedOut).toBe(false)
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(run.code).toBe(1)
  })

  test('the output names the broken file with line:column and the field path of each problem', () => {
    const output = run.stdout + run.stderr
    expect(output).toContain('Invalid dataset datasets/broken.dataset.yaml (2 problems)')
    expect(output).toMatch(/datasets\/broken\.dataset\.yaml:2:1 descripton: unknown field "descripton", did you mean "description"\?/)
    expect(output).toMatch(/datasets\/broken\.dataset\.yaml:4:5 test_cases\[0\]: case "greet" uses \{\{who\}\} but no variable "who" is set/)
    // Vitest's own summary: the broken file failed, the good one passed
    expect(run.stdout).toMatch(/Test Files\s+1 failed \| 1 passed \(2\)/)
  })

  test("the good dataset's cases ran and are in results.json and results.jsonl", () => {
    const results = run.results()
    expect(results.cases.map((r) => `${r.dataset}/${r.caseId}`)).toEqual(['good/one', 'good/two'])
    for (const r of results.cases) {
      expect(r.status).toBe('passed')
      expect(r.output).toBe('Once upon a time there was a robot.')
    }
    expect(run.jsonl().map((r) => r.caseId).sort()).toEqual(['one', 'two'])
    expect(results.summary).toMatchObject({ cases: 2, passed: 2, datasetFailures: 1 })
    expect(results.reason).toBe('failed')
    expect(server.stats().requests).toBe(2)
  })

  test("results.json's datasetFailures lists the broken file with the loader's message; the table notes it", () => {
    const { datasetFailures } = run.results()
    expect(datasetFailures).toHaveLength(1)
    expect(datasetFailures[0]!.file).toBe(path.join(project.dir, 'datasets', 'broken.dataset.yaml'))
    expect(datasetFailures[0]!.message).toContain('broken.dataset.yaml:2:1 descripton: unknown field')
    expect(datasetFailures[0]!.message).toContain('broken.dataset.yaml:4:5 test_cases[0]:')
    expect(run.stdout).toContain('dataset not run: Invalid dataset datasets/broken.dataset.yaml (2 problems):')
    expect(run.stdout).toMatch(/^good\s+openai:m@\S+\s+2\s+2\s+0\s+0\s+100\.0%/m)
  })
})
