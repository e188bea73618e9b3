/**
 * The shard-merge equality check of test/report/shard-merge.test.ts at scale
 * (default 10,000 cases over 4 dataset files, one function provider): the
 * responses are recorded once, then replayed by one unsharded run and by
 * `--shard=k/n` runs with blob reports merged with `--merge-reports`. Every
 * artifact of the two run folders must be equal once the run id and the
 * times are masked (test/helpers/artifact-equality.ts), and again when every
 * artifact is written anew from each results.json. Prints each run's wall
 * time; exits 1 when anything differs, naming the first file that does.
 * Minutes on a 2-core machine: a benchmark, not a test.
 *
 *   node benchmarks/shard-merge/run.ts [--cases 10000] [--files 4] [--shards 2]
 */
import { deepStrictEqual } from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { writeArtifacts } from '../../src/report/artifacts/write-artifacts.ts'
import { readRunResults } from '../../src/report/results-schema.ts'
import { normalizedArtifacts } from '../../test/helpers/artifact-equality.ts'
import { configSource, createProject, describeRun, type TestProject } from '../../test/helpers/run-vitest.ts'

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, files: { type: 'string', default: '4' }, shards: { type: 'string', default: '2' } } })
const cases = Number(values.cases)
const files = Number(values.files)
const shards = Number(values.shards)

/** Deterministic answers from the prompt's hash; about 4% are cut short of "sea" (their case fails). */
const STORYTELLER = `export default function storyteller(input) {
  let h = 0
  for (const c of input.prompt) h = (h * 31 + c.charCodeAt(0)) >>> 0
  const words = h % 25 === 0 ? 3 + (h % 5) : 9 + (h % 7)
  const output = ['Once', 'upon', 'a', 'time', 'a', 'robot', 'sailed', 'the', 'sea', 'and', 'found', 'a', 'map', 'of', 'stars'].slice(0, words).join(' ')
  return { output, usage: { inputTokens: 5 + (h % 7), outputTokens: words } }
}
`

function dataset(name: string, count: number, from: number): string {
  const lines = Array.from({ length: count }, (_, i) => `  - id: c${from + i}\n    category: ${i % 3 === 0 ? 'short' : 'long'}\n    prompt: "Tell story ${name}-${from + i}"`)
  return `name: ${name}\nassert:\n  - toMatchRegex: 'sea'\ntest_cases:\n${lines.join('\n')}\n`
}

const datasets: Record<string, string> = { 'storyteller.mjs': STORYTELLER }
const per = Math.ceil(cases / files)
for (let f = 0; f < files; f++) datasets[`datasets/d${f}.dataset.yaml`] = dataset(`d${f}`, Math.min(per, cases - f * per), f * per)
const provider = { type: 'function', module: './storyteller.mjs', id: 'app', concurrency: 64 }
const project = await createProject({
  config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], sampling: { enabled: false } }`),
  files: datasets,
})

const timings: string[] = []
async function run(label: string, args: string[], cache: string): Promise<void> {
  const started = performance.now()
  const result = await project.run(args, { env: { LLM_BENCH_CACHE: cache }, timeoutMs: 1_800_000 })
  timings.push(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  if (result.code !== 0 && result.code !== 1) throw new Error(`${label} failed\n${describeRun(result)}`)
}

/** The run folder a run made. */
async function newRunDir(p: TestProject, label: string, args: string[], cache: string): Promise<string> {
  const base = path.join(p.dir, 'bench-results')
  const list = (): string[] => {
    try {
      return readdirSync(base).map((name) => path.join(base, name))
    } catch {
      return []
    }
  }
  const before = new Set(list())
  await run(label, args, cache)
  const created = list().filter((d) => !before.has(d))
  if (created.length !== 1) throw new Error(`${label}: expected one new run folder, found ${created.length}`)
  return created[0] as string
}

await run('record', ['run', '--project', 'llm', '--reporter=dot'], 'record')
const unsharded = await newRunDir(project, 'unsharded replay', ['run', '--project', 'llm', '--reporter=dot'], 'replay')
for (let k = 1; k <= shards; k++) await run(`shard ${k}/${shards}`, ['run', '--project', 'llm', `--shard=${k}/${shards}`, '--reporter=blob'], 'replay')
const merged = await newRunDir(project, 'merge', ['--merge-reports', '--reporter=dot'], 'replay')

const runIdOf = (dir: string): string => (JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { runId: string }).runId
const count = (JSON.parse(readFileSync(path.join(unsharded, 'results.json'), 'utf8')) as { cases: unknown[] }).cases.length

/** Throws naming the first file whose normalized content differs. */
function compare(left: string, right: string, leftRunId: string, rightRunId: string, what: string): number {
  const a = normalizedArtifacts(left, leftRunId)
  const b = normalizedArtifacts(right, rightRunId)
  deepStrictEqual([...b.keys()], [...a.keys()], `${what}: the same files`)
  for (const [file, content] of a) deepStrictEqual(b.get(file), content, `${what}: ${file} differs`)
  return a.size
}

let status = 0
try {
  if (count !== cases) throw new Error(`the unsharded run has ${count} cases, not ${cases}`)
  const compared = compare(unsharded, merged, runIdOf(unsharded), runIdOf(merged), 'run folders')
  const again = [path.join(project.dir, 'again-unsharded'), path.join(project.dir, 'again-merged')] as const
  const all = { csv: true, markdown: true, rawResponses: true }
  writeArtifacts(again[0], readRunResults(path.join(unsharded, 'results.json')), all)
  writeArtifacts(again[1], readRunResults(path.join(merged, 'results.json')), all)
  const rewritten = compare(again[0], again[1], runIdOf(unsharded), runIdOf(merged), 'artifacts written again')
  console.log(`equal: ${cases} cases, ${shards} shards merged = one unsharded run (${compared} artifacts, then ${rewritten} written again from results.json)`)
} catch (error) {
  status = 1
  console.error(`NOT equal: ${error instanceof Error ? error.message.slice(0, 4000) : String(error)}`)
}
console.log(`shard merge at ${cases} cases, ${files} dataset files, Node ${process.version}; wall time per run:\n  ${timings.join('\n  ')}`)
await project.cleanup()
process.exit(status)
