/**
 * benchmarks/client-health: what the client-health sampler (event-loop delay histogram and CPU clock
 * in every worker while timed requests are in flight) costs.
 *
 * N cases against the test server (answers at once), the same project run with `clientHealth`
 * on and off, interleaved and repeated; whole-run wall time of the child Vitest, medians printed,
 * and the health figures the "on" runs measured.
 *
 *   node benchmarks/client-health/run.ts [--cases 1000] [--files 2] [--concurrency 16] [--repeats 5]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ClientHealthReportSchema } from '../../src/metrics/client-health/schema.ts'
import { startOpenAITestServer } from '../../test/helpers/openai-test-server.ts'
import { configSource, createProject, yamlDataset } from '../../test/helpers/run-vitest.ts'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000' },
    files: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '16' },
    repeats: { type: 'string', default: '5' },
  },
})
const files = Number(values.files)
const perFile = Math.ceil(Number(values.cases) / files)
const repeats = Number(values.repeats)

const server = await startOpenAITestServer({ answer: 'Once upon a time there was a little robot.' })
const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: Number(values.concurrency) }
const datasets: Record<string, string> = {}
for (let f = 0; f < files; f++) {
  datasets[`datasets/d${f}.dataset.yaml`] = yamlDataset(`d${f}`, Array.from({ length: perFile }, (_, i) => `c${i}`), "assert:\n  - toMatchRegex: { pattern: 'robot' }\n")
}
const project = await createProject({
  config: configSource(
    `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], sampling: { enabled: false }, clientHealth: { enabled: process.env.BENCH_CLIENT_HEALTH !== '0' }, report: { html: false, csv: false, markdown: false } }`,
  ),
  files: datasets,
})

const walls: Record<'on' | 'off', number[]> = { on: [], off: [] }
const health: string[] = []
console.log(`node ${process.version}, ${perFile * files} cases in ${files} files, concurrency ${values.concurrency}, ${repeats} repeats`)
for (let r = 0; r < repeats; r++) {
  for (const mode of r % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
    const before = new Set(runDirs())
    const run = await project.run(['run', '--project', 'llm'], { env: { BENCH_CLIENT_HEALTH: mode === 'on' ? '1' : '0' }, timeoutMs: 300_000 })
    if (run.code !== 0) throw new Error(`run ${r + 1} (${mode}) exited ${run.code}:\n${run.stderr.slice(-2000)}`)
    walls[mode].push(run.wallMs)
    const dir = runDirs().find((d) => !before.has(d))
    const results = JSON.parse(readFileSync(path.join(dir ?? '', 'results.json'), 'utf8')) as { clientHealth?: unknown }
    if (mode === 'on') {
      const h = ClientHealthReportSchema.parse(results.clientHealth)
      health.push(`p99 ${h.p99Ms} ms, max ${h.maxMs} ms, workers ${h.workers.length}, worker CPU ${h.workers.map((w) => w.cpuPct).join('/')}%, main CPU ${h.mainCpuPct}%`)
    } else if (results.clientHealth !== undefined) {
      throw new Error('clientHealth off, yet results.json has a clientHealth section')
    }
    console.log(`  run ${r + 1} ${mode.padEnd(3)} ${(run.wallMs / 1000).toFixed(2)} s${mode === 'on' ? `  ${health.at(-1)}` : ''}`)
  }
}
await server.close()
await project.cleanup()

function runDirs(): string[] {
  const out = path.join(project.dir, 'bench-results')
  return existsSync(out) ? readdirSync(out).map((d) => path.join(out, d)) : []
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const on = median(walls.on)
const off = median(walls.off)
console.log(`\nmedian wall: off ${(off / 1000).toFixed(2)} s, on ${(on / 1000).toFixed(2)} s; on/off = ${(on / off).toFixed(3)} (${(((on - off) / off) * 100).toFixed(1)}%)`)
