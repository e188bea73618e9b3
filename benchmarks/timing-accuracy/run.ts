/**
 * benchmarks/timing-accuracy: does the harness measure the server, not itself?
 *
 * A scripted-timing server (test/server's `timeline` mode: first token 100 ms
 * after the request arrived, then one every 20 ms, 50 tokens, each chunk on an
 * absolute schedule, no Nagle) answers `--cases` cases per level in a real
 * `vitest run` at provider concurrency 1, 10 and 64. Prints, per level, the
 * measured TTFT p50, TPOT p50, ITL p50 and E2E p50 from results.json against
 * the scripted truth (TTFT 100, TPOT = ITL = 20, E2E = 100 + 49 × 20 = 1080 ms)
 * as relative errors (target: within 5% on an idle machine), next to the
 * client's socket-to-timed gap (client health: p50 and p99 over every content
 * chunk, the first chunk's p50 apart; '—' where this Node's fetch publishes no
 * socket reads) and the worst worker's event-loop delay p99 (the client delay
 * before the bytes were read), the server's connections, and the machine's load average when
 * the level started. `--protocols` runs the same levels through the anthropic
 * and ollama providers too (the timeline server speaks all three).
 *
 *   npm run bench:accuracy -- [--cases N (default max(20, 4 × level))] [--levels 1,10,64] [--first-ms 100] [--interval-ms 20] [--tokens 50] [--protocols openai,anthropic,ollama]
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import type { RunResults } from '../../src/report/run-results.ts'
import { configSource, createProject, describeRun } from '../../test/helpers/run-vitest.ts'
import { startTestServer, type TestServer } from '../../test/server/test-server.ts'

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    levels: { type: 'string', default: '1,10,64' },
    'first-ms': { type: 'string', default: '100' },
    'interval-ms': { type: 'string', default: '20' },
    tokens: { type: 'string', default: '50' },
    protocols: { type: 'string', default: 'openai' },
  },
})
/** Cases per level: given, or max(20, 4 × concurrency) so that the cold first wave is a quarter of the run at most. */
const casesFor = (level: number): number => (values.cases !== undefined ? Number(values.cases) : Math.max(20, 4 * level))
const levels = values.levels.split(',').map(Number)
const firstTokenMs = Number(values['first-ms'])
const intervalMs = Number(values['interval-ms'])
const tokens = Number(values.tokens)
const truth = { ttft: firstTokenMs, tpot: intervalMs, itl: intervalMs, e2e: firstTokenMs + (tokens - 1) * intervalMs }

const datasetOf = (cases: number): string => ['name: timeline', 'test_cases:', ...Array.from({ length: cases }, (_, i) => `  - id: c${i}\n    prompt: "case ${i}"`), ''].join('\n')
const protocols = values.protocols.split(',').map((p) => p.trim())
const providerFor = (protocol: string, server: TestServer, level: number): Record<string, unknown> => {
  const common = { id: 'scripted', model: 'test-model', concurrency: level }
  if (protocol === 'openai') return { ...common, type: 'openai', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_BENCH_UNSET_KEY' }
  if (protocol === 'anthropic') return { ...common, type: 'anthropic', baseURL: server.anthropicURL, apiKeyEnv: 'LLM_BENCH_BENCH_UNSET_KEY' }
  if (protocol === 'ollama') return { ...common, type: 'ollama', host: server.ollamaURL }
  throw new Error(`--protocols: unknown protocol ${JSON.stringify(protocol)} (openai, anthropic, ollama)`)
}
const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(v < 10 ? 2 : 1))
const pct = (measured: number | null, expected: number): string =>
  measured === null ? '—' : `${measured.toFixed(1)} (${(((measured - expected) / expected) * 100).toFixed(1).padStart(5)}%)`

console.log(`timing accuracy: ${values.cases ?? 'max(20, 4 × concurrency)'} cases per level, scripted TTFT ${truth.ttft} ms, ITL ${truth.itl} ms, ${tokens} tokens, E2E ${truth.e2e} ms; measured p50 (relative error)`)
console.log(['protocol', 'concurrency', 'TTFT p50', 'TPOT p50', 'ITL p50', 'E2E p50', 'gap p50 / p99 (first p50)', 'loop delay p99', 'out tokens', 'connections', 'load avg'].join(' | '))
let worst = 0
for (const protocol of protocols) for (const level of levels) {
  const cases = casesFor(level)
  const server = await startTestServer({ timeline: { firstTokenMs, intervalMs, tokens } })
  const provider = providerFor(protocol, server, level)
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], maxConcurrency: 256, report: { html: false } }`),
    files: { 'datasets/timeline.dataset.yaml': datasetOf(cases) },
  })
  const load = loadavg()[0] ?? 0
  const run = await project.run(['run'], { timeoutMs: 600_000 })
  let results: RunResults
  try {
    results = run.results()
  } catch (error) {
    console.error(describeRun(run))
    throw error
  }
  const s = results.summary
  const measured = { ttft: s.ttftMs.p50, tpot: s.tpotMs.p50, itl: s.itlMs.p50, e2e: s.e2eMs.p50 }
  for (const key of ['ttft', 'tpot', 'itl', 'e2e'] as const) {
    const m = measured[key]
    if (m !== null) worst = Math.max(worst, Math.abs((m - truth[key]) / truth[key]))
  }
  const stats = server.stats()
  const health = results.clientHealth
  const gapP50 = health ? Math.max(...health.workers.map((w) => w.socketGap?.p50Ms ?? 0)) : null
  const firstP50 = health ? Math.max(...health.workers.map((w) => w.socketGap?.firstP50Ms ?? 0)) : null
  const gap = health?.socketGapP99Ms == null ? '—' : `${ms(gapP50)} / ${ms(health.socketGapP99Ms)} (${ms(firstP50)})`
  console.log(
    [protocol.padEnd(9), String(level).padStart(11), pct(measured.ttft, truth.ttft), pct(measured.tpot, truth.tpot), pct(measured.itl, truth.itl), pct(measured.e2e, truth.e2e), gap, ms(health?.p99Ms), `${s.tokens.output}/${cases * tokens}`, `${stats.connections} for ${stats.completions} requests`, load.toFixed(2)].join(' | '),
  )
  await server.close()
  await project.cleanup()
}
console.log(`worst relative error: ${(worst * 100).toFixed(1)}% (target ≤ 5% on an idle machine)`)
