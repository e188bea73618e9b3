import { describe, expect, test } from 'vitest'
import { summarize } from '../../src/metrics/percentile.ts'
import type { CaseOutcome, Figures, IndexCase } from '../../src/history/figures.ts'
import { IndexColumns } from '../../src/history/index-columns.ts'
import { percentilesInPlace } from '../../src/history/order-statistics.ts'
import { runFigures, type GroupFigures } from '../../src/history/run-figures.ts'
import { percentileOfSorted } from '../../src/metrics/percentile.ts'
import { clusteredPassRate } from '../../src/report/stats/clustered.ts'
import { wilsonInterval } from '../../src/report/stats/wilson.ts'

/**
 * The reference: the index's figures, groups and case outcomes as they were
 * computed before the columns (an object per record, string keys, sorts),
 * kept here to check the columns give the same numbers, bit for bit.
 */
function referenceFigures(cases: readonly IndexCase[]): Figures {
  let passed = 0
  let failed = 0
  let errored = 0
  let timedOut = 0
  let skipped = 0
  let inputTokens = 0
  let outputTokens = 0
  let costKnown = 0
  let costUnknown = 0
  const costs: number[] = []
  const e2e: number[] = []
  const ttft: number[] = []
  const tallies = new Map<string, { id: string; passes: number; trials: number }>()
  for (const c of cases) {
    const key = `${c.dataset}\0${c.caseId}\0${c.provider}\0${c.variant ?? ''}`
    let tally = tallies.get(key)
    if (!tally) tallies.set(key, (tally = { id: key, passes: 0, trials: 0 }))
    if (c.status === 'skipped') {
      skipped++
      continue
    }
    if (c.status === 'passed') passed++
    else if (c.status === 'failed') failed++
    else if (c.status === 'error') errored++
    else timedOut++
    tally.trials++
    if (c.status === 'passed') tally.passes++
    inputTokens += c.inputTokens
    outputTokens += c.outputTokens
    if (c.cost !== null) {
      costKnown++
      costs.push(c.cost)
    } else costUnknown++
    if (c.e2eMs !== null) e2e.push(c.e2eMs)
    if (c.ttftMs !== null) ttft.push(c.ttftMs)
  }
  const ran = cases.length - skipped
  const ranCases = [...tallies.values()].filter((t) => t.trials > 0).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const repeated = ranCases.some((t) => t.trials > 1)
  const interval = ran === 0 ? null : repeated ? clusteredPassRate(ranCases) : wilsonInterval(passed, ran)
  const e2eDist = summarize(e2e)
  const ttftDist = summarize(ttft)
  costs.sort((a, b) => a - b)
  let cost = 0
  for (const value of costs) cost += value
  return {
    cases: tallies.size,
    samples: cases.length,
    passed,
    failed,
    errored,
    timedOut,
    skipped,
    passRate: ran === 0 ? null : passed / ran,
    passRateLower: interval?.lower ?? null,
    passRateUpper: interval?.upper ?? null,
    intervalMethod: interval === null ? null : repeated ? 'clustered' : 'wilson',
    e2eP50: e2eDist.p50,
    e2eP95: e2eDist.p95,
    ttftP50: ttftDist.p50,
    ttftP95: ttftDist.p95,
    inputTokens,
    outputTokens,
    cost,
    costKnown,
    costUnknown,
  }
}

function referenceOutcomes(cases: readonly IndexCase[]): CaseOutcome[] {
  const byId = new Map<string, CaseOutcome>()
  for (const c of cases) {
    let o = byId.get(c.caseId)
    if (!o) byId.set(c.caseId, (o = { caseId: c.caseId, passes: 0, trials: 0, errors: 0 }))
    if (c.status === 'skipped') continue
    o.trials++
    if (c.status === 'passed') o.passes++
    if (c.status === 'error' || c.status === 'timeout') o.errors++
  }
  return [...byId.values()].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0))
}

/** The reference groups, by a key of their labels: figures, and outcomes for scope 'all'. */
function referenceGroups(cases: readonly IndexCase[]): Map<string, { figures: Figures; outcomes: CaseOutcome[] | null }> {
  const byKey = new Map<string, IndexCase[]>()
  const add = (key: string, c: IndexCase): void => void (byKey.get(key) ?? byKey.set(key, []).get(key))?.push(c)
  for (const c of cases) {
    add(labelKey('all', c, null), c)
    if (c.category !== null) add(labelKey('category', c, c.category), c)
  }
  return new Map([...byKey].map(([key, group]) => [key, { figures: referenceFigures(group), outcomes: key.startsWith('["all"') ? referenceOutcomes(group) : null }]))
}

function labelKey(scope: string, g: { dataset: string; provider: string; model: string; variant: string | null }, category: string | null): string {
  return JSON.stringify([scope, g.dataset, g.provider, g.model, g.variant, category])
}

/** The columns' groups by the same key, outcomes with their case ids as strings. */
function columnGroups(cases: readonly IndexCase[]): { run: Figures; groups: Map<string, { figures: Figures; outcomes: CaseOutcome[] | null }> } {
  const { run, groups, caseIds } = runFigures(IndexColumns.from(cases))
  const outcomes = (g: GroupFigures): CaseOutcome[] | null =>
    g.outcomes === null ? null : Array.from(g.outcomes.caseId, (id, i) => ({ caseId: caseIds[id] as string, passes: g.outcomes?.passes[i] as number, trials: g.outcomes?.trials[i] as number, errors: g.outcomes?.errors[i] as number }))
  return { run, groups: new Map(groups.map((g) => [labelKey(g.scope, g, g.category), { figures: g.figures, outcomes: outcomes(g) }])) }
}

/** A deterministic generator of realistic and awkward records. */
function randomCases(seed: number, count: number, options: { repeats?: boolean; skipped?: boolean } = {}): IndexCase[] {
  let state = seed >>> 0
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 4294967296
  }
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const statuses: Array<IndexCase['status']> = options.skipped === false ? ['passed', 'passed', 'failed', 'error', 'timeout'] : ['passed', 'passed', 'failed', 'error', 'timeout', 'skipped']
  const out: IndexCase[] = []
  for (let i = 0; i < count; i++) {
    const provider = pick(['openai:gpt-4o-mini', 'anthropic:haiku', 'local'])
    const timedOut = random() < 0.05
    out.push({
      dataset: pick(['qa', 'code', 'données-🙂']),
      caseId: options.repeats ? `case-${Math.floor(random() * (count / 4))}` : `case-${i}`,
      provider,
      model: provider === 'local' ? pick(['llama', 'qwen']) : provider.split(':')[1] ?? provider,
      category: pick([null, 'math', 'prose', 'ケース']),
      variant: pick([null, 'terse', 'verbose']),
      status: pick(statuses),
      e2eMs: timedOut ? null : 100 + random() * 3000,
      ttftMs: timedOut ? null : pick([null, 20 + random() * 400]),
      inputTokens: Math.floor(random() * 500),
      outputTokens: pick([0, Math.floor(random() * 900), 0.5 + Math.floor(random() * 10)]),
      cost: pick([null, 0.000054, 0.00012, random() / 1000]),
    })
  }
  return out
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let state = seed
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    const j = state % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

describe('the run figures from columns', () => {
  test.each([
    ['one sample a case', 1, 3000, {}],
    ['repeats (clustered intervals)', 2, 3000, { repeats: true }],
    ['repeats, nothing skipped', 3, 800, { repeats: true, skipped: false }],
    ['a handful', 4, 7, {}],
  ] as const)('%s: the same figures, groups and case outcomes as the reference, bit for bit', (_name, seed, count, options) => {
    const cases = randomCases(seed, count, options)
    const got = columnGroups(cases)
    expect(got.run).toStrictEqual(referenceFigures(cases))
    const want = referenceGroups(cases)
    expect([...got.groups.keys()].sort()).toEqual([...want.keys()].sort())
    for (const [key, group] of want) expect(got.groups.get(key), key).toStrictEqual(group)
    // in another order: the same figures
    const again = columnGroups(shuffled(cases, seed))
    expect(again.run).toStrictEqual(got.run)
    for (const [key, group] of got.groups) expect(again.groups.get(key)?.figures, key).toStrictEqual(group.figures)
  })

  test('many groups: one per dataset × provider × model × variant, and per category within each', () => {
    const cases: IndexCase[] = []
    for (let d = 0; d < 40; d++) {
      for (let m = 0; m < 5; m++) {
        for (let c = 0; c < 3; c++) {
          cases.push({ dataset: `d${d}`, caseId: `c${c}`, provider: 'p', model: `m${m}`, category: `k${c % 2}`, variant: null, status: c === 0 ? 'failed' : 'passed', e2eMs: c, ttftMs: null, inputTokens: 1, outputTokens: 2, cost: null })
        }
      }
    }
    const { run, groups } = runFigures(IndexColumns.from(cases))
    // the model is not part of a case's key: c0..c2 of a dataset on provider p are 3 cases however many models ran them
    expect(run).toMatchObject({ cases: 120, samples: 600, passed: 400, failed: 200, intervalMethod: 'clustered', ttftP50: null, costKnown: 0, costUnknown: 600 })
    expect(groups.filter((g) => g.scope === 'all')).toHaveLength(200)
    expect(groups.filter((g) => g.scope === 'category')).toHaveLength(400)
    expect(groups.find((g) => g.dataset === 'd7' && g.model === 'm3' && g.category === 'k0')?.figures).toMatchObject({ cases: 2, samples: 2, passed: 1, e2eP50: 1, e2eP95: 1.9 })
  })

  test('1,100 datasets × 1,100 case ids, each case twice: each record finds its case, the same figures', () => {
    const once = Array.from({ length: 1100 }, (_, i): IndexCase => ({ dataset: `d${i}`, caseId: `c${i}`, provider: 'p', model: 'm', category: null, variant: null, status: i % 3 ? 'passed' : 'failed', e2eMs: i, ttftMs: null, inputTokens: 1, outputTokens: 1, cost: i / 1000 }))
    // each case twice: its second record must find the first one's number
    const cases = [...once, ...once.map((c, i) => ({ ...c, status: i % 2 ? ('passed' as const) : ('failed' as const) }))]
    const got = columnGroups(cases)
    expect(got.run).toStrictEqual(referenceFigures(cases))
    expect(got.run).toMatchObject({ cases: 1100, samples: 2200, intervalMethod: 'clustered' })
    for (const [key, group] of referenceGroups(cases)) expect(got.groups.get(key), key).toStrictEqual(group)
  })

  test('case keys are compared field by field: names holding NUL never merge two cases', () => {
    const base = { provider: 'p', model: 'm', category: null, variant: null, status: 'passed', e2eMs: 1, ttftMs: 1, inputTokens: 0, outputTokens: 0, cost: 0 } as const
    // joined with NUL, both would read "a\0b\0c\0p\0"
    const cases: IndexCase[] = [
      { ...base, dataset: 'a\0b', caseId: 'c' },
      { ...base, dataset: 'a', caseId: 'b\0c' },
      // a null variant and an empty one are two groups and two cases
      { ...base, dataset: 'a', caseId: 'b\0c', variant: '' },
    ]
    const { run, groups, caseIds } = runFigures(IndexColumns.from(cases))
    expect(run).toMatchObject({ cases: 3, samples: 3 })
    expect(groups.filter((g) => g.scope === 'all').map((g) => [g.dataset, g.variant, g.figures.cases, Array.from(g.outcomes?.caseId ?? [], (id) => caseIds[id])])).toEqual([
      ['a\0b', null, 1, ['c']],
      ['a', null, 1, ['b\0c']],
      ['a', '', 1, ['b\0c']],
    ])
  })

  test('an empty run: run figures with nothing counted, no groups', () => {
    const { run, groups, caseIds } = runFigures(new IndexColumns())
    expect(run).toStrictEqual({ cases: 0, samples: 0, passed: 0, failed: 0, errored: 0, timedOut: 0, skipped: 0, passRate: null, passRateLower: null, passRateUpper: null, intervalMethod: null, e2eP50: null, e2eP95: null, ttftP50: null, ttftP95: null, inputTokens: 0, outputTokens: 0, cost: 0, costKnown: 0, costUnknown: 0 })
    expect(groups).toEqual([])
    expect(caseIds).toEqual([])
  })

  test('records appended whole (IndexColumns.add) give the same columns as IndexCase objects, past several growths', () => {
    const cases = randomCases(9, 5000, { repeats: true })
    const columns = new IndexColumns(16)
    for (const c of cases) {
      columns.add({ ...c, variant: c.variant ?? undefined, timings: c.e2eMs === null ? null : { e2eMs: c.e2eMs, ttftMs: c.ttftMs }, usage: { inputTokens: c.inputTokens, outputTokens: c.outputTokens } })
    }
    // records without timings have no ttft either
    const expected = runFigures(IndexColumns.from(cases.map((c) => (c.e2eMs === null ? { ...c, ttftMs: null } : c))))
    expect(columns.length).toBe(5000)
    expect(runFigures(columns)).toStrictEqual(expected)
  })

  test('a status the index does not know is an error naming the case and the value', () => {
    const bad = { dataset: 'd', caseId: 'q-7', provider: 'p', model: 'm', category: null, variant: null, status: 'flaky', e2eMs: 1, ttftMs: 1, inputTokens: 0, outputTokens: 0, cost: 0 } as unknown as IndexCase
    expect(() => IndexColumns.from([bad])).toThrow('history index: a record of case "q-7" has status "flaky", expected one of passed, failed, error, timeout, skipped')
  })
})

describe('percentiles by selection', () => {
  test('the same values as sorting and percentileOfSorted, on random, sorted, reversed and all-equal data', () => {
    let state = 7
    const random = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0), state / 4294967296)
    const ps = [0, 50, 90, 95, 99, 100]
    for (let t = 0; t < 400; t++) {
      const n = 1 + Math.floor(random() * (t < 380 ? 50 : 5000))
      const kind = t % 4
      const data = Float64Array.from({ length: n }, (_, i) => (kind === 0 ? random() * 1000 : kind === 1 ? Math.floor(random() * 3) : kind === 2 ? i : n - i))
      const sorted = data.slice().sort()
      expect(percentilesInPlace(data, ps)).toEqual(ps.map((p) => percentileOfSorted(sorted, p)))
    }
    expect(percentilesInPlace(new Float64Array(0), [50])).toEqual([null])
  })
})
