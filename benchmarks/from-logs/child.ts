/**
 * One measured variant in a fresh process (so its peak RSS is its own):
 *   node child.ts baseline <log>               read and JSON.parse every line (the least any builder does)
 *   node child.ts build <log> <out> <strategy> <count|all> <dedup>
 * Prints one JSON line: { ms, cpuMs, peakRssMB, cases? }.
 */
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { writeFromLogs } from '../../src/dataset/from-logs/build.ts'
import type { DedupMode } from '../../src/dataset/from-logs/dedup.ts'
import type { Strategy } from '../../src/dataset/from-logs/sample.ts'

const [variant, log, out, strategy, count, dedup] = process.argv.slice(2)
if (variant === undefined || log === undefined) throw new Error('usage: child.ts baseline|build <log> ...')
const start = performance.now()
const cpu = process.cpuUsage()
let cases: number | undefined
if (variant === 'baseline') {
  let parsed = 0
  for await (const line of createInterface({ input: createReadStream(log, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (line !== '') parsed += JSON.parse(line) === null ? 0 : 1
  }
  cases = parsed
} else {
  const result = await writeFromLogs({
    files: [log],
    out: out ?? 'out.dataset.yaml',
    strategy: (strategy ?? 'random') as Strategy,
    by: 'metadata.category',
    count: count === undefined || count === 'all' ? null : Number(count),
    seed: 1,
    since: null,
    requireLabels: false,
    expected: 'output',
    dedup: (dedup ?? 'near') as DedupMode,
    nearThreshold: 0.8,
    redact: [],
  })
  cases = result.cases
}
const used = process.cpuUsage(cpu)
process.stdout.write(`${JSON.stringify({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, peakRssMB: process.resourceUsage().maxRSS / 1024, cases })}\n`)
