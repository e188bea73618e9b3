import { afterAll, expect, test } from 'vitest'
import { installLlamaServer, startLlamaServer, type LlamaServer } from '../helpers/llama-server.ts'
import { cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'

/**
 * Acceptance of bench load profiles against a real serving engine: llama.cpp's llama-server with 4
 * parallel slots (`-np 4`) and the shared stories260K model, swept at 1, 2, 4 and 8 in flight by a
 * real `vitest bench`. Past 4 in flight the server queues, so request throughput stops rising there:
 * the report's knee must be concurrency=4.
 *
 * Skipped, saying why, where llama-server cannot be installed, and where its slots do not run in
 * parallel on this machine (a CPU-bound server on a busy machine serves 2 in flight no faster than
 * 1: measured first, with the numbers in the skip note), since the knee is then not the slot count;
 * `LLM_BENCH_LOAD_KNEE_FORCE=1` runs the sweep anyway.
 */

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

const MAX_TOKENS = 200
const PROMPT = 'Once upon a time, there was a little girl named'
const CASES = Array.from({ length: 16 }, (_, i) => `s${i}`)

const unavailable = await installLlamaServer().then(
  () => null,
  (error: unknown) => `llama-server cannot be installed here (../shared/tools/llama-server/setup.sh): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
)

/** Requests/s of `inFlight` closed loops of `each` completions straight to the server. */
async function serverThroughput(server: LlamaServer, inFlight: number, each: number): Promise<number> {
  const started = performance.now()
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      for (let i = 0; i < each; i++) {
        const response = await fetch(`${server.baseURL}/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'stories', prompt: PROMPT, max_tokens: MAX_TOKENS, temperature: 0 }),
        })
        await response.json()
      }
    }),
  )
  return (inFlight * each) / ((performance.now() - started) / 1000)
}

test.skipIf(unavailable !== null)(`a concurrency sweep against llama-server -np 4: the knee is at 4 in flight${unavailable ? ` (skipped: ${unavailable})` : ''}`, async (ctx) => {
  const server = await startLlamaServer({ parallel: 4 })
  try {
    await serverThroughput(server, 1, 2)
    const one = await serverThroughput(server, 1, 8)
    const two = await serverThroughput(server, 2, 4)
    // LLM_BENCH_LOAD_KNEE_FORCE=1 runs the sweep anyway (to see where the knee is on this machine)
    if (two < 1.5 * one && process.env['LLM_BENCH_LOAD_KNEE_FORCE'] !== '1') {
      ctx.skip(`llama-server's slots do not run in parallel on this machine: 2 in flight served ${two.toFixed(1)} requests/s against ${one.toFixed(1)} at 1 (CPU-bound); the knee would not be its slot count`)
      return
    }
    const provider = { type: 'openai', api: 'completions', model: 'stories', baseURL: server.baseURL, id: 'llama', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 64, retry: { attempts: 1 } }
    const dataset = [`name: stories`, `defaults:`, `  temperature: 0`, `  max_tokens: ${MAX_TOKENS}`, `test_cases:`, ...CASES.map((id) => `  - id: ${id}\n    prompt: "${PROMPT}"`), ''].join('\n')
    const project = await createProject({
      config: configSource(
        `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: 1, load: { concurrency: [1, 2, 4, 8], warmupRequests: 2 } }, slo: { ttftMs: 1000 }, report: { html: true } }`,
      ),
      files: { 'datasets/stories.dataset.yaml': dataset },
    })
    const run = await project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 300_000 })
    expect(run.code, describeRun(run)).toBe(0)
    const load = run.results().load
    const rows = load?.measurements.map((m) => `${m.label}: ${m.requestsPerSecond?.toFixed(2)} req/s, peak ${m.peakConcurrency}, E2E p95 ${m.e2eMs.p95?.toFixed(0)} ms`) ?? []
    expect(load?.measurements.map((m) => m.peakConcurrency), rows.join('\n')).toEqual([1, 2, 4, 8])
    expect(load?.knees[0]?.label, `${load?.knees[0]?.reason}\n${rows.join('\n')}`).toBe('concurrency=4')
  } finally {
    await server.stop()
  }
})
