import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { RunResults } from '../../../src/report/run-results.ts'
import { cleanupAll, configSource, createProject, describeRun } from '../../helpers/run-vitest.ts'
import { startScriptedServer } from '../judge/scripted-server.ts'

afterAll(async ({}, suite) => cleanupAll(suite))

/**
 * Through real `vitest run`s: a recording run writes the model's answer and both
 * embeddings; with the server gone, a replay run passes from the recordings alone.
 */
test('a replayed run needs neither the model nor the embedding server', async () => {
  const server = await startScriptedServer(['a kitten'], (text) => ({ 'a kitten': [0.8, 0.6, 0], 'a cat': [1, 0, 0] })[text] ?? [0, 0, 1])
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', stream: false, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
  const dataset = `name: meaning
test_cases:
  - id: cat
    prompt: "What animal?"
    expected: "a cat"
    assert:
      - toBeSemanticallySimilar: { min: 0.75, provider: "openai:embed@${server.baseURL}" }
`
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}] }`),
    files: { 'datasets/meaning.dataset.yaml': dataset },
  })
  const recorded = await project.run(['run'], { env: { LLM_BENCH_CACHE: 'record' }, timeoutMs: 90_000 })
  await server.close()
  expect(recorded.code, describeRun(recorded)).toBe(0)
  expect(existsSync(join(project.dir, '__recordings__', 'embeddings.json'))).toBe(true)
  expect(server.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(2)

  const replayed = await project.run(['run'], { env: { LLM_BENCH_CACHE: 'replay' }, timeoutMs: 90_000 })
  expect(replayed.code, describeRun(replayed)).toBe(0)
  const dirs = replayed.runDirs()
  expect(dirs).toHaveLength(2)
  const runs = dirs.map((d) => JSON.parse(readFileSync(join(d, 'results.json'), 'utf8')) as RunResults)
  const replay = runs.find((r) => r.cases[0]?.replayed)
  const evaluation = replay?.cases[0]?.evaluations[0]
  expect(evaluation, describeRun(replayed)).toMatchObject({ name: 'toBeSemanticallySimilar', pass: true, score: 0.8, details: { cached: { output: true, expected: true } } })
}, 180_000)
