/**
 * The run history index at a run's end (issue 11 §1): what `finishRun` keeps
 * per record for it (`indexCaseOf`, heap bytes per record) and what indexing
 * the run costs (`indexAtRunEnd`, CPU ms), from a run's results.jsonl read as
 * finishRun reads it (slimmed records). Run with --expose-gc for the heap figure.
 *
 *   node --expose-gc benchmarks/history/run-end.ts <results.jsonl> [repeats=3] [out dir]
 *
 * Prints the load average, heap bytes per IndexCase, and each indexAtRunEnd's
 * CPU ms (user + system, a fresh history.sqlite each time), then the median.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { indexCaseOf, type IndexCase } from '../../src/history/figures.ts'
import { indexAtRunEnd } from '../../src/history/index-at-run-end.ts'
import { jsonlSource } from '../../src/report/record-source.ts'
import { RecordSlimmer } from '../../src/report/slim-record.ts'

const [file = '.cache/br20/results.jsonl', repeatsArg = '3', out = '.cache/bench-history-run-end'] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
const heap = (): number => {
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}
const results = { runId: 'r1', project: 'bench', mode: 'run', startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T11:00:00.000Z', reason: 'passed', provenance: undefined } as const
/** indexAtRunEnd into a fresh history.sqlite: its CPU ms. */
const index = (cases: IndexCase[]): number => {
  rmSync(out, { recursive: true, force: true })
  const runDir = join(out, 'runs', 'r1')
  mkdirSync(runDir, { recursive: true })
  const t = process.cpuUsage()
  const warning = indexAtRunEnd(runDir, results as never, cases)
  const u = process.cpuUsage(t)
  if (warning) throw new Error(warning)
  return (u.user + u.system) / 1000
}
const slimmer = new RecordSlimmer()
let slims: ReturnType<RecordSlimmer['slim']>[] = []
for (const r of jsonlSource(file)()) slims.push(slimmer.slim(r))
const cpu0 = process.cpuUsage()
let cases: IndexCase[] = slims.map((slim) => indexCaseOf(slim))
const used0 = process.cpuUsage(cpu0)
const indexCaseOfCpuMs = (used0.user + used0.system) / 1000
const count = cases.length
// the slim records go (finishRun drops them before indexing): what stays is what the index keeps
slims = []
slimmer.releaseGaps([])
// the index's modules and statements loaded before the heap is read: a small run indexed first
index(cases.slice(0, 10))
const withCases = heap()
const times: number[] = []
for (let i = 0; i < Number(repeatsArg); i++) times.push(index(cases))
cases = []
const withoutCases = heap()
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] as number
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${count} records`)
console.log(`indexCaseOf: ${indexCaseOfCpuMs.toFixed(0)} ms CPU for all; ${gc ? `${((withCases - withoutCases) / count).toFixed(1)} heap bytes a record kept` : 'heap not measured (run with --expose-gc)'}`)
console.log(`indexAtRunEnd CPU ms: ${times.map((t) => t.toFixed(0)).join(', ')}; median ${median.toFixed(0)} ms`)
