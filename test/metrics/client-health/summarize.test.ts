import { createHistogram } from 'node:perf_hooks'
import { describe, expect, test } from 'vitest'
import { WorkerHealthSchema, type WorkerHealth } from '../../../src/metrics/client-health/schema.ts'
import { clientHealthLine, cpuPercent, summarizeClientHealth, summarizeDelay } from '../../../src/metrics/client-health/summarize.ts'
import { clientHealthSnapshot, timedRequestEnded, timedRequestStarted } from '../../../src/metrics/client-health/monitor.ts'
import { clientLagGate } from '../../../src/report/gates/client-lag-gate.ts'

const MS = 1e6

/** A real Node histogram (nanoseconds) holding these delays in ms. */
function histogramOf(delaysMs: number[]): ReturnType<typeof createHistogram> {
  const h = createHistogram()
  for (const d of delaysMs) h.record(Math.round(d * MS))
  return h
}

function worker(id: string, pid: number, p99Ms: number | null, timedMs = 1000, cpuPct: number | null = 50): WorkerHealth {
  const delay = p99Ms === null ? null : { p50Ms: 0.5, p99Ms, maxMs: p99Ms + 5, meanMs: 1, samples: 100 }
  return { id, pid, timedMs, delay, cpuPct }
}

describe('summarizeDelay', () => {
  test('p50, p99, max and mean in ms from a synthetic histogram, the resolution taken off', () => {
    // 98 ticks on time (10 ms interval), one 60 ms late, one 110 ms late
    const h = histogramOf([...Array<number>(98).fill(10), 70, 120])
    const d = summarizeDelay(h, 10)
    expect(d).not.toBeNull()
    expect(d!.samples).toBe(100)
    expect(d!.p50Ms).toBeCloseTo(0, 1)
    // the histogram keeps 3 significant digits: 70 ms reads within 0.1 ms
    expect(d!.p99Ms).toBeGreaterThan(59.9)
    expect(d!.p99Ms).toBeLessThan(60.2)
    expect(d!.maxMs).toBeGreaterThan(109.9)
    expect(d!.maxMs).toBeLessThan(110.2)
    expect(d!.meanMs).toBeCloseTo((98 * 10 + 70 + 120) / 100 - 10, 1)
  })

  test('an empty histogram (no tick while requests were in flight): null', () => {
    expect(summarizeDelay(createHistogram(), 10)).toBeNull()
  })

  test('a tick earlier than the resolution never reads negative', () => {
    expect(summarizeDelay(histogramOf([9.5, 9.8]), 10)).toMatchObject({ p50Ms: 0, p99Ms: 0, maxMs: 0 })
  })
})

describe('cpuPercent', () => {
  test('CPU µs over wall ms as % of one core; null without time', () => {
    expect(cpuPercent(500_000, 1000)).toBe(50)
    expect(cpuPercent(1_500_000, 1000)).toBe(150)
    expect(cpuPercent(10, 0)).toBeNull()
  })
})

describe('summarizeClientHealth', () => {
  test('the worst worker p99 against the threshold: client-bound, by how much', () => {
    const r = summarizeClientHealth([worker('a', 2, 3), worker('b', 1, 48)], 10, 12)
    expect(r).toMatchObject({ maxLagMs: 10, p99Ms: 48, maxMs: 53, clientBound: true, excessMs: 38, mainCpuPct: 12 })
    expect(r.workers.map((w) => w.pid)).toEqual([1, 2])
    expect(clientHealthLine(r)).toBe('client-bound: latency figures include up to 38 ms of client delay beyond the 10 ms threshold; event-loop delay p99 48 ms, max 53 ms (2 workers, worker CPU up to 50%, main 12%)')
  })

  test('under the threshold: not client-bound, excess 0', () => {
    const r = summarizeClientHealth([worker('a', 1, 2.5)], 10, null)
    expect(r).toMatchObject({ p99Ms: 2.5, clientBound: false, excessMs: 0 })
    expect(clientHealthLine(r)).toBe('client health: event-loop delay p99 2.5 ms, max 7.5 ms (1 worker, worker CPU up to 50%)')
  })

  test('a worker that ran several files sent cumulative snapshots: only its latest (longest) counts', () => {
    const r = summarizeClientHealth([worker('a', 1, 40, 100), worker('a', 1, 4, 900), worker('b', 1, 2, 10)], 10, null)
    expect(r.workers).toHaveLength(2)
    expect(r).toMatchObject({ p99Ms: 4, clientBound: false })
  })

  test('no worker measured a tick: p99 null, never client-bound', () => {
    expect(summarizeClientHealth([worker('a', 1, null)], 10, null)).toMatchObject({ p99Ms: null, maxMs: null, clientBound: false })
  })
})

describe('the maxClientLagMs gate', () => {
  test('fails above the limit, saying by how much; passes at or below; skipped without a measure', () => {
    const failed = clientLagGate(summarizeClientHealth([worker('a', 1, 48)], 10, null), 10)
    expect(failed).toMatchObject({ gate: 'maxClientLagMs', passed: false, limit: 10, actual: 48 })
    expect(failed.message).toContain('client-bound by about 38 ms')
    expect(clientLagGate(summarizeClientHealth([worker('a', 1, 10)], 10, null), 10).passed).toBe(true)
    expect(clientLagGate(null, 10)).toMatchObject({ passed: true, skipped: expect.any(String) })
  })
})

describe('the monitor', () => {
  test('measures only while a timed request is in flight: a 60 ms block inside shows, 400 ms ones outside do not', async () => {
    const block = (ms: number): void => {
      const end = performance.now() + ms
      while (performance.now() < end);
    }
    const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
    // outside: not measured
    await tick(30)
    block(400)
    await tick(30)
    expect(clientHealthSnapshot()).toBeNull()
    timedRequestStarted()
    timedRequestStarted()
    await tick(50)
    block(60)
    await tick(50)
    timedRequestEnded()
    await tick(20)
    // one request still in flight: the clock runs on
    const during = clientHealthSnapshot()
    timedRequestEnded()
    await tick(30)
    block(400)
    await tick(30)
    const after = clientHealthSnapshot()
    expect(WorkerHealthSchema.parse(after)).toEqual(after)
    expect(after!.pid).toBe(process.pid)
    expect(after!.timedMs).toBeGreaterThanOrEqual(during!.timedMs)
    // generous bounds: the machine is shared
    expect(after!.timedMs).toBeGreaterThan(150)
    expect(after!.timedMs).toBeLessThan(2000)
    expect(after!.delay!.maxMs).toBeGreaterThan(40)
    // the 400 ms blocks outside timed requests are not in it
    expect(after!.delay!.maxMs).toBeLessThan(350)
    expect(after!.cpuPct).not.toBeNull()
  })
})

describe('report.html', () => {
  test('the page carries the client-health line; the overview warns only when client-bound', async () => {
    const { buildPageData } = await import('../../../src/report/html/page-data.ts')
    const { makeResults } = await import('../../report/html/fixture.ts')
    const results = makeResults({ casesPerDataset: 1 })
    expect(buildPageData(results).clientHealth).toBeUndefined()
    const bound = summarizeClientHealth([worker('a', 1, 48)], 10, null)
    const page = buildPageData({ ...results, clientHealth: bound })
    expect(page.clientHealth).toEqual({ line: clientHealthLine(bound), clientBound: true })
    const { overviewJs } = await import('../../../src/report/html/client/overview.ts')
    expect(overviewJs).toContain("if (data.clientHealth && data.clientHealth.clientBound) items.push(['warn', data.clientHealth.line]);")
  })
})
