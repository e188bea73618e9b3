/**
 * Resume planning at scale: a run folder whose results.jsonl holds N realistic
 * case records (default 100,000; benchmarks/reporter/records.ts), planned in a
 * fresh process 3 times (median printed): the time and peak RSS of reading the
 * file into a plan, and the bytes of what every worker is provided
 * (`llmBenchResume`), against the bytes of the records themselves (what workers
 * were provided before: every finished record, whole).
 *
 *   node benchmarks/resume/run.ts [--records 100000] [--runs 3]
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { syntheticRecords } from '../reporter/records.ts'

const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } } })
const repo = fileURLToPath(new URL('../../', import.meta.url))
const count = Number(values.records)
const runs = Number(values.runs)
const runId = 'bench-20261122-100000-0badcafe'
const outputDir = join(repo, '.cache', 'bench-resume')
rmSync(outputDir, { recursive: true, force: true })
mkdirSync(join(outputDir, runId), { recursive: true })
const file = join(outputDir, runId, 'results.jsonl')
const records = syntheticRecords(count).map((r) => ({ ...r, runId }))
const index: Record<string, unknown> = {}
for (const r of records) if (r.status !== 'skipped') index[JSON.stringify([r.dataset, r.caseId, r.provider, r.requestHash])] = r
// what workers were provided before: every finished record, whole, by key
const wholeBytes = Buffer.byteLength(JSON.stringify(index))
writeFileSync(file, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
const fileMB = statSync(file).size / 2 ** 20

interface Sample {
  ms: number
  peakRssMB: number
  finished: number
  providedBytes: number
}
const samples: Sample[] = []
for (let i = 0; i < runs; i++) {
  const out = execFileSync(process.execPath, [join(repo, 'benchmarks/resume/child.ts'), outputDir, runId], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 20 })
  samples.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample)
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const provided = median(samples.map((s) => s.providedBytes))
console.log(`resume planning, ${count} records (${fileMB.toFixed(1)} MB results.jsonl), median of ${runs} fresh processes (Node ${process.version})`)
console.log(`finished cases: ${samples[0]?.finished}`)
console.log(`planning: ${median(samples.map((s) => s.ms)).toFixed(0)} ms, peak RSS ${median(samples.map((s) => s.peakRssMB)).toFixed(0)} MB`)
console.log(`provided to each worker: ${(provided / 2 ** 20).toFixed(2)} MB (${provided} bytes); whole records by key: ${(wholeBytes / 2 ** 20).toFixed(2)} MB (${wholeBytes} bytes); ratio ${(provided / wholeBytes).toFixed(3)}`)
for (const s of samples) console.log(`  ${s.ms.toFixed(0)} ms, ${s.peakRssMB.toFixed(0)} MB, ${s.providedBytes} bytes`)
rmSync(outputDir, { recursive: true, force: true })
