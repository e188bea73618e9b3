/**
 * One phase of the history benchmark in a fresh process (so its peak RSS is its own):
 *   synth <dir> <runs>   index <runs> synthetic 10,000-case runs through HistoryStore.indexRun
 *   query <dir>          list runs (all, and the latest 30), draw one trend, the history table of 30 runs
 *   folder <dir>         make one real 10,000-case run folder (results.json + results.jsonl) with finishRun
 *   index-folder <dir>   index that folder from disk (readRunFolder + indexRun: what reindex and sync do)
 *   index-memory <dir>   index it from its records in memory (what the run's end does)
 * Prints one JSON line: { phase, ms, peakRssMB, ... }.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { historyRows } from '../../src/cli/history-command.ts'
import { resolveOptions } from '../../src/config/options.ts'
import { indexCaseOf } from '../../src/history/figures.ts'
import { readRunFolder, runIndexInput } from '../../src/history/run-input.ts'
import { openHistory } from '../../src/history/store.ts'
import { arraySource } from '../../src/report/record-source.ts'
import { syntheticRecords } from '../reporter/records.ts'
import { PROVIDERS, syntheticRun } from './synthetic.ts'

const [phase, dir, arg] = process.argv.slice(2) as [string, string, string | undefined]
const peak = (): number => Math.round(process.resourceUsage().maxRSS / 1024)
/** Wall time and CPU time (user + system) of fn: on a shared, loaded machine the CPU time is the steadier figure. */
const time = <T>(fn: () => T): { value: T; ms: number; cpuMs: number } => {
  const began = performance.now()
  const cpu = process.cpuUsage()
  const value = fn()
  const used = process.cpuUsage(cpu)
  return { value, ms: performance.now() - began, cpuMs: (used.user + used.system) / 1000 }
}
const print = (fields: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify({ phase, ...fields, peakRssMB: peak() })}\n`)

if (phase === 'synth') {
  const runs = Number(arg ?? 1000)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const store = openHistory(dir, { sync: false })
  let indexMs = 0
  let indexCpuMs = 0
  const began = performance.now()
  for (let n = 0; n < runs; n++) {
    const input = syntheticRun(n)
    // through the indexer's own insert path; stamp '' (no folder: the benchmark's store is never synced)
    const t = time(() => store.indexRun(input, input.runId, ''))
    indexMs += t.ms
    indexCpuMs += t.cpuMs
  }
  store.close()
  print({ runs, casesPerRun: 10_000, ms: performance.now() - began, indexMs, perRunMs: indexMs / runs, perRunCpuMs: indexCpuMs / runs })
} else if (phase === 'query') {
  const open = time(() => openHistory(dir, { sync: false }))
  const store = open.value
  const all = time(() => store.listRuns({ project: 'llm' }))
  const last30 = time(() => store.listRuns({ project: 'llm', last: 30 }))
  const trend = time(() => store.trend({ project: 'llm', dataset: 'dataset-2', provider: PROVIDERS[0] }))
  const trendLast30 = time(() => store.trend({ project: 'llm', dataset: 'dataset-2', provider: PROVIDERS[0], last: 30 }))
  const outcomes = time(() => store.caseOutcomes(all.value.at(-1)?.id ?? ''))
  const table = time(() => historyRows(store, { project: 'llm', dataset: null, provider: null, last: 30 }))
  store.close()
  print({
    openMs: open.ms,
    listAllMs: all.ms,
    listAllCpuMs: all.cpuMs,
    trendCpuMs: trend.cpuMs,
    listedRuns: all.value.length,
    listLast30Ms: last30.ms,
    trendMs: trend.ms,
    trendPoints: trend.value.length,
    trendLast30Ms: trendLast30.ms,
    caseOutcomesMs: outcomes.ms,
    caseOutcomes: outcomes.value.length,
    historyTable30Ms: table.ms,
    regressedMarks: table.value.filter((r) => r.change?.verdict === 'regressed').length,
  })
} else if (phase === 'folder') {
  rmSync(dir, { recursive: true, force: true })
  const id = 'llm-20261122-100000-0000abcd'
  mkdirSync(join(dir, id), { recursive: true })
  const options = resolveOptions({ sampling: { enabled: false }, report: { html: false, csv: false, markdown: false } })
  // loaded here only: the other phases need none of the report's code
  const { finishRun } = await import('../../src/report/finish-run.ts')
  const records = syntheticRecords(10_000)
  const { ms } = time(() => finishRun({ run: { id, dir: join(dir, id), startedAt: new Date('2026-11-22T10:00:00Z') }, options, mode: 'run', vitest: { config: { root: dir } }, records: arraySource(records), failures: [], reason: 'passed', samples: [] }))
  rmSync(join(dir, 'history.sqlite'), { force: true })
  print({ ms, records: records.length, files: readdirSync(join(dir, id)) })
} else if (phase === 'index-folder' || phase === 'index-memory') {
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `history.sqlite${suffix}`), { force: true })
  const id = 'llm-20261122-100000-0000abcd'
  const store = openHistory(dir, { sync: false })
  if (phase === 'index-folder') {
    const read = time(() => readRunFolder(join(dir, id)))
    const index = time(() => store.indexRun(read.value, id))
    print({ ms: read.ms + index.ms, cpuMs: read.cpuMs + index.cpuMs, readMs: read.ms, indexMs: index.ms, records: read.value.cases.length })
  } else {
    // the records as the run's end holds them (read before timing: the run has them already)
    const records = syntheticRecords(10_000)
    const results = { runId: id, project: 'llm', mode: 'run', startedAt: '2026-11-22T10:00:00.000Z', endedAt: '2026-11-22T10:10:00.000Z', reason: 'passed', provenance: undefined }
    const index = time(() => store.indexRun(runIndexInput(results, records.map(indexCaseOf)), id))
    print({ ms: index.ms, cpuMs: index.cpuMs, records: records.length })
  }
  store.close()
} else {
  throw new Error(`unknown phase ${phase}`)
}
