/**
 * benchmarks/load-aggregate: what the per-measurement load report costs at the end of a run.
 * `aggregateLoad` over N synthetic records of a load profile (8 concurrency levels, 50 output
 * tokens and 49 ITL gaps each, streamed), passed as a generator so no record is held: wall time
 * (median of 5, minus the time to make the records alone) and the heap growth over a run (after a
 * forced GC before it; garbage not yet collected included).
 *
 *   node --expose-gc benchmarks/load-aggregate/run.ts [--records 10000,100000]
 */
import { parseArgs } from 'node:util'
import type { CaseRecord, LoadPoint } from '../../src/record/schema.ts'
import { aggregateLoad } from '../../src/report/load/aggregate-load.ts'

const { values } = parseArgs({ options: { records: { type: 'string', default: '10000,100000' } } })
const LEVELS = [1, 2, 4, 8, 16, 32, 64, 128]
const T0 = Date.parse('2026-01-01T00:00:00.000Z')
const gc = (globalThis as { gc?: () => void }).gc

function* records(n: number): Generator<CaseRecord> {
  const per = Math.ceil(n / LEVELS.length)
  for (let i = 0; i < n; i++) {
    const level = Math.floor(i / per)
    const c = LEVELS[level] ?? 1
    const point: LoadPoint = { measurement: level, label: `concurrency=${c}`, kind: 'concurrency', concurrency: c, ratePerS: null, scheduledMs: null }
    const sent = T0 + level * 3_600_000 + Math.floor((i % per) / c) * 600
    yield {
      runId: 'bench', dataset: 'd', datasetFile: 'd.yaml', caseId: `c${i}`, category: null, provider: 'p', providerType: 'openai', model: 'm', requestHash: 'h',
      prompt: 'q', output: 'a', finishReason: 'stop', status: i % 10 === 0 ? 'failed' : 'passed', error: null,
      usage: { inputTokens: 20, outputTokens: 50, source: 'provider' }, cost: null,
      timings: { queueMs: i % 7, ttftMs: 100 + (i % 50), e2eMs: 590 + (i % 13), tpotMs: 10, itlMs: Array.from({ length: 49 }, (_, k) => 9 + ((i + k) % 3)), streamed: true },
      serverTimings: null, attempts: 1, retries: 0, cached: false, evaluations: [], sample: 0, load: point,
      startedAt: new Date(sent).toISOString(), endedAt: new Date(sent + 600).toISOString(),
    }
  }
}

/** JS heap plus ArrayBuffers (the typed arrays the accumulators keep). */
const used = (): number => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
console.log(`Node ${process.version}; ${gc ? 'heap after GC' : 'run with --expose-gc for heap figures'}`)
console.log('| records | making the records alone, ms | with aggregateLoad, ms | aggregateLoad alone, ms per 1,000 records | heap + ArrayBuffer growth MB |')
console.log('| ---: | ---: | ---: | ---: | ---: |')
for (const n of values.records.split(',').map(Number)) {
  const times: number[] = []
  let heap = 0
  for (let k = 0; k < 5; k++) {
    gc?.()
    const before = used()
    const started = performance.now()
    const report = aggregateLoad(records(n), { ttftMs: 130 })
    times.push(performance.now() - started)
    heap = Math.max(heap, used() - before)
    if (report?.measurements.length !== LEVELS.length) throw new Error('wrong measurement count')
  }
  const made: number[] = []
  for (let k = 0; k < 5; k++) {
    const started = performance.now()
    let count = 0
    for (const _ of records(n)) count++
    made.push(performance.now() - started)
    if (count !== n) throw new Error('wrong record count')
  }
  const ms = median(times)
  const gen = median(made)
  console.log(`| ${n.toLocaleString('en-US')} | ${gen.toFixed(0)} | ${ms.toFixed(0)} | ${(((ms - gen) / n) * 1000).toFixed(1)} | ${gc ? (heap / 1e6).toFixed(1) : '-'} |`)
}
