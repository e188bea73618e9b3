import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { computeStats } from '../../../src/report/aggregate.ts'
import { allRows, statsOfRows, unionLength } from '../../../src/report/columns/column-stats.ts'
import { recordColumns } from '../../../src/report/columns/record-columns.ts'
import { compareRecords } from '../../../src/report/run-results.ts'
import { RowsStatsMemo } from '../../../src/report/columns/rows-memo.ts'
import { BOOTSTRAP_CAP, meanBootstrap } from '../../../src/report/intervals/bootstrap-capped.ts'
import { bootstrapMean } from '../../../src/report/stats/bootstrap.ts'
import { NO_RESPONSE, record } from '../artifacts/fixtures.ts'
import { referenceStats } from './reference-stats.ts'

/** A deterministic generator (an LCG) so that a failure is the same every run. */
function lcg(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1664525 + 1013904223) % 4294967296
    return s / 4294967296
  }
}

/** Records with every edge the stats have: no timings, skipped, replayed, variants, repeats, null and known costs, calls, judges, non-finite latencies. */
function mixedRecords(count: number, seed: number): CaseRecord[] {
  const random = lcg(seed)
  const out: CaseRecord[] = []
  for (let i = 0; i < count; i++) {
    const roll = random()
    const caseId = `case-${Math.floor(random() * (count / 3))}`
    const status = roll < 0.1 ? 'skipped' : roll < 0.2 ? 'error' : roll < 0.25 ? 'timeout' : roll < 0.45 ? 'failed' : 'passed'
    const noResponse = status === 'skipped' || status === 'error' || status === 'timeout'
    const e2eMs = 100 + random() * 2000
    const gaps = Array.from({ length: Math.floor(random() * 6) }, () => 1 + random() * 40)
    if (random() < 0.05) gaps.push(Number.NaN)
    const over: Partial<CaseRecord> & { caseId: string } = {
      caseId,
      dataset: `d${i % 3}`,
      provider: `p${i % 2}`,
      model: i % 7 === 0 ? '' : `m${i % 2}`,
      category: i % 5 === 0 ? null : `c${i % 4}`,
      status,
      cached: random() < 0.15,
      cost: random() < 0.3 ? null : random() / 1000,
      attempts: 1 + Math.floor(random() * 3),
      retries: Math.floor(random() * 2),
      startedAt: random() < 0.02 ? 'not a date' : new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 60_000)).toISOString(),
      timings: { queueMs: random() * 20, ttftMs: random() < 0.2 ? null : 20 + random() * 300, e2eMs: random() < 0.03 ? 0 : e2eMs, tpotMs: random() < 0.1 ? null : random() * 30, itlMs: gaps, streamed: true },
      usage: random() < 0.1 ? { inputTokens: null, outputTokens: null, source: 'none' } : { inputTokens: Math.floor(random() * 100), outputTokens: random() < 0.1 ? null : Math.floor(random() * 200), source: 'provider' },
      evaluations: [
        { name: 'toMatchRegex', pass: random() < 0.7, score: random() < 0.5 ? 1 : 0, threshold: 1, reason: 'r' },
        ...(random() < 0.5 ? [{ name: 'toContainReferences', pass: random() < 0.6, score: random(), threshold: 0.5, reason: 'r' }] : []),
        ...(random() < 0.2 ? [{ name: 'toSatisfyRubric', pass: true, score: random(), threshold: 0.5, reason: 'r', details: { judge: { calls: 1 + Math.floor(random() * 2), inputTokens: random() < 0.2 ? null : 50, outputTokens: 7, cost: random() < 0.3 ? null : 0.0001 } } }] : []),
        ...(random() < 0.05 ? [{ name: 'toSatisfyRubric', pass: false, score: 0, threshold: 0.5, reason: 'r', details: { judge: { calls: 'many' } } }] : []),
      ],
      ...(i % 4 === 0 ? { variant: i % 8 === 0 ? 'terse' : 'verbose' } : {}),
      sample: random() < 0.3 ? Math.floor(random() * 3) : null,
    }
    if (random() < 0.1) over.calls = [{ provider: 'p', model: 'm', usage: { inputTokens: 1, outputTokens: 1, source: 'provider' }, cost: null, timings: null, cached: false, attempts: 1, ...(random() < 0.5 ? { error: { class: 'x', message: 'y' } } : {}) }]
    out.push(record(noResponse ? { ...over, ...NO_RESPONSE, ...(status === 'skipped' ? {} : { timings: over.timings ?? null }), output: null } : over))
  }
  return out
}

describe('columnar stats equal the record-by-record stats, to the bit', () => {
  test('a whole set of mixed records, and every group of it read as rows of the same columns', () => {
    for (const seed of [1, 2, 3]) {
      const records = mixedRecords(400, seed)
      const columns = recordColumns(records)
      expect(statsOfRows(columns, allRows(columns))).toStrictEqual(referenceStats(records))
      expect(computeStats(records)).toStrictEqual(referenceStats(records))
      // groups as breakdowns make them: some rows of the run, in order
      for (const keyOf of [(r: CaseRecord) => r.provider, (r: CaseRecord) => `${r.dataset}\0${r.variant ?? ''}`, (r: CaseRecord) => r.category ?? '']) {
        const groups = new Map<string, number[]>()
        records.forEach((r, i) => groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), i]))
        for (const rows of groups.values()) expect(statsOfRows(columns, rows)).toStrictEqual(referenceStats(rows.map((i) => records[i] as CaseRecord)))
      }
    }
  })

  test("records in results.json's order (a case's records side by side: ids by adjacency) and orders that are not (ids by key string) count the same cases", () => {
    for (const seed of [1, 5]) {
      const records = [...mixedRecords(400, seed)].sort(compareRecords)
      const columns = recordColumns(records)
      expect(statsOfRows(columns, allRows(columns))).toStrictEqual(referenceStats(records))
      // per case: every sample of a case shares an id, cases differ
      const identity = records.map((r) => `${r.dataset}\0${r.caseId}\0${r.provider}\0${r.variant ?? '-'}`)
      expect(columns.caseKeys).toBe(new Set(identity).size)
      for (let i = 1; i < records.length; i++) expect(columns.caseKey[i] === columns.caseKey[i - 1]).toBe(identity[i] === identity[i - 1])
    }
    // no variant and an empty variant sort as equal, so the same case can come back after another: keyed by string
    const interleaved = [record({ caseId: 'a', sample: 0 }), record({ caseId: 'a', variant: '', sample: 1 }), record({ caseId: 'a', sample: 2, status: 'failed' })]
    const columns = recordColumns(interleaved)
    expect(columns.caseKeys).toBe(2)
    expect([columns.caseKey[0], columns.caseKey[1], columns.caseKey[2]]).toEqual([0, 1, 0])
    expect(statsOfRows(columns, allRows(columns))).toStrictEqual(referenceStats(interleaved))
  })

  test('edge sets: none, only skipped, only replayed, no timings, every cost null', () => {
    const skipped = [record({ caseId: 'a', status: 'skipped', ...NO_RESPONSE }), record({ caseId: 'b', status: 'skipped', ...NO_RESPONSE })]
    const replayed = [record({ caseId: 'a', cached: true, cost: 0.01 }), record({ caseId: 'b', cached: true, cost: null })]
    const untimed = [record({ caseId: 'a', status: 'error', ...NO_RESPONSE, error: { class: 'e', message: 'm' } }), record({ caseId: 'a', status: 'timeout', ...NO_RESPONSE })]
    const repeats = [0, 1, 2].flatMap((sample) => [record({ caseId: 'a', sample, status: sample === 1 ? 'failed' : 'passed' }), record({ caseId: 'b', sample })])
    for (const set of [[], skipped, replayed, untimed, repeats, [...skipped, ...replayed, ...untimed, ...repeats]]) {
      const columns = recordColumns(set)
      expect(statsOfRows(columns, allRows(columns))).toStrictEqual(referenceStats(set))
    }
    // repeats: 2 cases of 6 samples, the pass rate over samples and a clustered interval
    const s = computeStats(repeats)
    expect([s.cases, s.samples, s.passed, s.passRate]).toEqual([2, 6, 5, 5 / 6])
  })

  test('the memo gives a group its stats once: the same rows in another array are the same object, other rows their own', () => {
    const records = mixedRecords(60, 4)
    const columns = recordColumns(records)
    const memo = new RowsStatsMemo(columns)
    const a = memo.of([0, 1, 2, 5])
    expect(memo.of(Uint32Array.of(0, 1, 2, 5))).toBe(a)
    const b = memo.of([0, 1, 3, 5])
    expect(b).not.toBe(a)
    expect(b).toStrictEqual(referenceStats([0, 1, 3, 5].map((i) => records[i] as CaseRecord)))
  })

  test('groups given up front (their pooled ITL summarised together, over the shared threshold) have the record-by-record stats; a group asked for later too', () => {
    const random = lcg(12)
    // ~150 gaps a record (some NaN, a long tail): the whole run and its large groups take the shared passes
    const records = mixedRecords(900, 6).map((r) =>
      r.timings === null ? r : { ...r, timings: { ...r.timings, itlMs: Array.from({ length: 100 + Math.floor(random() * 100) }, () => (random() < 0.01 ? Number.NaN : random() < 0.002 ? 1e4 * random() : 1 + random() * 40)) } },
    )
    const columns = recordColumns(records)
    const all = allRows(columns)
    const groups = new Map<string, number[]>()
    for (const keyOf of [(r: CaseRecord) => `p:${r.provider}`, (r: CaseRecord) => `d:${r.dataset}`, (r: CaseRecord) => `c:${r.category ?? ''}`, (r: CaseRecord) => `v:${r.dataset}\0${r.variant ?? ''}`]) {
      records.forEach((r, i) => groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), i]))
    }
    const memo = new RowsStatsMemo(columns, [all, ...groups.values()])
    expect(memo.of(all)).toStrictEqual(referenceStats(records))
    expect(memo.of(all).itlMs.count).toBeGreaterThan(100_000)
    for (const rows of groups.values()) expect(memo.of(rows)).toStrictEqual(referenceStats(rows.map((i) => records[i] as CaseRecord)))
    const later = Array.from(all).filter((i) => i % 3 === 0)
    expect(memo.of(later)).toStrictEqual(referenceStats(later.map((i) => records[i] as CaseRecord)))
  })
})

describe('the union of in-flight intervals', () => {
  /** The merge as it was (intervals sorted by start, merged while a start is within the run): the oracle. */
  function byStart(starts: readonly number[], ends: readonly number[]): number | null {
    if (starts.length === 0) return null
    const order = starts.map((_, i) => i).sort((a, b) => (starts[a] as number) - (starts[b] as number))
    let total = 0
    let from = starts[order[0] as number] as number
    let to = ends[order[0] as number] as number
    for (const i of order) {
      const start = starts[i] as number
      const end = ends[i] as number
      if (start > to) {
        total += to - from
        from = start
        to = end
      } else if (end > to) to = end
    }
    total += to - from
    return total > 0 ? total : null
  }

  test('from the starts and ends sorted apart: the same runs and sum as merging by start, to the bit (touching, nested, equal, zero-length, epoch-sized times)', () => {
    const random = lcg(21)
    for (let trial = 0; trial < 500; trial++) {
      const n = Math.floor(random() * 60)
      const base = trial % 2 === 0 ? 0 : 1.7e12 + random() * 1e6
      const starts: number[] = []
      const ends: number[] = []
      for (let i = 0; i < n; i++) {
        // coarse times make ties: a start equal to another interval's end, equal intervals, zero lengths
        const start = base + (trial % 3 === 0 ? Math.floor(random() * 20) * 10 : random() * 1000)
        const length = random() < 0.1 ? 0 : trial % 3 === 0 ? Math.floor(random() * 5) * 10 : random() * 200
        starts.push(start)
        ends.push(start + length)
      }
      expect(unionLength(starts, ends), `trial ${trial}`).toBe(byStart(starts, ends))
      expect(unionLength(Float64Array.from(starts), Float64Array.from(ends))).toBe(byStart(starts, ends))
    }
    expect(unionLength([0, 100, 50, 1000], [100, 200, 70, 1010])).toBe(210)
    expect(unionLength([5], [5])).toBeNull()
    // an end before its start or NaN: merged by start as before
    expect(unionLength([0, 10, 20], [30, 5, Number.NaN])).toBe(byStart([0, 10, 20], [30, 5, Number.NaN]))
    expect(unionLength([0, 10], [5, 8])).toBe(byStart([0, 10], [5, 8]))
  })
})

describe('capped mean bootstrap from precomputed draws', () => {
  test('up to the cap: exactly stats/bootstrap.ts bootstrapMean of the sorted sample (seed 1, 1000 resamples), for sizes whose draws were made before', () => {
    const random = lcg(9)
    // sizes interleaved and repeated: the draws kept per size (and dropped when more than a few sizes were seen) give the same bounds
    for (const size of [2, 3, 50, 999, 1000, 50, 7, 8, 9, 10, 11, 12, 13, 2, 1000]) {
      const values = Array.from({ length: size }, () => (random() < 0.5 ? Math.round(random()) : random() * 100))
      const sorted = [...values].sort((x, y) => x - y)
      const want = bootstrapMean(sorted, { seed: 1, resamples: 1000 })
      const got = meanBootstrap(values)
      // meanBootstrap's own arithmetic around the estimate (a scale of 1 under the cap)
      const e = want.estimate
      expect(got).toStrictEqual({ lower: Math.min(e, e - (e - want.lower)), upper: Math.max(e, e + (want.upper - e)), method: 'bootstrap', confidence: 0.95 })
    }
  })

  test('above the cap: the thinned sample bootstrapped, its distances scaled by √(m/n) around the whole mean', () => {
    const random = lcg(11)
    const n = 5 * BOOTSTRAP_CAP + 3
    const values = Array.from({ length: n }, () => random() * 10)
    const sorted = [...values].sort((x, y) => x - y)
    const thinned = Array.from({ length: BOOTSTRAP_CAP }, (_, j) => sorted[Math.floor(((j + 0.5) * n) / BOOTSTRAP_CAP)] as number)
    const small = bootstrapMean(thinned, { seed: 1, resamples: 1000 })
    const estimate = sorted.reduce((a, b) => a + b, 0) / n
    const scale = Math.sqrt(BOOTSTRAP_CAP / n)
    expect(meanBootstrap(values)).toStrictEqual({ lower: estimate - (small.estimate - small.lower) * scale, upper: estimate + (small.upper - small.estimate) * scale, method: 'bootstrap', confidence: 0.95 })
  })
})
