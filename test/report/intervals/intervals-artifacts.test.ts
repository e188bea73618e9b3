import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { writeArtifacts } from '../../../src/report/artifacts/write-artifacts.ts'
import { writeBaseline } from '../../../src/report/gates/baseline-file.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { gateRun } from '../../../src/report/gates/gate-run.ts'
import { readRunResults } from '../../../src/report/results-schema.ts'
import { buildRunResults, type RunInfo, type RunResults } from '../../../src/report/run-results.ts'
import { formatResultsTable } from '../../../src/report/table.ts'
import { record, regex } from '../artifacts/fixtures.ts'

const info: RunInfo = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-intervals-'))
  dirs.push(dir)
  return dir
}

/** Case `c<i>` of provider `provider`: passed or failed, with its regex evaluation. */
function caseRecord(i: number, provider: string, pass: boolean, over: Partial<CaseRecord> = {}): CaseRecord {
  return record({ caseId: `c${i}`, provider, status: pass ? 'passed' : 'failed', evaluations: [regex(pass)], timings: { queueMs: 0, ttftMs: 10 + i, e2eMs: 100 + 10 * i, tpotMs: 5, itlMs: [5], streamed: true }, ...over })
}

/** Rows of a plain CSV (no quoted cells in these files) as objects by header. */
function csvRows(text: string): Array<Record<string, string>> {
  const [head, ...lines] = text.trim().split('\n')
  const header = (head as string).split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i] as string, cell])))
}

function written(results: RunResults): { dir: string; json: RunResults; md: string; providers: Array<Record<string, string>>; summary: Array<Record<string, string>> } {
  const dir = tempDir()
  const out = writeArtifacts(dir, results, { csv: true, markdown: true, rawResponses: false })
  expect(out.problems).toEqual([])
  return {
    dir,
    json: readRunResults(join(dir, 'results.json')),
    md: readFileSync(join(dir, 'summary.md'), 'utf8'),
    providers: csvRows(readFileSync(join(dir, 'csv', 'providers.csv'), 'utf8')),
    summary: csvRows(readFileSync(join(dir, 'csv', 'summary.csv'), 'utf8')),
  }
}

describe('a 10-case run with 8 passes: Wilson bounds everywhere', () => {
  // Wilson 8/10 at 95% (scipy binomtest(8, 10).proportion_ci('wilson')): [0.490162, 0.943318];
  // ± shows the larger side: 0.8 − 0.490162 = 0.309838 → ±31.0 points
  const records = Array.from({ length: 10 }, (_, i) => caseRecord(i, 'p', i < 8))
  const results = buildRunResults(info, records, [])
  const files = written(results)

  test('results.json: passRateInterval with the exact bounds, method wilson', () => {
    const interval = files.json.summary.passRateInterval
    expect(interval?.method).toBe('wilson')
    expect(interval?.confidence).toBe(0.95)
    expect(interval?.lower).toBeCloseTo(0.490162, 6)
    expect(interval?.upper).toBeCloseTo(0.943318, 6)
    expect(files.json.byProvider[0]?.stats.passRateInterval).toEqual(interval)
  })

  test('the CSVs: pass_rate_lower and pass_rate_upper beside pass_rate, and latency bounds', () => {
    for (const row of [files.summary[0], files.providers[0]]) {
      expect(row?.['pass_rate']).toBe('0.8')
      expect(Number(row?.['pass_rate_lower'])).toBeCloseTo(0.490162, 6)
      expect(Number(row?.['pass_rate_upper'])).toBeCloseTo(0.943318, 6)
      // E2E 100..190 ms: p95 190 − 0.45·10 = 185.5; its bootstrap bounds lie around it within the sample's range
      expect(row?.['e2e_p95_ms']).toBe('185.5')
      const lower = Number(row?.['e2e_p95_ms_lower'])
      const upper = Number(row?.['e2e_p95_ms_upper'])
      expect(lower).toBeGreaterThanOrEqual(100)
      expect(lower).toBeLessThan(185.5)
      expect(upper).toBeGreaterThanOrEqual(185.5)
      expect(upper).toBeLessThanOrEqual(190)
      expect(row?.['score_toMatchRegex_mean']).toBe('0.8')
      expect(Number(row?.['score_toMatchRegex_mean_lower'])).toBeLessThan(0.8)
      expect(Number(row?.['score_toMatchRegex_mean_upper'])).toBeGreaterThan(0.8)
    }
    const header = readFileSync(join(files.dir, 'csv', 'providers.csv'), 'utf8').split('\n')[0]?.split(',') ?? []
    expect(header.slice(header.indexOf('pass_rate'), header.indexOf('pass_rate') + 3)).toEqual(['pass_rate', 'pass_rate_lower', 'pass_rate_upper'])
    expect(header).toEqual(expect.arrayContaining(['e2e_p50_ms_lower', 'e2e_p50_ms_upper', 'e2e_p95_ms_lower', 'e2e_p95_ms_upper', 'ttft_p50_ms_lower', 'ttft_p95_ms_upper']))
  })

  test('summary.md: 80.0% ±31.0 [49.0–94.3]; the terminal table: 80.0% ±31.0', () => {
    expect(files.md).toContain('**Pass rate: 80.0% ±31.0 [49.0–94.3]**')
    expect(files.md).toContain('| p | m | 10 | 80.0% ±31.0 [49.0–94.3] |')
    expect(formatResultsTable(results)).toMatch(/ 80\.0% ±31\.0 /)
  })

  test('the same records in another order give the same intervals (seeded, order-free)', () => {
    const again = buildRunResults(info, [...records].reverse(), [])
    expect(again.summary.passRateInterval).toEqual(results.summary.passRateInterval)
    expect(again.summary.e2eMsInterval).toEqual(results.summary.e2eMsInterval)
    expect(again.summary.scores).toEqual(results.summary.scores)
  })
})

describe('repeats: the interval is clustered by case', () => {
  test('8 cases × 3 repeats passing 3, 2, 1, 0 twice: p̂ 0.5, SE √(10·8/7)/24, t(0.975, 7): [0.166922, 0.833078]', () => {
    const passes = [3, 2, 1, 0, 3, 2, 1, 0]
    const records = passes.flatMap((p, i) => [0, 1, 2].map((repeat) => caseRecord(i, 'p', repeat < p, { repeat })))
    const s = buildRunResults(info, records, []).summary
    expect(s.passRate).toBe(0.5)
    // Σ_c (passes_c − p̂·3)² = 2 × (2.25 + 0.25 + 0.25 + 2.25) = 10; CR1: × 8/7; SE = √(80/7) / 24 = 0.1408590
    // half-width = t(0.975, 7) · SE = 2.364624 × 0.1408590 = 0.3330781
    expect(s.passRateInterval?.method).toBe('clustered')
    expect(s.passRateInterval?.lower).toBeCloseTo(0.5 - 2.364624 * (Math.sqrt(80 / 7) / 24), 6)
    expect(s.passRateInterval?.lower).toBeCloseTo(0.166922, 5)
    expect(s.passRateInterval?.upper).toBeCloseTo(0.833078, 5)
    // a Wilson interval over the 24 records would claim more: 24 records are not 24 independent cases
    expect(s.passRateInterval?.upper).toBeGreaterThan(0.7)
  })

  test('4 cases × 3 repeats passing 3, 2, 1, 0: with 3 degrees of freedom the interval spans everything ([0, 1] after clamping)', () => {
    const passes = [3, 2, 1, 0]
    const records = passes.flatMap((p, i) => [0, 1, 2].map((repeat) => caseRecord(i, 'p', repeat < p, { repeat })))
    const s = buildRunResults(info, records, []).summary
    // SE = √(5·4/3) / 12 = 0.2151657; t(0.975, 3) = 3.182446: half-width 0.684741 > 0.5
    expect(s.passRateInterval).toMatchObject({ method: 'clustered', lower: 0, upper: 1 })
  })

  test('every repeat passes: a clustered SE of 0 would be a point, so it is Wilson over the 3 cases [0.438503, 1]', () => {
    const records = [0, 1, 2].flatMap((i) => [0, 1, 2].map((repeat) => caseRecord(i, 'p', true, { repeat })))
    const interval = buildRunResults(info, records, []).summary.passRateInterval
    expect(interval?.method).toBe('wilson')
    expect(interval?.lower).toBeCloseTo(0.438503, 6)
    expect(interval?.upper).toBe(1)
  })
})

describe('repeats without spread between cases', () => {
  test('every case passes 2 of 3: not a point, but Wilson at 2/3 over the 4 cases [0.245120, 0.924917]', () => {
    const records = [0, 1, 2, 3].flatMap((i) => [0, 1, 2].map((repeat) => caseRecord(i, 'p', repeat < 2, { repeat })))
    const interval = buildRunResults(info, records, []).summary.passRateInterval
    expect(interval?.method).toBe('wilson')
    expect(interval?.lower).toBeCloseTo(0.24512, 6)
    expect(interval?.upper).toBeCloseTo(0.924917, 6)
  })
})

describe('compared with the baseline: every case moved alike', () => {
  test('all 5 cases flip to failing: regressed (an interval of one point), no minimum detectable change', () => {
    const root = tempDir()
    const base = Array.from({ length: 5 }, (_, i) => caseRecord(i, 'p', true))
    writeBaseline(join(root, 'llm-baseline.json'), createBaseline(buildRunResults(info, base, [])))
    const current = buildRunResults(info, Array.from({ length: 5 }, (_, i) => caseRecord(i, 'p', false)), [])
    const v = gateRun(current, { baseline: 'llm-baseline.json', gates: {} }, root).baseline?.paired?.[0]
    expect(v?.verdict).toBe('regressed')
    expect(v?.passRate).toMatchObject({ change: -1, lower: -1, upper: -1 })
    // mid-p with b = 5, c = 0: 2·(1/32 − 1/64) = 1/32
    expect(v?.mcnemar).toEqual({ newlyFailing: 5, newlyPassing: 0, pValue: 0.03125 })
    expect(v?.minimumDetectableChange).toBeNull()
    expect(v?.sentence).toMatch(/^Regressed: the pass rate fell by 100\.0 points/)
  })
})

describe('compared with the baseline: prompt variants pair with their own variant', () => {
  test('5 cases × variants a and b: 10 pairs; only a flipped (3 newly failing)', () => {
    const root = tempDir()
    const run = (failing: (i: number, variant: string) => boolean): CaseRecord[] =>
      ['a', 'b'].flatMap((variant) => Array.from({ length: 5 }, (_, i) => caseRecord(i, 'p', !failing(i, variant), { variant })))
    writeBaseline(join(root, 'llm-baseline.json'), createBaseline(buildRunResults(info, run(() => false), [])))
    const current = buildRunResults(info, run((i, variant) => variant === 'a' && i < 3), [])
    const v = gateRun(current, { baseline: 'llm-baseline.json', gates: {} }, root).baseline?.paired?.[0]
    expect(v?.cases).toBe(10)
    // mid-p with b = 3, c = 0: 2·(1/8 − 1/16) = 1/8
    expect(v?.mcnemar).toMatchObject({ newlyFailing: 3, newlyPassing: 0 })
    expect(v?.mcnemar.pValue).toBeCloseTo(0.125, 12)
    expect(v?.passRate.change).toBeCloseTo(-0.3, 12)
  })
})

describe('compared with the baseline, paired on the same cases', () => {
  // p: the baseline passes c0..c8; now c0..c3 fail too: 4 newly failing, 0 newly passing
  // q: the baseline fails c1; now c0 fails and c1 passes: 1 and 1
  const before = [...Array.from({ length: 10 }, (_, i) => caseRecord(i, 'p', i !== 9)), ...Array.from({ length: 10 }, (_, i) => caseRecord(i, 'q', i !== 1))]
  const now = [...Array.from({ length: 10 }, (_, i) => caseRecord(i, 'p', i > 3 && i !== 9)), ...Array.from({ length: 10 }, (_, i) => caseRecord(i, 'q', i !== 0))]
  const root = tempDir()
  writeBaseline(join(root, 'llm-baseline.json'), createBaseline(buildRunResults(info, before, [])))
  const current = buildRunResults({ ...info, runId: 'llm-20260102-000000-abcdef12' }, now, [])
  const results = { ...current, gates: gateRun(current, { baseline: 'llm-baseline.json', gates: {} }, root) }
  const files = written(results)
  const paired = files.json.gates?.baseline?.paired ?? []

  test('results.json: per dataset × provider, the paired change, exact mid-p McNemar and the verdict', () => {
    expect(paired.map((v) => [v.dataset, v.provider, v.cases, v.exact])).toEqual([
      ['d', 'p', 10, true],
      ['d', 'q', 10, true],
    ])
    const [p, q] = paired
    // p: d_c = −1 for 4 cases, 0 for 6: mean −0.4, SE √(2.4/(10·9)) = 0.163299 (CR1), ± t(0.975, 9)·SE = ±2.262157·SE
    expect(p?.passRate.before).toBeCloseTo(0.9, 12)
    expect(p?.passRate.after).toBeCloseTo(0.5, 12)
    expect(p?.passRate.change).toBeCloseTo(-0.4, 12)
    expect(p?.passRate.lower).toBeCloseTo(-0.769409, 6)
    expect(p?.passRate.upper).toBeCloseTo(-0.030591, 6)
    // mid-p with b = 4, c = 0: 2·(P(X ≤ 0) − ½·P(X = 0)) = 2·(1/16 − 1/32) = 1/16
    expect(p?.mcnemar).toEqual({ newlyFailing: 4, newlyPassing: 0, pValue: 0.0625 })
    expect(p?.verdict).toBe('regressed')
    expect(p?.sentence).toMatch(/^Regressed: the pass rate fell by 40\.0 points \(95% interval −76\.9 points to −3\.1 points\)/)
    // scores 1/0 follow pass/fail: the mean score fell 0.4, and the paired bootstrap's interval lies below 0
    expect(p?.score?.change).toBeCloseTo(-0.4, 12)
    expect(p?.score?.upper).toBeLessThan(0)
    expect(p?.score?.lower).toBeLessThan(-0.4)
    // q: d_c = −1, +1, 0 × 8: mean 0, SE √(2/90) = 0.149071; mid-p with b = c = 1: 2·(3/4 − 1/4) = 1
    expect(q?.passRate.change).toBe(0)
    expect(q?.passRate.upper).toBeCloseTo(0.337222, 6)
    expect(q?.mcnemar).toEqual({ newlyFailing: 1, newlyPassing: 1, pValue: 1 })
    expect(q?.verdict).toBe('no detectable change')
    // (t(0.975, 9) + t(0.8, 9)) · SE = (2.262157 + 0.883029) · 0.149071 = 0.468913
    expect(q?.minimumDetectableChange).toBeCloseTo(0.468913, 6)
  })

  test('summary.md: a row per dataset × provider with the verdict in plain words', () => {
    expect(files.md).toContain('### Compared with the baseline (paired on the same cases)')
    expect(files.md).toContain('| dataset | provider | paired cases | pass rate before → now | change, points [95% CI] | McNemar p | score change [95% CI] | verdict |')
    expect(files.md).toMatch(/\| d \| p \| 10 \| 90\.0% → 50\.0% \| −40\.0 \[−76\.9 to −3\.1\] \| 0\.063 \| −0\.400 \[−0\.\d{3} to −0\.\d{3}\] \| \*\*regressed\*\* \|/)
    expect(files.md).toMatch(/\| d \| q \| 10 \| 90\.0% → 90\.0% \| 0\.0 \[−33\.7 to \+33\.7\] \| 1\.000 \| [^|]+ \| no detectable change \(this sample could detect ≥ 46\.9 points\) \|/)
  })

  test('no paired case moved: no detectable change, without a minimum it cannot know', () => {
    const same = buildRunResults(info, before, [])
    const report = gateRun(same, { baseline: 'llm-baseline.json', gates: {} }, root)
    const v = report.baseline?.paired?.[0]
    expect(v?.verdict).toBe('no detectable change')
    expect(v?.minimumDetectableChange).toBeNull()
    expect(written({ ...same, gates: report }).md).toContain('| d | p | 10 | 90.0% → 90.0% | unchanged | 1.000 | unchanged | no detectable change (no paired case changed) |')
  })
})
