import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { buildMatrix, compareColumns, formatMatrixMarkdown, formatMatrixTerminal, markFront, ParetoBuilder, rowDiffers, type ParetoPoint } from '../../../src/report/matrix/index.ts'
import { wilsonInterval } from '../../../src/report/stats/wilson.ts'

type Row = Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'status' | 'variant'>
const rec = (caseId: string, provider: string, status: CaseRecord['status'], variant?: string): Row => ({ dataset: 'qa', caseId, provider, status, ...(variant === undefined ? {} : { variant }) })

describe('matrix', () => {
  test('columns are variant × provider, rows are cases; the differ filter keeps only disagreeing cases', () => {
    const records: Row[] = []
    for (const v of ['terse', 'verbose']) {
      for (const p of ['a', 'b']) {
        records.push(rec('c1', p, 'passed', v))
        records.push(rec('c2', p, p === 'b' && v === 'verbose' ? 'failed' : 'passed', v))
      }
    }
    const m = buildMatrix(records)
    expect(m.columns.map((c) => c.label)).toEqual(['terse · a', 'terse · b', 'verbose · a', 'verbose · b'])
    expect(m.rows.map((r) => [r.caseId, rowDiffers(r)])).toEqual([['c1', false], ['c2', true]])
  })

  test('repeats: a cell counts its passes; a different pass count is a difference', () => {
    const m = buildMatrix([rec('c1', 'a', 'passed'), rec('c1', 'a', 'failed'), rec('c1', 'a', 'passed'), rec('c1', 'b', 'passed'), rec('c1', 'b', 'passed'), rec('c1', 'b', 'passed')])
    expect(m.rows[0]?.cells).toEqual([{ passes: 2, trials: 3, errors: 0 }, { passes: 3, trials: 3, errors: 0 }])
    expect(rowDiffers(m.rows[0]!)).toBe(true)
    const lines = formatMatrixTerminal(m, compareColumns(m))
    expect(lines.join('\n')).toContain('qa › c1  2/3  ✓3')
  })

  test('comparison: Wilson interval per column and a paired verdict against the first column', () => {
    // 40 cases: a passes all, b fails 12 of them
    const records: Row[] = []
    for (let i = 0; i < 40; i++) {
      records.push(rec(`c${i}`, 'a', 'passed'))
      records.push(rec(`c${i}`, 'b', i < 12 ? 'failed' : 'passed'))
    }
    const m = buildMatrix(records)
    const [a, b] = compareColumns(m)
    expect(a?.versusReference).toBeNull()
    const w = wilsonInterval(28, 40)
    expect(b?.passRate.lower).toBeCloseTo(w.lower, 12)
    expect(b?.passRate.upper).toBeCloseTo(w.upper, 12)
    expect(b?.passRate.method).toBe('wilson')
    expect(b?.versusReference?.verdict.verdict).toBe('regressed')
    expect(b?.versusReference?.newlyFailing).toBe(12)
    expect(b?.versusReference?.newlyPassing).toBe(0)
    // mid-p McNemar, 12 discordant pairs all one way: 2 · (1/2^12 − 1/2^13) = 1/2^12
    expect(b?.versusReference?.pValue).toBeCloseTo(1 / 4096, 10)
  })

  test('terminal: only differing rows, capped with "…and M more"; hostile ids cannot write escapes', () => {
    const records: Row[] = []
    for (let i = 0; i < 30; i++) {
      records.push(rec(`c${i}\u001b[2J`, 'a', 'passed'))
      records.push(rec(`c${i}\u001b[2J`, 'b', i % 2 === 0 ? 'failed' : 'passed'))
    }
    const m = buildMatrix(records)
    const text = formatMatrixTerminal(m, compareColumns(m), 5).join('\n')
    expect(text).toContain('30 cases × 2 columns; 15 where they differ')
    expect(text).toContain('…and 10 more')
    expect(text).not.toContain('\u001b')
    expect(text.split('\n').filter((l) => l.includes(' › ')).length).toBe(5)
  })

  test('one column: no matrix in the terminal or summary.md', () => {
    const m = buildMatrix([rec('c1', 'a', 'passed')])
    expect(formatMatrixTerminal(m, compareColumns(m))).toEqual([])
    expect(formatMatrixMarkdown(m, compareColumns(m))).toEqual([])
  })

  test('summary.md: the comparison table and an escaped table of the cases that differ', () => {
    const m = buildMatrix([rec('<b>|x', 'a', 'passed'), rec('<b>|x', 'b', 'error'), rec('ok', 'a', 'passed'), rec('ok', 'b', 'passed')])
    const md = formatMatrixMarkdown(m, compareColumns(m)).join('\n\n')
    expect(md).toContain('| Column | Cases | Pass rate (95% interval) | Against a |')
    expect(md).toContain('#### Cases where they differ (1 of 2)')
    expect(md).toContain('| qa › \\<b\\>\\|x | ✓ | ! |')
  })
})

describe('Pareto front', () => {
  const point = (label: string, passRate: number | null, costPer1k: number | null, p95Ms: number | null): ParetoPoint => ({ label, provider: label, variant: null, passRate, costPer1k, unpriced: 0, p95Ms, front: false })

  test('non-dominated points on higher pass, lower cost, lower p95; unknown cost never ranked', () => {
    const points = markFront([
      point('best-cheap', 0.9, 1, 500),
      point('dominated', 0.8, 2, 600),
      point('fast', 0.7, 3, 100),
      point('accurate', 0.95, 10, 900),
      point('tie-worse', 0.9, 1, 501),
      point('unpriced', 0.99, null, 50),
    ])
    expect(points.filter((p) => p.front).map((p) => p.label)).toEqual(['best-cheap', 'fast', 'accurate'])
  })

  test('builder: cost per 1k cases from known prices; an unpriced answer makes the cost unknown, not $0', () => {
    const b = new ParetoBuilder()
    const timings = (e2eMs: number): CaseRecord['timings'] => ({ queueMs: 0, ttftMs: null, e2eMs, tpotMs: null, itlMs: [], streamed: false })
    b.add({ provider: 'a', status: 'passed', cost: 0.002, output: 'x', timings: timings(100) })
    b.add({ provider: 'a', status: 'failed', cost: 0.004, output: 'y', timings: timings(300) })
    b.add({ provider: 'b', status: 'passed', cost: null, output: 'z', timings: timings(50) })
    const [a, u] = b.result()
    expect(a?.costPer1k).toBeCloseTo(3, 10)
    expect(a?.passRate).toBe(0.5)
    expect(u?.costPer1k).toBeNull()
    expect(u?.unpriced).toBe(1)
    expect(u?.front).toBe(false)
    expect(a?.front).toBe(true)
  })
})

describe('column order', () => {
  test('the reference variant comes first whatever order the records came in', () => {
    const records: Row[] = [rec('c1', 'a', 'passed', 'alpha'), rec('c1', 'a', 'failed', 'zulu')]
    expect(buildMatrix(records).columns.map((c) => c.label)).toEqual(['alpha · a', 'zulu · a'])
    expect(buildMatrix(records, ['zulu', 'alpha']).columns.map((c) => c.label)).toEqual(['zulu · a', 'alpha · a'])
  })
})
