import { describe, expect, test } from 'vitest'
import { MAX_TIMELINE_POINTS, thin } from '../../../src/report/html/timeline.ts'
import { buildPageData } from '../../../src/report/html/page-data.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { makeRecords, makeResults, RUN_START } from './fixture.ts'

describe('buildPageData', () => {
  const results = makeResults({ casesPerDataset: 2 })
  const data = buildPageData(results)

  test('one compact case per record, names interned', () => {
    expect(data.cases).toHaveLength(results.cases.length)
    results.cases.forEach((r, i) => {
      const c = data.cases[i]
      expect(c && data.strings[c.datasetIx]).toBe(r.dataset)
      expect(c && data.strings[c.providerIx]).toBe(r.provider)
      expect(c?.caseId).toBe(r.caseId)
      expect(c?.output).toBe(r.output)
      expect(c?.cost).toBe(r.cost)
    })
    expect(new Set(data.strings).size).toBe(data.strings.length)
  })

  test('an ITL list becomes its summary; no-record fields are left out', () => {
    const streamed = data.cases.find((c) => c.timings?.itl)
    expect(streamed?.timings?.itl?.count).toBeGreaterThan(0)
    const skipped = data.cases.find((c) => c.status === 'skipped')
    expect(skipped).toBeDefined()
    expect(skipped && 'timings' in skipped).toBe(false)
    expect(skipped && 'error' in skipped).toBe(false)
  })

  test("judge usage: the run's totals, which judges, and each judged case's own", () => {
    const judged = results.cases.filter((r) => r.evaluations.some((e) => e.details?.['judge']))
    expect(judged.length).toBeGreaterThan(0)
    expect(data.judge).toMatchObject(results.summary.judge)
    expect(data.judge?.judges).toEqual(['openai:gpt-4o'])
    const first = judged[0]
    const details = first?.evaluations[0]?.details?.['judge'] as { inputTokens: number; cost: number }
    const c = data.cases[results.cases.indexOf(first as (typeof results.cases)[number])]
    expect(c?.judge).toEqual({ calls: 1, input: details.inputTokens, output: expect.any(Number), cost: details.cost })
  })

  test('system and gates come along; the timeline is thinned per GPU', () => {
    expect(data.gates?.passed).toBe(false)
    expect(data.system?.gpuSeries.map((s) => s.gpu)).toEqual([0, 1])
    expect(data.system?.gpuSeries[0]?.name).toBe('NVIDIA GeForce RTX 4090')
    expect(data.system?.gpuSeries[0]?.t.length).toBeLessThanOrEqual(MAX_TIMELINE_POINTS)
    expect(data.system?.t0).toBeLessThanOrEqual(RUN_START)
  })

  test('results without system samples or gates have none; one model per provider gives no by-model table', () => {
    const plain = buildRunResults(
      { runId: 'r', project: 'p', mode: 'run', startedAt: new Date(RUN_START), endedAt: new Date(RUN_START + 1000), reason: 'passed' },
      makeRecords({ casesPerDataset: 1 }),
      [],
    )
    const d = buildPageData(plain)
    expect(d.system).toBeNull()
    expect(d.gates).toBeNull()
    expect(d.models).toEqual([])
  })

  test("bench mode: each case points to its spread over samples (the results' caseSpread)", () => {
    const benchResults = makeResults({ casesPerDataset: 1, samples: 5 })
    const bench = buildPageData(benchResults)
    expect(bench.spreads.length).toBe(benchResults.caseSpread?.length)
    expect(bench.spreads.length).toBe(16)
    bench.cases.forEach((c, i) => {
      const r = benchResults.cases[i]
      const spread = benchResults.caseSpread?.find((s) => s.dataset === r?.dataset && s.caseId === r?.caseId && s.provider === r?.provider)
      expect(c.sample).toBeTypeOf('number')
      expect(bench.spreads[c.spreadIx ?? -1]).toEqual({ samples: 5, passed: spread?.passed, e2eMs: spread?.e2eMs, ttftMs: spread?.ttftMs, e2eCv: spread?.e2eCv })
    })
  })
})

describe('thin', () => {
  test('keeps short series as they are and averages long ones into buckets', () => {
    const short = [{ t: 1000, v: 1 }, { t: 2000, v: null }]
    expect(thin(short, 0, [(s) => s.v])).toEqual({ t: [1, 2], values: [[1, null]] })
    const long = Array.from({ length: MAX_TIMELINE_POINTS * 3 }, (_, i) => ({ t: i * 1000, v: i % 3 }))
    const out = thin(long, 0, [(s) => s.v])
    expect(out.t).toHaveLength(MAX_TIMELINE_POINTS)
    expect(out.t[0]).toBe(1)
    expect(out.values[0]?.every((v) => v === 1)).toBe(true)
  })
})
