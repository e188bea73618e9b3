// node_modules/.bin/node benchmarks/run-results/run.ts [results.jsonl] [repeats]: CPU time of buildRunResults
// on slimmed records (as finishRun hands them in: gaps in Float64Array blocks), and a sha of the numbers
// (results.json less its cases) to compare before/after a change. Prints the load average beside it.
import { createHash } from 'node:crypto'
import { loadavg } from 'node:os'
import type { CaseRecord } from '../../src/record/schema.ts'
import { jsonlSource } from '../../src/report/record-source.ts'
import { buildRunResults, compareRecords } from '../../src/report/run-results.ts'
import { RecordSlimmer } from '../../src/report/slim-record.ts'
import { releasePercentileScratch } from '../../src/metrics/percentile.ts'

const [file = '.cache/br20/results.jsonl', repeatsText = '3'] = process.argv.slice(2)
const slimmer = new RecordSlimmer()
const records: CaseRecord[] = []
for (const r of jsonlSource(file)()) records.push(slimmer.slim(r))
records.sort(compareRecords)
const info = { runId: 'r1', project: 'bench', mode: 'run', startedAt: new Date('2026-11-22T10:00:00Z'), endedAt: new Date('2026-11-22T11:00:00Z'), reason: 'passed' }
const times: number[] = []
let sha = ''
for (let i = 0; i < Number(repeatsText); i++) {
  const cpu0 = process.cpuUsage()
  const results = buildRunResults(info, records, [])
  const cpu = process.cpuUsage(cpu0)
  releasePercentileScratch()
  times.push((cpu.user + cpu.system) / 1000)
  const { cases: _cases, ...numbers } = results
  sha = createHash('sha256').update(JSON.stringify(numbers)).digest('hex').slice(0, 16)
}
console.log(`${records.length} records: buildRunResults cpu ms ${times.map((t) => t.toFixed(0)).join(' ')} (min ${Math.min(...times).toFixed(0)}); numbers sha ${sha}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
