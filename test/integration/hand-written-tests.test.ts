import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { CaseRecordSchema } from '../../src/record/schema.ts'
import { RunResultsSchema } from '../../src/report/results-schema.ts'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { REPO, SRC_INDEX, cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'
import { startFaultServer } from '../providers/fault-server.ts'
import { CLI, describeChild, runChild } from '../resume/child.ts'

/**
 * Hand-written `*.llm.test.ts` files in an llmBench project, through real
 * child Vitest runs against the project's protocol-faithful test server: a
 * test making two `provider(...)` calls and using a matcher is a case of
 * results.json (both calls counted: tokens and cost), cases.csv and
 * summary.md; its calls are recorded and replay with the server gone; a
 * failing one trips the gates; a failed call's secret stays redacted.
 */

afterAll(({}, suite) => cleanupAll(suite))

const SETUP = path.join(REPO, 'src', 'evaluators', 'setup.ts')
const ANSWER = 'Once upon a time there was a robot.'
const PRICE = { input: 1, output: 2 }

function storyTest(extra = ''): string {
  return [
    `import { expect, test } from 'vitest'`,
    `import ${JSON.stringify(SETUP)}`,
    `import { provider } from ${JSON.stringify(SRC_INDEX)}`,
    ``,
    `const stories = provider(process.env['STORY_PROVIDER'] ?? '')`,
    ``,
    `test('tells two stories', async () => {`,
    `  const first = await stories.complete({ prompt: 'Tell a story about a robot.' })`,
    `  const second = await stories.complete({ messages: [{ role: 'user', content: 'Another one, please.' }], params: { max_tokens: 32 } })`,
    `  expect(first.output).toMatchRegex('robot')`,
    `  expect(second.output.length).toBeGreaterThan(0)`,
    `})`,
    extra,
  ].join('\n')
}

const FAILING = [
  `test('finds a dragon', async () => {`,
  `  const answer = await stories.complete({ prompt: 'Tell a story about a dragon.' })`,
  `  expect(answer.output).toMatchRegex('dragon')`,
  `})`,
].join('\n')

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

describe('hand-written tests', () => {
  test('a test with two model calls is a case of every artifact; its calls replay with the server gone', async () => {
    const server = await startOpenAITestServer({ answer: ANSWER })
    const spec = `openai:stories@${server.baseURL}`
    const project = await createProject({
      config: configSource(`{ name: 'llm', providers: [${JSON.stringify(spec)}], pricing: { 'openai:stories': ${JSON.stringify(PRICE)} }, gates: { minPassRate: 1 } }`),
      files: { 'tests/story.llm.test.ts': storyTest() },
    })
    const env = { STORY_PROVIDER: spec, OPENAI_API_KEY: 'sk-unused-by-the-test-server' }
    const recorded = await project.run(['run', '--project', 'llm'], { env: { ...env, LLM_BENCH_CACHE: 'record' } })
    expect(recorded.code, describeRun(recorded)).toBe(0)
    expect(server.stats().requests).toBe(2)

    const results = RunResultsSchema.parse(recorded.results())
    expect(results.cases).toHaveLength(1)
    const record = CaseRecordSchema.parse(results.cases[0])
    expect(record).toMatchObject({ dataset: 'tests/story.llm.test.ts', caseId: 'tells two stories', provider: 'test', status: 'passed' })
    expect(record.evaluations.map((e) => [e.name, e.pass])).toEqual([['toMatchRegex', true]])
    const calls = record.calls ?? []
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      expect(call.provider).toBe(spec)
      expect(call.cached).toBe(false)
      expect(call.usage.outputTokens).toBeGreaterThan(0)
      expect(call.cost).toBeGreaterThan(0)
      expect(call.timings?.e2eMs).toBeGreaterThanOrEqual(0)
    }
    // the record's tokens and cost are the sum of its calls'
    const [a, b] = calls
    expect(record.usage.inputTokens).toBe((a?.usage.inputTokens ?? 0) + (b?.usage.inputTokens ?? 0))
    expect(record.usage.outputTokens).toBe((a?.usage.outputTokens ?? 0) + (b?.usage.outputTokens ?? 0))
    expect(record.cost).toBeCloseTo((a?.cost ?? 0) + (b?.cost ?? 0), 12)
    const expectedCost = ((record.usage.inputTokens ?? 0) * PRICE.input + (record.usage.outputTokens ?? 0) * PRICE.output) / 1e6
    expect(record.cost).toBeCloseTo(expectedCost, 12)
    expect(results.summary.tokens.output).toBe(record.usage.outputTokens)
    expect(results.summary.cost.total).toBeCloseTo(expectedCost, 12)
    expect(results.summary.passRate).toBe(1)

    const runDir = recorded.runDir()
    const casesCsv = readFileSync(path.join(runDir, 'csv', 'cases.csv'), 'utf8')
    expect(casesCsv).toContain('tells two stories')
    expect(casesCsv).toContain('tests/story.llm.test.ts')
    const [header, row] = casesCsv.trim().split('\n').map((line) => line.split(','))
    const cell = (name: string): string | undefined => row?.[header?.indexOf(name) ?? -1]
    expect([cell('case_id'), cell('provider'), cell('status'), cell('model_calls')]).toEqual(['tells two stories', 'test', 'passed', '2'])
    expect(Number(cell('output_tokens'))).toBe(record.usage.outputTokens)
    expect(readFileSync(path.join(runDir, 'summary.md'), 'utf8')).toContain('tests/story.llm.test.ts')
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('tells two stories')
    const recording = readFileSync(path.join(project.dir, 'tests', '__recordings__', 'story.llm.test.ts.recording.yaml'), 'utf8')
    expect(recording).toContain('tells two stories')

    // replay: the server is gone, nothing is sent, the calls come from the recording
    await server.close()
    const before = server.stats().requests
    const replayed = await project.run(['run', '--project', 'llm'], { env: { ...env, LLM_BENCH_CACHE: 'replay' } })
    expect(replayed.code, describeRun(replayed)).toBe(0)
    expect(server.stats().requests - before).toBe(0)
    const again = replayed.runDirs().at(-1) ?? ''
    const replayedResults = RunResultsSchema.parse(JSON.parse(readFileSync(path.join(again, 'results.json'), 'utf8')))
    const replayedRecord = replayedResults.cases[0]
    expect(replayedRecord?.status).toBe('passed')
    expect(replayedRecord?.calls?.map((c) => c.cached)).toEqual([true, true])
    expect(replayedRecord?.cached).toBe(true)
    expect(replayedRecord?.cost).toBe(0)
    expect(replayedRecord?.usage.outputTokens).toBe(record.usage.outputTokens)
  })

  test('a failing hand-written test is a failed case and trips the pass-rate and new-failure gates', async () => {
    const server = await startOpenAITestServer({ answer: ANSWER })
    const spec = `openai:stories@${server.baseURL}`
    const project = await createProject({
      config: configSource(`{ name: 'llm', providers: [${JSON.stringify(spec)}], gates: { minPassRate: 1, noNewFailures: true } }`),
      files: { 'tests/story.llm.test.ts': storyTest() },
    })
    const env = { STORY_PROVIDER: spec, OPENAI_API_KEY: 'sk-unused-by-the-test-server' }
    const passing = await project.run(['run', '--project', 'llm'], { env })
    expect(passing.code, describeRun(passing)).toBe(0)
    const update = await runChild(project.dir, [CLI, 'baseline', 'update'], {}, 60_000)
    expect(update.code, describeChild(update)).toBe(0)
    expect(readFileSync(path.join(project.dir, 'llm-baseline.json'), 'utf8')).toContain('tells two stories')

    // the same test now fails its matcher, and one more test fails
    await project.write('tests/story.llm.test.ts', storyTest(FAILING).replace("toMatchRegex('robot')", "toMatchRegex('spaceship')"))
    const run = await project.run(['run', '--project', 'llm'], { env })
    await server.close()
    expect(run.code, describeRun(run)).toBe(1)
    expect(server.stats().requests).toBe(2 + 3)
    const results = RunResultsSchema.parse(JSON.parse(readFileSync(path.join(run.runDirs().at(-1) ?? '', 'results.json'), 'utf8')))
    const failed = results.cases.find((r) => r.caseId === 'finds a dragon')
    expect(failed).toMatchObject({ status: 'failed', provider: 'test', dataset: 'tests/story.llm.test.ts' })
    expect(failed?.evaluations.map((e) => [e.name, e.pass])).toEqual([['toMatchRegex', false]])
    expect(failed?.calls).toHaveLength(1)
    expect(results.summary.passRate).toBe(0)
    const output = run.stdout + run.stderr
    expect(output).toMatch(/minPassRate/)
    expect(output).toMatch(/noNewFailures: .*tests\/story\.llm\.test\.ts › tells two stories › test/)
  })

  test('a failed model call from a test is an error case whose message keeps no secret', async () => {
    const SECRET = 'sk-test-SECRET-hand-written-9c1e'
    const faults = await startFaultServer()
    // this server echoes the Authorization header into its error message, as a careless server might
    const echo = { type: 'openai', id: 'echo', model: '401-echo', baseURL: faults.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_SECRET_KEY' }
    const project = await createProject({
      config: configSource(`{ name: 'llm', providers: [${JSON.stringify(echo)}] }`),
      files: {
        'tests/echo.llm.test.ts': [
          `import { expect, test } from 'vitest'`,
          `import { provider, ModelCallError } from ${JSON.stringify(SRC_INDEX)}`,
          `test('asks a careless server', async () => {`,
          `  const error = await provider('echo').complete({ prompt: 'hello' }).catch((e: unknown) => e)`,
          `  expect(error).toBeInstanceOf(ModelCallError)`,
          `  console.log('caught:', (error as Error).message)`,
          `  throw error`,
          `})`,
        ].join('\n'),
      },
    })
    const run = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_TEST_SECRET_KEY: SECRET } })
    await faults.close()
    expect(run.code, describeRun(run)).toBe(1)
    const record = run.results().cases[0]
    expect(record).toMatchObject({ status: 'error', error: { class: 'auth' } })
    expect(record?.calls?.[0]?.error?.class).toBe('auth')
    expect(run.stdout).toContain('caught:')
    for (const file of filesUnder(project.dir).filter((f) => !f.endsWith('vitest.config.ts'))) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET)
    expect(run.stdout + run.stderr).not.toContain(SECRET)
    expect(run.stdout + run.stderr).toContain('redacted')
  })
})
