import { afterAll, expect, test } from 'vitest'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset } from '../helpers/run-vitest.ts'
import { startTestServer } from '../server/test-server.ts'

/**
 * Bench mode's first wave is not cold: each case's warm-up call (sample -1,
 * `bench.warmup`, 1 by default) opens the provider's keep-alive connection, so
 * the first timed request reuses it and its TTFT does not pay the TCP connect.
 */

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

test('with the default warm-up, the timed requests come on the connection the warm-up opened', async () => {
  const server = await startTestServer({ timeline: { firstTokenMs: 20, intervalMs: 5, tokens: 5 } })
  try {
    const provider = { type: 'openai', model: 'test-model', baseURL: server.openaiURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 1 }
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: 2 }, report: { html: false } }`),
      files: { 'datasets/w.dataset.yaml': yamlDataset('w', ['alpha', 'beta'], '') },
    })
    const run = await project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 90_000 })
    expect(run.code, describeRun(run)).toBe(0)
    expect(run.jsonl()).toHaveLength(4) // 2 cases × 2 timed samples; the warm-ups are not recorded
    const stats = server.stats()
    expect(stats.completions).toBe(6) // 2 warm-ups + 4 timed
    // one connection, opened by the first (warm-up) request: no timed request paid a connect
    expect(stats.connections).toBe(1)
    expect(stats.reusedConnections).toBe(5)
  } finally {
    await server.close()
  }
})
