import { afterAll, expect, test } from 'vitest'
import { RunResultsSchema } from '../../src/report/results-schema.ts'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { SRC_INDEX, cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'

/**
 * A function provider (the user's app) that makes two model calls per case
 * through `provider(...)`: both calls are attached to the dataset case that
 * called the app, in order, and its tokens and cost are their sum; concurrent
 * cases never take each other's calls.
 */

afterAll(({}, suite) => cleanupAll(suite))

const APP = (spec: string): string =>
  [
    `import { provider } from ${JSON.stringify(SRC_INDEX)}`,
    `const model = provider(${JSON.stringify(spec)})`,
    `export async function answer({ prompt, caseId }: { prompt: string | undefined; caseId: string }): Promise<string> {`,
    `  const draft = await model.complete({ prompt: prompt ?? '' })`,
    // the second call is case-specific: its request differs per case (and a slow one interleaves with the others)
    `  const polished = await model.complete({ messages: [{ role: 'user', content: 'Polish for ' + caseId + ': ' + draft.output }], params: { max_tokens: 16 } })`,
    `  return polished.output`,
    `}`,
  ].join('\n')

test('a function provider with two model calls per case: both counted in the case record, replayed with the server gone', async () => {
  const server = await startOpenAITestServer({ answer: 'Once upon a time there was a robot.', tokenDelayMs: 2 })
  const spec = `openai:stories@${server.baseURL}`
  const ids = ['one', 'two', 'three', 'four']
  const dataset = ['name: app', 'assert:', '  - toMatchRegex: robot', 'test_cases:', ...ids.map((id) => `  - id: ${id}\n    prompt: Story ${id}`)].join('\n')
  const project = await createProject({
    config: configSource(
      `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [{ type: 'function', module: './src/app.ts', export: 'answer', id: 'app' }], pricing: { 'openai:stories': { input: 1, output: 2 } } }`,
    ),
    files: { 'src/app.ts': APP(spec), 'datasets/app.dataset.yaml': dataset },
  })
  const env = { OPENAI_API_KEY: 'sk-unused-by-the-test-server' }
  const run = await project.run(['run', '--project', 'llm'], { env: { ...env, LLM_BENCH_CACHE: 'record' } })
  expect(run.code, describeRun(run)).toBe(0)
  expect(server.stats().requests).toBe(2 * ids.length)
  const results = RunResultsSchema.parse(run.results())
  expect(results.cases.map((r) => r.caseId).sort()).toEqual([...ids].sort())
  for (const record of results.cases) {
    expect(record.provider).toBe('app')
    const calls = record.calls ?? []
    expect(calls.map((c) => c.provider)).toEqual([spec, spec])
    const input = calls.reduce((t, c) => t + (c.usage.inputTokens ?? 0), 0)
    const output = calls.reduce((t, c) => t + (c.usage.outputTokens ?? 0), 0)
    expect(output).toBeGreaterThan(0)
    expect(record.usage).toMatchObject({ inputTokens: input, outputTokens: output })
    expect(record.cost).toBeCloseTo((input * 1 + output * 2) / 1e6, 12)
  }
  // the run's totals are the cases' (calls included), counted once
  const totalOutput = results.cases.reduce((t, r) => t + (r.usage.outputTokens ?? 0), 0)
  expect(results.summary.tokens.output).toBe(totalOutput)

  await server.close()
  const before = server.stats().requests
  const replay = await project.run(['run', '--project', 'llm'], { env: { ...env, LLM_BENCH_CACHE: 'replay' } })
  expect(replay.code, describeRun(replay)).toBe(0)
  expect(server.stats().requests - before).toBe(0)
})
