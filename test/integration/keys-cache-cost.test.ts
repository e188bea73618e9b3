import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { startFaultServer } from '../providers/fault-server.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset } from '../helpers/run-vitest.ts'

/**
 * Keys, recordings and cost through real Vitest runs: an API key reaches the
 * server but no artifact, log or message; a provider without its key stops the
 * run before any case; recorded responses replay with the network gone; costs
 * are per case and summed.
 */

const SECRET = 'sk-test-SECRET-7f3a9c1e5b2d'
afterAll(({}, suite) => cleanupAll(suite))

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? filesUnder(full) : [full]
  })
}

describe('API keys', () => {
  test('a key is sent to the server and appears in no artifact, log line or error message', async () => {
    const server = await startOpenAITestServer({ answer: 'a fine answer' })
    const faults = await startFaultServer()
    const common = { type: 'openai', apiKeyEnv: 'LLM_BENCH_TEST_SECRET_KEY' }
    const providers = [
      { ...common, id: 'good', model: 'm', baseURL: server.baseURL },
      // this server echoes the Authorization header into its error message, as a careless server might
      { ...common, id: 'echo', model: '401-echo', baseURL: faults.baseURL },
    ]
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
      files: { 'datasets/k.dataset.yaml': yamlDataset('k', ['one', 'two']) },
    })
    const run = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_TEST_SECRET_KEY: SECRET, LLM_BENCH_CACHE: 'record' } })
    await server.close()
    await faults.close()
    expect(run.code, describeRun(run)).toBe(1) // the echo provider's cases fail with auth errors
    expect(server.stats().requests).toBe(2)
    const records = run.results().cases
    expect(records.filter((r) => r.provider === 'echo').every((r) => r.error?.class === 'auth')).toBe(true)
    const artifacts = filesUnder(project.dir).filter((f) => !f.endsWith('vitest.config.ts'))
    expect(artifacts.some((f) => f.includes('__recordings__'))).toBe(true)
    expect(artifacts.some((f) => f.endsWith('results.jsonl'))).toBe(true)
    for (const file of artifacts) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET)
    expect(run.stdout).not.toContain(SECRET)
    expect(run.stderr).not.toContain(SECRET)
    expect(run.stdout + run.stderr).toContain('redacted')
  })

  test('a provider without its key stops the run before any case, naming the provider and the variable', async () => {
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ['openai:gpt-4o-mini', { type: 'anthropic', model: 'claude-haiku-4-5', apiKeyEnv: 'LLM_BENCH_TEST_NO_ANTHROPIC' }] }`),
      files: { 'datasets/k.dataset.yaml': yamlDataset('k', ['one']) },
    })
    const run = await project.run(['run', '--project', 'llm'], { env: { OPENAI_API_KEY: '', LLM_BENCH_TEST_NO_ANTHROPIC: undefined } })
    expect(run.code, describeRun(run)).not.toBe(0)
    const output = run.stdout + run.stderr
    expect(output).toMatch(/Missing API key: 2 providers need an API key/)
    expect(output).toMatch(/openai:gpt-4o-mini\s+needs OPENAI_API_KEY/)
    expect(output).toMatch(/anthropic:claude-haiku-4-5\s+needs LLM_BENCH_TEST_NO_ANTHROPIC/)
    expect(run.runDirs()).toEqual([]) // no case ran, nothing was written
  })
})

describe('record and replay', () => {
  test('recordings replay with the network gone; a case without one fails saying how to record it', async () => {
    const server = await startOpenAITestServer({ answer: 'Once upon a time there was a robot.' })
    const providers = [{ type: 'openai', model: 'm', baseURL: server.baseURL, price: { input: 1, output: 2 } }]
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
      files: { 'datasets/r.dataset.yaml': yamlDataset('r', ['one', 'two', 'three'], "assert:\n  - toMatchRegex: robot\n") },
    })
    const recorded = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'record' } })
    expect(recorded.code, describeRun(recorded)).toBe(0)
    expect(server.stats().requests).toBe(3)
    const recording = readFileSync(path.join(project.dir, 'datasets', '__recordings__', 'r.dataset.yaml.recording.yaml'), 'utf8')
    expect(recording.match(/caseId: /g)).toHaveLength(3)
    const original = recorded.results()
    // cost per case: 1 USD per 1M input tokens, 2 USD per 1M output tokens
    for (const r of original.cases) {
      expect(r.cost).toBeCloseTo(((r.usage.inputTokens ?? 0) * 1 + (r.usage.outputTokens ?? 0) * 2) / 1e6, 12)
    }
    expect(original.summary.cost.total).toBeCloseTo(original.cases.reduce((sum, r) => sum + (r.cost ?? 0), 0), 12)

    // read-write: an unchanged case returns at once and costs nothing
    server.reset()
    const again = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'read-write' } })
    expect(again.code, describeRun(again)).toBe(0)
    expect(server.stats().requests).toBe(0)

    // the network is gone: strict replay still passes every recorded case
    await server.close()
    await project.write('datasets/r.dataset.yaml', yamlDataset('r', ['one', 'two', 'three', 'new'], "assert:\n  - toMatchRegex: robot\n"))
    const replay = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'replay' } })
    expect(replay.code, describeRun(replay)).toBe(1)
    const latest = replay.runDirs().at(-1) as string
    const replayed = JSON.parse(readFileSync(path.join(latest, 'results.json'), 'utf8')) as typeof original
    const byId = new Map(replayed.cases.map((r) => [r.caseId, r]))
    for (const id of ['one', 'two', 'three']) {
      const r = byId.get(id)
      expect(r).toMatchObject({ status: 'passed', cached: true, replayed: true, cost: 0, attempts: 0 })
      // the original timings are kept
      expect(r?.timings).toEqual(original.cases.find((o) => o.caseId === id)?.timings)
    }
    expect(byId.get('new')).toMatchObject({ status: 'error', error: { class: 'cache_miss' } })
    expect(byId.get('new')?.error?.message).toMatch(/LLM_BENCH_CACHE=record/)
    expect(replay.stdout).toMatch(/replayed from recordings 3/)
  })
})
