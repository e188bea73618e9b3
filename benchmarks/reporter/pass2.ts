/**
 * The reporter's end of run split by pass, from a results.jsonl made by
 * `child.ts generate`: finishRun over a jsonlSource whose passes are watched.
 * Prints CPU ms of pass 1 (read + slim) and of pass 2 (the artifacts' pass,
 * from its first record to its last: reading by position, results.json,
 * cases.csv, raw responses, report.html's case files), the RSS when pass 2
 * starts and its peak (the rise is pass 2's own), and the ratio of pass 2's
 * CPU to the whole end of run, with the load average.
 *
 *   node benchmarks/reporter/pass2.ts <dir>
 */
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { resolveOptions } from '../../src/config/options.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { jsonlSource, type RecordSource } from '../../src/report/record-source.ts'

const [dir = '.cache/bench-reporter'] = process.argv.slice(2)
const inner = jsonlSource(join(dir, 'results.jsonl'))
const mb = (): number => process.memoryUsage.rss() / 2 ** 20
const ms = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000
const seen = { pass1Cpu: 0, pass1PeakMB: 0, pass2Cpu: 0, pass2StartMB: 0, pass2PeakMB: 0 }

function* watched<T>(items: Iterable<T>): Generator<T> {
  let n = 0
  let start = process.cpuUsage()
  for (const item of items) {
    if (n === 0) {
      seen.pass2StartMB = mb()
      start = process.cpuUsage()
    }
    if (++n % 500 === 0) seen.pass2PeakMB = Math.max(seen.pass2PeakMB, mb())
    yield item
  }
  seen.pass2Cpu = ms(process.cpuUsage(start))
}

const source: RecordSource = Object.assign(
  function* () {
    const start = process.cpuUsage()
    let n = 0
    for (const r of inner()) {
      if (++n % 500 === 0) seen.pass1PeakMB = Math.max(seen.pass1PeakMB, mb())
      yield r
    }
    seen.pass1Cpu = ms(process.cpuUsage(start))
  },
  { inOrder: (p: ArrayLike<number>) => watched(inner.inOrder(p)), linesInOrder: (p: ArrayLike<number>) => watched(inner.linesInOrder(p)) },
)
const options = resolveOptions({ name: 'bench', sampling: { enabled: false }, gates: { noNewFailures: true, maxP95LatencyIncrease: 0.2 } })
const cpu = process.cpuUsage()
finishRun({ run: { id: 'bench-20261122-100000-00000000', dir, startedAt: new Date('2026-11-22T10:00:00Z') }, options, mode: 'run', vitest: { config: { root: dir } }, records: source, failures: [], reason: 'passed', samples: [] })
const total = ms(process.cpuUsage(cpu))
const peak = process.resourceUsage().maxRSS / 1024
console.log(`${inner.stats.records.toLocaleString('en')} records, end of run ${total.toFixed(0)} ms CPU, peak RSS ${peak.toFixed(0)} MB (load average ${loadavg()[0]?.toFixed(1)})`)
console.log(`  pass 1 (read + slim): ${seen.pass1Cpu.toFixed(0)} ms CPU, RSS up to ${seen.pass1PeakMB.toFixed(0)} MB`)
console.log(`  pass 2 (artifacts' records): ${seen.pass2Cpu.toFixed(0)} ms CPU (${((100 * seen.pass2Cpu) / total).toFixed(0)}% of the end of run), RSS ${seen.pass2StartMB.toFixed(0)} → ${seen.pass2PeakMB.toFixed(0)} MB (rise ${(seen.pass2PeakMB - seen.pass2StartMB).toFixed(0)} MB)`)
