/**
 * benchmarks/memory/heap-run.ts: heap snapshots of Vitest's main process and its forks worker
 * during a run, at given numbers of finished requests, for either contender of benchmarks/scale
 * (plain Vitest or llm-test-bench, the built package: run `npm run build` first).
 *
 *   node benchmarks/memory/heap-run.ts --contender harness --cases 20000 --at 2000,18000 [--files 1] [--split 4|false|auto]
 *
 * Each process writes `Heap.*.heapsnapshot` into <out>/<contender>-<cases>/ (the project's folder);
 * compare two of them with benchmarks/memory/heap-diff.ts.
 */
import { spawn, execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startOpenAITestServer } from '../../test/helpers/openai-test-server.ts'
import { writeHarnessProject, writePlainVitestProject } from '../overhead/projects.ts'
import { watchPeakRss } from '../overhead/process-tree-peak.ts'

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)))
const { values } = parseArgs({
  options: {
    contender: { type: 'string', default: 'harness' },
    cases: { type: 'string', default: '20000' },
    files: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '64' },
    // the harness's `split` option: a number of parts, false or auto (default: the option's default)
    split: { type: 'string' },
    // '' for none: then only the peak RSS of each process is printed
    at: { type: 'string', default: '2000,18000' },
    out: { type: 'string', default: join(repo, '.cache', 'bench-memory') },
  },
})
const files = Number(values.files)
const cases = Number(values.cases)
const at = values.at === '' ? [] : values.at.split(',').map(Number)
const split: number | false | 'auto' | undefined = values.split === undefined ? undefined : values.split === 'false' ? false : values.split === 'auto' ? 'auto' : Number(values.split)
const shape = { files, casesPerFile: Math.ceil(cases / files), concurrency: Number(values.concurrency), ...(split === undefined ? {} : { split }) }
const dir = join(values.out, `${values.contender}-${cases}${split === undefined ? '' : `-split-${String(split)}`}`)
if (values.contender === 'plain') writePlainVitestProject(dir, shape)
else writeHarnessProject(dir, shape, repo)

const server = await startOpenAITestServer({ answer: 'Once upon a time there was a little robot.' })
const args = [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...(values.contender === 'plain' ? [] : ['--project', 'llm'])]
const child = spawn(process.execPath, args, {
  cwd: dir,
  env: { ...process.env, BENCH_BASE_URL: server.baseURL, CI: 'true', NO_COLOR: '1', ...(at.length > 0 ? { NODE_OPTIONS: '--heapsnapshot-signal=SIGUSR2' } : {}) },
  stdio: ['ignore', 'ignore', 'inherit'],
})
const peak = watchPeakRss(child.pid as number)
const tree = (): number[] => {
  // the main process and every descendant (the forks worker)
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/))
  const pids = [child.pid as number]
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of out) if (Number(ppid) === pids[i]) pids.push(Number(pid))
  // node processes only (Vite's esbuild service and Vitest's watchdog are children too)
  const names = new Map(out.map(([pid, , command]) => [Number(pid), command ?? '']))
  return pids.filter((pid) => names.get(pid)?.endsWith('/node'))
}
const pending = [...at]
const poll = setInterval(() => {
  const done = server.stats().requests
  if (pending.length > 0 && done >= (pending[0] as number)) {
    const n = pending.shift()
    const pids = tree()
    console.log(`at ${done} requests (target ${n}): SIGUSR2 to ${pids.join(', ')}`)
    for (const pid of pids) process.kill(pid, 'SIGUSR2')
  }
}, 20)
const code = await new Promise<number | null>((r) => child.on('exit', r))
clearInterval(poll)
const { processes } = peak.stop()
console.log(`peak RSS MB (${cases} cases, ${server.stats().requests} requests): ${processes.slice(0, 3).map(([p, mb]) => `${p} ${mb.toFixed(0)}`).join(', ')}`)
await server.close()
console.log(`exit ${code}; snapshots in ${dir}:`)
for (const f of readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot')).sort()) console.log(`  ${f}`)
