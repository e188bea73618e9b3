/**
 * One measurement in a fresh process, from the run's `results.jsonl` in `dir`
 * (written by the `generate` variant in a process of its own, with the dataset
 * files its records name: the end of run reads them again for report.html, from
 * the case texts cache the generation filled as a run's workers do, unless
 * LLM_BENCH_REPORTER_COLD_TEXTS=1). Timed:
 * `baseline` reads it and writes the records as one JSON array, streamed (the
 * least a reporter does); `reporter` runs the reporter's whole end of run from
 * the file (finishRun over a jsonlSource: aggregation, gates against a
 * baseline, results.json, CSVs, summary.md, raw responses, report.html).
 * Prints one JSON line: ms, CPU ms (user + system: a fairer figure on a busy
 * machine), peak RSS, bytes written.
 *
 *   node benchmarks/reporter/child.ts <generate|baseline|reporter> <records> <dir>
 */
import { closeSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { resolveOptions } from '../../src/config/options.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { jsonlSource } from '../../src/report/record-source.ts'
import { loadDataset } from '../../src/dataset/load.ts'
import { generateRecords, syntheticDatasets } from './records.ts'

/** The matchers syntheticDatasets' files name. */
const DATASET_MATCHERS = new Set(['toContainReferences', 'toMatchRegex'])

const [variant = 'reporter', countArg = '10000', dir = '.cache/bench-reporter'] = process.argv.slice(2)
const count = Number(countArg)
const runId = 'bench-20261122-100000-00000000'
mkdirSync(dir, { recursive: true })
const jsonl = join(dir, 'results.jsonl')
// the case texts cache (src/dataset/case-texts-cache.ts) of this run's own, never the user's
process.env['LLM_BENCH_CACHE_DIR'] = resolve(dir, 'cache')
if (variant === 'generate') {
  // its own process: the measured one starts from the file, with nothing of the generation in its heap
  // the dataset files too: the end of run reads them again for report.html's side-by-side texts
  const datasets = resolve(dir, 'datasets')
  mkdirSync(datasets, { recursive: true })
  for (const { name, text } of syntheticDatasets(count)) {
    writeFileSync(join(datasets, name), text)
    // as a run's workers load each file (report.html on): its texts stored for the end of run; `--cold-texts` leaves them out
    if (process.env['LLM_BENCH_REPORTER_COLD_TEXTS'] !== '1') loadDataset(join(datasets, name), { knownMatchers: DATASET_MATCHERS, cacheCaseTexts: true })
  }
  writeLines(jsonl, (function* () {
    for (const r of generateRecords(count, datasets)) yield `${JSON.stringify({ ...r, runId })}\n`
  })())
  process.exit(0)
}
const rssBefore = process.memoryUsage().rss
const cpuBefore = process.cpuUsage()
const started = performance.now()
let bytes = 0
if (variant === 'baseline') {
  const file = join(dir, 'records.json')
  let n = 0
  writeLines(file, (function* () {
    for (const r of jsonlSource(jsonl)()) yield `${n++ === 0 ? '[' : ','}${JSON.stringify(r)}`
    yield n === 0 ? '[]' : ']'
  })())
  bytes = statSync(file).size
} else {
  const options = resolveOptions({ name: 'bench', sampling: { enabled: false }, gates: { noNewFailures: true, maxP95LatencyIncrease: 0.2 } })
  const finished = finishRun({
    run: { id: runId, dir, startedAt: new Date('2026-11-22T10:00:00Z') },
    options,
    mode: 'run',
    vitest: { config: { root: dir } },
    records: jsonlSource(jsonl),
    failures: [],
    reason: 'passed',
    samples: [],
  })
  for (const file of finished.files) bytes += statSync(file).size
}
const ms = performance.now() - started
const cpu = process.cpuUsage(cpuBefore)
const cpuMs = (cpu.user + cpu.system) / 1000
const peakRssMB = process.resourceUsage().maxRSS / 1024
process.stdout.write(`${JSON.stringify({ variant, records: count, ms, cpuMs, peakRssMB, rssBeforeMB: rssBefore / 2 ** 20, writtenMB: bytes / 2 ** 20 })}\n`)

/** Writes the pieces to a file in ~1 MiB batches. */
function writeLines(file: string, pieces: Iterable<string>): void {
  const fd = openSync(file, 'w')
  let batch: string[] = []
  let size = 0
  for (const piece of pieces) {
    batch.push(piece)
    size += piece.length
    if (size > 1 << 20) {
      writeSync(fd, batch.join(''))
      batch = []
      size = 0
    }
  }
  writeSync(fd, batch.join(''))
  closeSync(fd)
}
