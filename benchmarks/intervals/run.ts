// The cost of the intervals in every Stats (src/report/intervals/) at scale: node benchmarks/intervals/run.ts [records]
// Prints the time of computeStats over N synthetic records and of the interval work alone inside it,
// and their ratio, best of 5 (figures vary with the machine; the ratio is what to compare).
import type { CaseRecord } from '../../src/record/schema.ts'
import { computeStats } from '../../src/report/aggregate.ts'
import { meanBootstrap } from '../../src/report/intervals/bootstrap-capped.ts'
import { passRateInterval } from '../../src/report/intervals/pass-rate.ts'
import { caseCounts, percentileIntervals } from '../../src/report/intervals/record-intervals.ts'
import { mulberry32 } from '../../src/report/stats/prng.ts'

const n = Number(process.argv[2] ?? 100_000)
const random = mulberry32(3)
const records: CaseRecord[] = Array.from({ length: n }, (_, i) => {
  const pass = random() < 0.8
  const e2e = 200 + 800 * random() ** 3
  return {
    runId: null, dataset: 'd', datasetFile: 'd.yaml', category: null, provider: `p${i % 2}`, providerType: 'openai', model: 'm', requestHash: String(i),
    prompt: '', output: '', finishReason: 'stop', status: pass ? 'passed' : 'failed', error: null,
    usage: { inputTokens: 10, outputTokens: 20, source: 'provider' }, cost: null,
    timings: { queueMs: 0, ttftMs: e2e / 4, e2eMs: e2e, tpotMs: 5, itlMs: [], streamed: true }, serverTimings: null,
    attempts: 1, retries: 0, cached: false, evaluations: [{ name: 'toMatchRegex', pass, score: pass ? 1 : 0, threshold: 1, reason: '' }],
    sample: null, repeat: i % 3, caseId: `c${Math.floor(i / 3)}`, startedAt: new Date(i).toISOString(), endedAt: new Date(i + 1).toISOString(),
  }
})

function best(run: () => void): number {
  let min = Number.POSITIVE_INFINITY
  for (let k = 0; k < 5; k++) {
    const start = performance.now()
    run()
    min = Math.min(min, performance.now() - start)
  }
  return min
}

const whole = best(() => computeStats(records))
const intervals = best(() => {
  const ran = records.filter((r) => r.status !== 'skipped')
  passRateInterval(caseCounts(ran))
  percentileIntervals(ran.map((r) => r.timings?.e2eMs ?? Number.NaN))
  percentileIntervals(ran.map((r) => r.timings?.ttftMs ?? Number.NaN))
  meanBootstrap(ran.flatMap((r) => r.evaluations.map((e) => e.score)))
})
const small = best(() => computeStats(records.slice(0, 1000)))
console.log(`records ${n}: computeStats ${whole.toFixed(1)} ms, of which intervals ${intervals.toFixed(1)} ms (${((100 * intervals) / whole).toFixed(0)}%)`)
console.log(`computeStats at ${n} / at 1000 records: ${(whole / small).toFixed(1)}× for ${n / 1000}× the records`)
