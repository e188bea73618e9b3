/**
 * benchmarks/scale: memory and throughput as the number of cases grows.
 *
 * For each size (default 2,000, 20,000, 100,000 cases in 4 dataset files, concurrency 64, a local
 * OpenAI-compatible server that answers at once with 8 streamed chunks), each contender runs as a
 * whole process (spawn to exit), interleaved and repeated:
 *   1. bare loop: the openai SDK, no framework (benchmarks/overhead/bare-loop.ts);
 *   2. plain Vitest: `test.concurrent` + the SDK call + one `expect` (benchmarks/overhead's project);
 *   3. promptfoo 0.123 `eval -j 64` (installed on demand into .cache/bench-scale/promptfoo; at 2,000 only unless --promptfoo-all);
 *   4. llm-test-bench: the built package, `vitest run --project llm`.
 * Printed: wall, cases/s, peak RSS of every process (Vitest's main and its forks worker apart), the
 * slope in KB per case between sizes, the ratios the targets name, the time from the spawn to the
 * first request the server saw (start-up), and the time from the last request's end (the server saw
 * it finish) to the process's exit (teardown).
 *
 *   npm run bench:scale -- [--sizes 2000,20000,100000] [--repeats 1] [--files 4] [--concurrency 64]
 *                          [--contenders bare,plain,promptfoo,harness] [--promptfoo-all]
 */
import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startOpenAITestServer } from '../../test/helpers/openai-test-server.ts'
import { writeHarnessProject, writePlainVitestProject } from '../overhead/projects.ts'
import { measure, type Measurement } from './measure.ts'
import { installPromptfoo, writePromptfooProject } from './promptfoo.ts'
import { printSummary, type Row } from './summary.ts'

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '2000,20000,100000' },
    files: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '64' },
    repeats: { type: 'string', default: '1' },
    contenders: { type: 'string', default: 'bare,plain,promptfoo,harness' },
    'promptfoo-all': { type: 'boolean', default: false },
  },
})
const files = Number(values.files)
const concurrency = Number(values.concurrency)
const repeats = Number(values.repeats)
const wanted = new Set(values.contenders.split(','))
const sizes = values.sizes.split(',').map((s) => Math.ceil(Number(s) / files) * files)

const server = await startOpenAITestServer({ answer: 'Once upon a time there was a little robot.' })
const work = join(repo, '.cache', 'bench-scale')
const node = process.execPath
const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs')
if (wanted.has('harness')) {
  // the harness uses the built package, as an installed user gets it
  execFileSync(node, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repo, 'tsconfig.build.json')], { stdio: 'inherit' })
}
let promptfoo: string | null = null
if (wanted.has('promptfoo')) {
  promptfoo = installPromptfoo(join(work, 'promptfoo'))
  if (!promptfoo) console.log('promptfoo: skipped (could not be installed: see above)')
}

console.log(`node ${process.version}, sizes ${sizes.join(', ')} in ${files} files, concurrency ${concurrency}, ${repeats} repeat(s), server ${server.baseURL}`)
const rows: Row[] = []
for (const cases of sizes) {
  const casesPerFile = cases / files
  const shape = { files, casesPerFile, concurrency }
  const contenders: Record<string, { args: string[]; cwd: string }> = {}
  if (wanted.has('bare')) contenders['bare SDK loop'] = { args: [join(repo, 'benchmarks', 'overhead', 'bare-loop.ts'), server.baseURL, String(cases), String(concurrency)], cwd: repo }
  if (wanted.has('plain')) {
    writePlainVitestProject(join(work, 'plain'), shape)
    contenders['plain Vitest'] = { args: [vitest, 'run'], cwd: join(work, 'plain') }
  }
  if (promptfoo) {
    if (cases <= 2000 || values['promptfoo-all']) {
      writePromptfooProject(join(work, 'promptfoo-project'), shape, server.baseURL)
      contenders['promptfoo 0.123'] = { args: [promptfoo, 'eval', '-c', 'promptfooconfig.yaml', '-j', String(concurrency), '--no-cache', '--no-table', '--no-write', '--no-progress-bar'], cwd: join(work, 'promptfoo-project') }
    } else console.log(`promptfoo at ${cases}: skipped (the issue's table has it at 2,000 only; --promptfoo-all runs it)`)
  }
  if (wanted.has('harness')) {
    writeHarnessProject(join(work, 'harness'), shape, repo)
    contenders['llm-test-bench'] = { args: [vitest, 'run', '--project', 'llm'], cwd: join(work, 'harness') }
  }
  for (let r = 0; r < repeats; r++) {
    for (const [name, c] of Object.entries(contenders)) {
      server.reset()
      let m: Measurement
      try {
        m = await measure(node, c.args, c.cwd, { BENCH_BASE_URL: server.baseURL }, () => server.stats(), cases)
      } catch (error) {
        console.log(`  ${cases} ${name}: failed: ${String(error).slice(0, 600)}`)
        continue
      }
      const requests = server.stats().requests
      if (requests !== cases) console.log(`  ${name}: the server saw ${requests} requests, expected ${cases}`)
      rows.push({ name, cases, ...m })
      const processes = m.processes.slice(0, 3).map(([p, mb]) => `${p} ${mb.toFixed(0)}`).join(', ')
      const seconds = (ms: number | null): string => (ms === null ? '?' : (ms / 1000).toFixed(2))
      console.log(`  ${String(cases).padStart(6)} run ${r + 1} ${name.padEnd(15)} ${(m.wallMs / 1000).toFixed(2)} s  ${(cases / (m.wallMs / 1000)).toFixed(0)} cases/s  first request after ${seconds(m.firstRequestMs)} s  exit after last ${seconds(m.exitAfterLastMs)} s  peak RSS MB: ${processes}`)
    }
  }
}
await server.close()
printSummary(rows, sizes)
