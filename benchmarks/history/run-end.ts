/**
 * The run history index at a run's end (issue 11 §1): what `finishRun` keeps
 * per record for it and what indexing the run costs (`indexAtRunEnd`, CPU ms),
 * from a run's results.jsonl read as finishRun reads it (slimmed records, kept
 * alive while the index is made, as finishRun's results keep them). Run with
 * --expose-gc for the heap figures.
 *
 *   node --expose-gc benchmarks/history/run-end.ts <results.jsonl> [repeats=3] [out dir] [cases|columns]
 *
 * `cases` (the default): one IndexCase object a record (`indexCaseOf`);
 * `columns`: the records appended to an IndexColumns. Prints the load average,
 * heap bytes a record kept by what the index collects, the CPU ms of the
 * first indexAtRunEnd (a run's end makes one, its code not yet optimised) and
 * of the later ones (a fresh history.sqlite each time).
 */
import { mkdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { indexCaseOf, type IndexCase } from '../../src/history/figures.ts'
import { indexAtRunEnd } from '../../src/history/index-at-run-end.ts'
import type { IndexColumns } from '../../src/history/index-columns.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import type { RunResults } from '../../src/report/results-schema.ts'
import { jsonlSource } from '../../src/report/record-source.ts'
import { RecordSlimmer } from '../../src/report/slim-record.ts'

const [file = '.cache/br20/results.jsonl', repeatsArg = '3', out = '.cache/bench-history-run-end', kind = 'cases'] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc
const heap = (): number => {
  gc?.()
  gc?.()
  // the columns are typed arrays: their bytes are outside the JS heap
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}
const cpuMs = (fn: () => void): number => {
  const began = process.cpuUsage()
  fn()
  const used = process.cpuUsage(began)
  return (used.user + used.system) / 1000
}
const results = { runId: 'r1', project: 'bench', mode: 'run', startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T11:00:00.000Z', reason: 'passed' } as RunResults
/** indexAtRunEnd into a fresh history.sqlite: its CPU ms. */
const index = (collected: IndexColumns | IndexCase[]): number => {
  rmSync(out, { recursive: true, force: true })
  const runDir = join(out, 'runs', 'r1')
  mkdirSync(runDir, { recursive: true })
  let warning: string | null = null
  const ms = cpuMs(() => (warning = indexAtRunEnd(runDir, results, collected)))
  if (warning) throw new Error(warning)
  return ms
}
const slimmer = new RecordSlimmer()
const slims: CaseRecord[] = []
for (const r of jsonlSource(file)()) slims.push(slimmer.slim(r))
// imported only for `columns`: the same script measures a tree from before IndexColumns
const columnsModule = kind === 'columns' ? await import('../../src/history/index-columns.ts') : null
const before = heap()
let collected: IndexColumns | IndexCase[] = []
const collectMs = cpuMs(() => {
  if (columnsModule) {
    const columns = new columnsModule.IndexColumns()
    for (const slim of slims) columns.add(slim)
    collected = columns
  } else collected = slims.map((slim) => indexCaseOf(slim))
})
const kept = heap() - before
const first = index(collected)
const later: number[] = []
for (let i = 1; i < Number(repeatsArg); i++) later.push(index(collected))
const median = [...later].sort((a, b) => a - b)[Math.floor(later.length / 2)]
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${slims.length} records (kept alive, as finishRun's results keep them); collected as ${kind}`)
console.log(`collect: ${collectMs.toFixed(0)} ms CPU; ${gc ? `${(kept / slims.length).toFixed(1)} heap bytes a record` : 'heap not measured (run with --expose-gc)'}`)
console.log(`indexAtRunEnd CPU ms: first ${first.toFixed(0)}; later ${later.map((t) => t.toFixed(0)).join(', ')}${median === undefined ? '' : ` (median ${median.toFixed(0)})`}`)
