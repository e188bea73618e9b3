/**
 * Resume planning at scale: a run folder whose results.jsonl holds N realistic
 * case records (default 100,000; benchmarks/reporter/records.ts), planned in a
 * fresh process 3 times (median printed): the time and peak RSS of reading the
 * file into a plan, and the bytes of what every worker is provided
 * (`llmBenchResume`), against the bytes of the records themselves (what workers
 * were provided before: every finished record, whole).
 *
 * With `--before <git revision>`, the same is measured on that revision's
 * src/ (extracted with git archive) in the same run, interleaved: e.g.
 * `--before e89f8c0~1`, resume as it was before workers got only keys.
 *
 *   node benchmarks/resume/run.ts [--records 100000] [--runs 3] [--before <rev>]
 */
import { execFileSync, execSync } from 'node:child_process'
import { appendFileSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { syntheticRecords } from '../reporter/records.ts'

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, before: { type: 'string' } } })
const repo = fileURLToPath(new URL('../../', import.meta.url))
const count = Number(values.records)
const runs = Number(values.runs)
const runId = 'bench-20261122-100000-0badcafe'
const outputDir = join(repo, '.cache', 'bench-resume')
rmSync(outputDir, { recursive: true, force: true })
mkdirSync(join(outputDir, runId), { recursive: true })
const file = join(outputDir, runId, 'results.jsonl')
// written in batches, and the whole-records size summed: a file over ~512 MB is more than one string can hold
let wholeBytes = 2
const batch = 10_000
for (let from = 0; from < count; from += batch) {
  const records = syntheticRecords(Math.min(count, from + batch)).slice(from).map((r) => ({ ...r, runId }))
  appendFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
  // what workers were provided before: every finished record, whole, by key (`{"key":record,...}`)
  for (const r of records) if (r.status !== 'skipped') wholeBytes += Buffer.byteLength(JSON.stringify(JSON.stringify([r.dataset, r.caseId, r.provider, r.requestHash]))) + 1 + Buffer.byteLength(JSON.stringify(r)) + 1
}
wholeBytes -= 1
const fileMB = statSync(file).size / 2 ** 20

interface Sample {
  ms: number
  cpuMs: number
  peakRssMB: number
  finished: number
  providedBytes: number
}

/** The src/ folders to measure: this checkout's, and the `--before` revision's. */
const variants: { name: string; src: string }[] = [{ name: 'now', src: '../../src' }]
if (values.before) {
  const tree = join(repo, '.cache', 'bench-resume-before')
  rmSync(tree, { recursive: true, force: true })
  mkdirSync(tree, { recursive: true })
  execSync(`git archive ${JSON.stringify(values.before)} src | tar -x -C ${JSON.stringify(tree)}`, { cwd: repo })
  symlinkSync(join(repo, 'node_modules'), join(tree, 'node_modules'))
  variants.unshift({ name: `before (${values.before})`, src: join(tree, 'src') })
}
const samples = new Map<string, Sample[]>()
const failures = new Map<string, string>()
for (let i = 0; i < runs; i++) {
  for (const { name, src } of variants) {
    try {
      const out = execFileSync(process.execPath, [join(repo, 'benchmarks/resume/child.ts'), outputDir, runId, src], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'pipe'] })
      samples.set(name, [...(samples.get(name) ?? []), JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample])
    } catch (error) {
      // e.g. a file too big for the revision measured: said, and the other variant still measured
      const stderr = (error as { stderr?: string }).stderr ?? String(error)
      failures.set(name, stderr.split('\n').find((l) => /Error|error/.test(l))?.trim() ?? stderr.slice(0, 300))
    }
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
console.log(`resume planning, ${count} records (${fileMB.toFixed(1)} MB results.jsonl), median of ${runs} fresh processes (Node ${process.version})`)
console.log(`whole records by key (what workers were provided before): ${(wholeBytes / 2 ** 20).toFixed(2)} MB (${wholeBytes} bytes)`)
for (const [name, list] of samples) {
  const provided = median(list.map((s) => s.providedBytes))
  console.log(
    `${name}: ${list[0]?.finished} finished cases; planning ${median(list.map((s) => s.ms)).toFixed(0)} ms wall, ${median(list.map((s) => s.cpuMs)).toFixed(0)} ms CPU, peak RSS ${median(list.map((s) => s.peakRssMB)).toFixed(0)} MB; provided to each worker ${(provided / 2 ** 20).toFixed(2)} MB (${provided} bytes, ${(provided / wholeBytes).toFixed(3)} of the records)`,
  )
  for (const s of list) console.log(`  ${s.ms.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU, ${s.peakRssMB.toFixed(0)} MB, ${s.providedBytes} bytes`)
}
for (const [name, failure] of failures) console.log(`${name}: FAILED: ${failure}`)
rmSync(outputDir, { recursive: true, force: true })
