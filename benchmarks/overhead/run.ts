/**
 * benchmarks/overhead: what llm-test-bench adds on top of Vitest.
 *
 * N cases against a local OpenAI-compatible server that answers at once, run
 * three ways on the same Node, in the same process tree conditions:
 *   1. bare loop: the openai SDK at a fixed concurrency, no framework;
 *   2. plain Vitest: N `test.concurrent`, each the same SDK call and one `expect`;
 *   3. llm-test-bench: the same N cases as dataset files, `vitest run --project llm`.
 * Each is a whole process (spawn to exit); peak RSS is the largest single
 * process of its tree. Runs are interleaved and repeated; medians are printed.
 *
 *   npm run bench:overhead -- [--cases 2000] [--files 4] [--concurrency 16] [--repeats 3]
 */
import { execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startOpenAITestServer } from '../../test/helpers/openai-test-server.ts'
import { watchPeakRss } from './process-tree-peak.ts'
import { writeHarnessProject, writePlainVitestProject } from './projects.ts'

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '2000' },
    files: { type: 'string', default: '4' },
    concurrency: { type: 'string', default: '16' },
    repeats: { type: 'string', default: '3' },
  },
})
const files = Number(values.files)
const casesPerFile = Math.ceil(Number(values.cases) / files)
const cases = casesPerFile * files
const concurrency = Number(values.concurrency)
const repeats = Number(values.repeats)

interface Measurement {
  wallMs: number
  largestMb: number
  processes: [string, number][]
}

const server = await startOpenAITestServer({ answer: 'Once upon a time there was a little robot.' })
const work = join(repo, '.cache', 'bench-overhead')
writePlainVitestProject(join(work, 'plain'), { files, casesPerFile, concurrency })
// the harness uses the built package, as an installed user gets it
execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repo, 'tsconfig.build.json')], { stdio: 'inherit' })
writeHarnessProject(join(work, 'harness'), { files, casesPerFile, concurrency }, repo)

const node = process.execPath
const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs')
const contenders: Record<string, { args: string[]; cwd: string }> = {
  'bare SDK loop': { args: [join(repo, 'benchmarks', 'overhead', 'bare-loop.ts'), server.baseURL, String(cases), String(concurrency)], cwd: repo },
  'plain Vitest': { args: [vitest, 'run'], cwd: join(work, 'plain') },
  'llm-test-bench': { args: [vitest, 'run', '--project', 'llm'], cwd: join(work, 'harness') },
}

const results = new Map<string, Measurement[]>()
console.log(`node ${process.version}, ${cases} cases in ${files} files, concurrency ${concurrency}, ${repeats} repeats, server ${server.baseURL}`)
for (let r = 0; r < repeats; r++) {
  for (const [name, c] of Object.entries(contenders)) {
    server.reset()
    const m = await measure(c.args, c.cwd)
    const requests = server.stats().requests
    if (requests !== cases) throw new Error(`${name}: the server saw ${requests} requests, expected ${cases}`)
    results.set(name, [...(results.get(name) ?? []), m])
    const processes = m.processes.slice(0, 3).map(([p, mb]) => `${p} ${mb.toFixed(0)}`).join(', ')
    console.log(`  run ${r + 1} ${name.padEnd(15)} ${(m.wallMs / 1000).toFixed(2)} s  ${(cases / (m.wallMs / 1000)).toFixed(0)} cases/s  peak RSS MB: ${processes}`)
  }
}
await server.close()

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}
const summary = [...results].map(([name, ms]) => {
  const wallMs = median(ms.map((m) => m.wallMs))
  return { name, wallMs, casesPerSecond: cases / (wallMs / 1000), largestMb: Math.max(...ms.map((m) => m.largestMb)) }
})
console.log('\nmedian of runs:')
console.log('contender        wall (s)  cases/s  peak RSS, largest process (MB)')
for (const s of summary) console.log(`${s.name.padEnd(15)}  ${(s.wallMs / 1000).toFixed(2).padStart(8)}  ${s.casesPerSecond.toFixed(0).padStart(7)}  ${s.largestMb.toFixed(0).padStart(6)}`)
const by = (name: string) => summary.find((s) => s.name === name) as (typeof summary)[number]
const ratio = by('llm-test-bench').casesPerSecond / by('plain Vitest').casesPerSecond
console.log(`\nllm-test-bench / plain Vitest throughput: ${(ratio * 100).toFixed(1)}% (target >= 90%)`)
console.log(`llm-test-bench / bare SDK loop throughput: ${((by('llm-test-bench').casesPerSecond / by('bare SDK loop').casesPerSecond) * 100).toFixed(1)}%`)
console.log(`llm-test-bench largest process: ${by('llm-test-bench').largestMb.toFixed(0)} MB (target < 250 MB)`)

function measure(args: string[], cwd: string): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now()
    const child = spawn(node, args, {
      cwd,
      env: { ...process.env, BENCH_BASE_URL: server.baseURL, CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const peak = watchPeakRss(child.pid as number)
    child.on('exit', (code) => {
      const wallMs = performance.now() - started
      const { largestMb, processes } = peak.stop()
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}\n${stderr.slice(-2000)}`))
      else resolvePromise({ wallMs, largestMb, processes })
    })
  })
}
