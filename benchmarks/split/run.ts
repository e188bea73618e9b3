/**
 * benchmarks/split: one dataset file in one worker vs split over several (the `split` option).
 *
 * Both runs are real `vitest run`s with the same `maxWorkers`; only `split` differs (`false` vs the
 * number of parts), and they alternate, whole first, for `--rounds` rounds.
 *
 * 1. Timing accuracy at concurrency `--level` (default 64) against the scripted `timeline` test server
 *    (first token 100 ms after the request arrived, then every 20 ms, 50 tokens: TTFT 100, E2E 1080 ms):
 *    TTFT p50/p95 and E2E p50 relative errors, and the worst worker's event-loop delay p99.
 * 2. Throughput: `--cases` cases (default 20,000) at provider concurrency `--concurrency` (default 128)
 *    against a fast timeline (first token 10 ms, then every 5 ms, 10 tokens), where the client is the
 *    bottleneck: requests/s over the time in flight (results.json) and the run's wall time.
 *
 *   npm run bench:split -- [--parts N (default: the cores, at least 2)] [--level 64] [--accuracy-cases 256] [--cases 20000] [--concurrency 128] [--rounds 1] [--only accuracy|throughput]
 */
import { availableParallelism, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { RunResults } from '../../src/report/run-results.ts'
import { configSource, createProject, describeRun } from '../../test/helpers/run-vitest.ts'
import { startTestServer } from '../../test/server/test-server.ts'

const { values } = parseArgs({
  options: {
    parts: { type: 'string', default: String(Math.max(2, availableParallelism())) },
    level: { type: 'string', default: '64' },
    'accuracy-cases': { type: 'string', default: '256' },
    cases: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '128' },
    rounds: { type: 'string', default: '1' },
    only: { type: 'string' },
  },
})
const parts = Number(values.parts)
const rounds = Number(values.rounds)

interface Outcome {
  results: RunResults
  wallMs: number
  load: number
}

async function runOnce(input: { split: number | false; cases: number; concurrency: number; timeline: { firstTokenMs: number; intervalMs: number; tokens: number } }): Promise<Outcome> {
  const server = await startTestServer({ timeline: input.timeline })
  const provider = { id: 'scripted', type: 'openai', model: 'test-model', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_BENCH_UNSET_KEY', concurrency: input.concurrency }
  const cases = Array.from({ length: input.cases }, (_, i) => `  - id: c${i}\n    prompt: "case ${i}"`)
  const project = await createProject({
    config: configSource(
      `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], split: ${input.split}, progress: false, sampling: { enabled: false }, report: { html: false, csv: false, markdown: false } }`,
      `maxWorkers: ${parts}`,
    ),
    files: { 'datasets/timeline.dataset.yaml': ['name: timeline', 'test_cases:', ...cases, ''].join('\n') },
  })
  const load = loadavg()[0] ?? 0
  const run = await project.run(['run'], { timeoutMs: 600_000 })
  try {
    const results = run.results()
    if (results.summary.cases !== input.cases) throw new Error(`${results.summary.cases} cases of ${input.cases}`)
    return { results, wallMs: run.wallMs, load }
  } catch (error) {
    console.error(describeRun(run))
    throw error
  } finally {
    await server.close()
    await project.cleanup()
  }
}

const label = (split: number | false): string => (split === false ? 'one worker' : `split ${split}`)
const err = (measured: number | null, truth: number): string => (measured === null ? '—' : `${measured.toFixed(1)} (${(((measured - truth) / truth) * 100).toFixed(1)}%)`)
const lag = (r: RunResults): string => (r.clientHealth?.p99Ms == null ? '—' : r.clientHealth.p99Ms.toFixed(1))
const workers = (r: RunResults): number => new Set(r.clientHealth?.workers.map((w) => w.pid) ?? []).size
/** CPU seconds the workers spent while requests were in flight (client health: CPU % × time in flight, summed). */
const workerCpuS = (r: RunResults): string => (r.clientHealth?.workers.reduce((sum, w) => sum + ((w.cpuPct ?? 0) / 100) * (w.timedMs / 1000), 0) ?? 0).toFixed(1)

console.log(`benchmarks/split: maxWorkers ${parts} in both runs; ${availableParallelism()} cores here`)
if (values.only !== 'throughput') {
  const level = Number(values.level)
  const cases = Number(values['accuracy-cases'])
  const timeline = { firstTokenMs: 100, intervalMs: 20, tokens: 50 }
  console.log(`\n1. timing accuracy: ${cases} cases at concurrency ${level}; scripted TTFT 100 ms, E2E 1080 ms; measured (relative error)`)
  console.log(['run', 'workers', 'TTFT p50', 'TTFT p95', 'E2E p50', 'loop delay p99 ms', 'load avg'].join(' | '))
  for (let round = 0; round < rounds; round++) {
    for (const split of [false, parts] as const) {
      const { results: r, load } = await runOnce({ split, cases, concurrency: level, timeline })
      const s = r.summary
      console.log([label(split), workers(r), err(s.ttftMs.p50, 100), err(s.ttftMs.p95, 100), err(s.e2eMs.p50, 1080), lag(r), load.toFixed(2)].join(' | '))
    }
  }
}
if (values.only !== 'accuracy') {
  const cases = Number(values.cases)
  const concurrency = Number(values.concurrency)
  const timeline = { firstTokenMs: 10, intervalMs: 5, tokens: 10 }
  console.log(`\n2. throughput: ${cases} cases at concurrency ${concurrency}; scripted E2E 55 ms (server-bound ceiling ${Math.round((concurrency / 55) * 1000)} req/s)`)
  console.log(['run', 'workers', 'req/s (in flight)', 'wall s', 'worker CPU s', 'TTFT p50 ms', 'loop delay p99 ms', 'load avg'].join(' | '))
  const rates: Record<string, number[]> = {}
  for (let round = 0; round < rounds; round++) {
    for (const split of [false, parts] as const) {
      const { results: r, wallMs, load } = await runOnce({ split, cases, concurrency, timeline })
      const rate = r.summary.requestsPerSecond ?? 0
      ;(rates[label(split)] ??= []).push(rate)
      console.log([label(split), workers(r), rate.toFixed(0), (wallMs / 1000).toFixed(1), workerCpuS(r), r.summary.ttftMs.p50?.toFixed(1) ?? '—', lag(r), load.toFixed(2)].join(' | '))
    }
  }
  const mean = (xs: number[] = []): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
  console.log(`throughput ratio split/one worker: ${(mean(rates[label(parts)]) / mean(rates[label(false)])).toFixed(2)}`)
}
