/**
 * One measurement in a fresh process: `baseline` writes the records as one JSON
 * file (the least a reporter can do); `reporter` runs the reporter's whole end of
 * run (finishRun: aggregation, system summary, gates against a baseline, results.json,
 * CSVs, summary.md, report.html). Prints one JSON line: ms, peak RSS, bytes written.
 *
 *   node benchmarks/reporter/child.ts <baseline|reporter> <records> <dir>
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveOptions } from '../../src/config/options.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { arraySource } from '../../src/report/record-source.ts'
import { syntheticRecords } from './records.ts'

const [variant = 'reporter', countArg = '10000', dir = '.cache/bench-reporter'] = process.argv.slice(2)
const records = syntheticRecords(Number(countArg))
mkdirSync(dir, { recursive: true })
const rssBefore = process.memoryUsage().rss
const started = performance.now()
let bytes = 0
if (variant === 'baseline') {
  const file = join(dir, 'records.json')
  writeFileSync(file, JSON.stringify(records))
  bytes = statSync(file).size
} else {
  const options = resolveOptions({ name: 'bench', sampling: { enabled: false }, gates: { noNewFailures: true, maxP95LatencyIncrease: 0.2 } })
  const finished = finishRun({
    run: { id: 'bench-20261122-100000-00000000', dir, startedAt: new Date('2026-11-22T10:00:00Z') },
    options,
    mode: 'run',
    vitest: { config: { root: dir } },
    records: arraySource(records),
    failures: [],
    reason: 'passed',
    samples: [],
  })
  for (const file of finished.files) bytes += statSync(file).size
}
const ms = performance.now() - started
const peakRssMB = process.resourceUsage().maxRSS / 1024
process.stdout.write(`${JSON.stringify({ variant, records: records.length, ms, peakRssMB, rssBeforeMB: rssBefore / 2 ** 20, writtenMB: bytes / 2 ** 20 })}\n`)
