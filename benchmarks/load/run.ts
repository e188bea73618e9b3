/**
 * benchmarks/load: a bench load profile against a server whose saturation is known.
 *
 * The scripted-timing test server (test/server `timeline`: first token 100 ms after the request is
 * served, then one every 10 ms, 10 tokens) holds `--server-limit` requests at once (8 by default;
 * the rest wait in its queue, as a serving engine's batch slots). A real `vitest bench` runs the
 * profile and this prints one row per measurement from the run's results.jsonl: requests, request
 * and output-token throughput, TTFT p50/p95, E2E p50, client queue p50, and the peak in flight
 * (from the records' start and end times); then the knee: the highest request rate still served
 * with TTFT p50 within 1.5× of the lowest (past it throughput flattens and TTFT climbs).
 *
 *   npm run bench:load -- [--profile concurrency,sweep] [--levels 1,2,4,8,16,32] [--rates 6] [--cases 48] [--server-limit 8]
 */
import { parseArgs } from 'node:util'
import type { CaseRecord } from '../../src/record/schema.ts'
import { configSource, createProject, describeRun } from '../../test/helpers/run-vitest.ts'
import { startTestServer } from '../../test/server/test-server.ts'

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'concurrency,sweep' },
    levels: { type: 'string', default: '1,2,4,8,16,32' },
    rates: { type: 'string', default: '6' },
    cases: { type: 'string', default: '48' },
    'server-limit': { type: 'string', default: '8' },
  },
})
const cases = Number(values.cases)
const serverLimit = Number(values['server-limit'])
const timeline = { firstTokenMs: 100, intervalMs: 10, tokens: 10 }
const loadOf = (profile: string): string =>
  profile === 'sweep'
    ? `{ sweep: { rates: ${Number(values.rates)} }, warmupRequests: 2 }`
    : `{ concurrency: [${values.levels.split(',').map(Number).join(', ')}], warmupRequests: 2 }`

const quantile = (values: number[], q: number): number | null => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  return sorted.length === 0 ? null : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null)
}
const peakInFlight = (rs: readonly CaseRecord[]): number => {
  const events = rs.flatMap((r) => [
    { at: Date.parse(r.startedAt), d: 1 },
    { at: Date.parse(r.endedAt), d: -1 },
  ])
  events.sort((a, b) => a.at - b.at || a.d - b.d)
  let now = 0
  let peak = 0
  for (const e of events) peak = Math.max(peak, (now += e.d))
  return peak
}
const f = (v: number | null, digits = 1): string => (v === null ? '—' : v.toFixed(digits))

interface Row {
  label: string
  requests: number
  reqPerS: number
  ttftP50: number | null
  peak: number
}

for (const profile of values.profile.split(',').map((p) => p.trim())) await measure(loadOf(profile))

async function measure(load: string): Promise<void> {
  const server = await startTestServer({ timeline, maxConcurrent: serverLimit })
  const provider = { type: 'openai', id: 'scripted', model: 'test-model', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_BENCH_UNSET_KEY', concurrency: 64, retry: { attempts: 1 } }
  const dataset = ['name: load', 'test_cases:', ...Array.from({ length: cases }, (_, i) => `  - id: c${i}\n    prompt: "case ${i}"`), ''].join('\n')
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], bench: { iterations: 1, load: ${load} }, report: { html: false } }`),
    files: { 'datasets/load.dataset.yaml': dataset },
  })
  const started = performance.now()
  const run = await project.run(['bench', '--project', 'llm', '--run'], { timeoutMs: 600_000 })
  const wallS = (performance.now() - started) / 1000
  let records: CaseRecord[]
  try {
    records = run.jsonl()
  } catch (error) {
    console.error(describeRun(run))
    throw error
  }

  const rows: Row[] = []
  console.log(`load profile ${load} on ${cases} cases; server: ${serverLimit} at once, first token ${timeline.firstTokenMs} ms, ${timeline.tokens} tokens ${timeline.intervalMs} ms apart`)
  console.log(['#', 'measurement', 'requests', 'errors', 'duration s', 'req/s', 'out tok/s', 'TTFT p50', 'TTFT p95', 'E2E p50', 'queue p50', 'peak in flight'].join(' | '))
  const measurements = [...new Set(records.map((r) => r.load?.measurement ?? -1))].sort((a, b) => a - b)
  for (const m of measurements) {
    const rs = records.filter((r) => (r.load?.measurement ?? -1) === m)
    const start = Math.min(...rs.map((r) => Date.parse(r.startedAt)))
    const end = Math.max(...rs.map((r) => Date.parse(r.endedAt)))
    const seconds = (end - start) / 1000
    const ok = rs.filter((r) => r.error === null)
    const outTokens = ok.reduce((sum, r) => sum + (r.usage.outputTokens ?? 0), 0)
    const ttft = ok.map((r) => r.timings?.ttftMs ?? NaN)
    const row = { label: rs[0]?.load?.label ?? '?', requests: rs.length, reqPerS: ok.length / seconds, ttftP50: quantile(ttft, 0.5), peak: peakInFlight(rs) }
    rows.push(row)
    console.log(
      [m, row.label, rs.length, rs.length - ok.length, f(seconds, 2), f(row.reqPerS), f(outTokens / seconds, 0), f(row.ttftP50), f(quantile(ttft, 0.95)), f(quantile(ok.map((r) => r.timings?.e2eMs ?? NaN), 0.5)), f(quantile(ok.map((r) => r.timings?.queueMs ?? NaN), 0.5)), row.peak].join(' | '),
    )
  }
  // the knee: the highest request rate still served at (near) the unloaded TTFT (p50 within 1.5× the lowest);
  // past it throughput flattens and the time to first token climbs (requests wait in the server's queue)
  const lowestTtft = Math.min(...rows.map((r) => r.ttftP50 ?? Infinity))
  const knee = rows.filter((r) => (r.ttftP50 ?? Infinity) <= lowestTtft * 1.5).sort((a, b) => b.reqPerS - a.reqPerS)[0] ?? null
  // where the server's own limit is crossed: the first level (by request rate) with more in flight than it holds
  const crossing = [...rows].sort((a, b) => a.reqPerS - b.reqPerS).find((r) => r.peak > serverLimit)
  console.log(crossing ? `first level above the server's ${serverLimit} in flight: ${crossing.label} (peak ${crossing.peak}, TTFT p50 ${f(crossing.ttftP50)} ms)` : `no level went above the server's ${serverLimit} in flight`)
  const stats = server.stats()
  console.log(`server: peak ${stats.maxServing} served at once, peak ${stats.maxQueued} queued, ${stats.completions} completions; capacity ${(serverLimit * 1000 / (timeline.firstTokenMs + (timeline.tokens - 1) * timeline.intervalMs)).toFixed(1)} req/s`)
  console.log(knee ? `knee: ${knee.label} (${f(knee.reqPerS)} req/s, TTFT p50 ${f(knee.ttftP50)} ms)` : 'knee: none found')
  console.log(`wall ${wallS.toFixed(1)} s, exit ${run.code}`)
  await server.close()
  await project.cleanup()
}
