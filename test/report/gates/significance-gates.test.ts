import { describe, expect, test } from 'vitest'
import { BaselineSchema, type Baseline } from '../../../src/report/gates/baseline-schema.ts'
import { compareWithBaseline } from '../../../src/report/gates/compare.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { evaluateGates, type GateLimits } from '../../../src/report/gates/evaluate.ts'
import { formatGateReportMarkdown } from '../../../src/report/gates/format-markdown.ts'
import { formatGateReportTerminal } from '../../../src/report/gates/format-terminal.ts'
import { formatPValue, twoSidedPValue } from '../../../src/report/gates/p-value.ts'
import type { GateResult } from '../../../src/report/gates/types.ts'
import { cases, results, type RecordSpec } from './results-fixture.ts'

const PASS_RATE = { maxDrop: 0.05, confidence: 0.95, inconclusive: 'warn' } as const

function compare(base: RecordSpec[], now: RecordSpec[], baseline: (b: Baseline) => Baseline = (b) => b) {
  const run = results(now)
  return { run, comparison: compareWithBaseline(run, baseline(createBaseline(results(base))), 'llm-baseline.json') }
}

function gates(base: RecordSpec[], now: RecordSpec[], limits: GateLimits, baseline?: (b: Baseline) => Baseline): GateResult[] {
  const { run, comparison } = compare(base, now, baseline)
  return evaluateGates(run, comparison, limits, null).gates
}

/** `count` failing cases after `passing` passing ones, ids c01... */
function run(passing: number, failing: number, spec: Omit<RecordSpec, 'caseId'> = {}): RecordSpec[] {
  return [...cases(passing, spec), ...cases(failing, { ...spec, status: 'failed' }, passing + 1)]
}

/** A case's repeats: `passes` of `trials` passed. */
function repeats(caseId: string, passes: number, trials: number): RecordSpec[] {
  return Array.from({ length: trials }, (_, repeat) => ({ caseId, repeat, status: repeat < passes ? 'passed' : 'failed' }))
}

/** An old baseline: written before per-case tallies existed. */
function withoutTallies(b: Baseline): Baseline {
  return { ...b, cases: b.cases.map(({ trials: _t, passes: _p, ...c }) => c) }
}

describe('p-value', () => {
  test('two-sided normal p against published values; SE 0', () => {
    expect(twoSidedPValue(1.959964, 1)).toBeCloseTo(0.05, 6)
    expect(twoSidedPValue(-2.575829, 1)).toBeCloseTo(0.01, 6)
    expect(twoSidedPValue(1, 1)).toBeCloseTo(0.317311, 6)
    expect(twoSidedPValue(0, 0)).toBe(1)
    expect(twoSidedPValue(-0.1, 0)).toBe(0)
    expect([formatPValue(0.0004), formatPValue(0.004), formatPValue(0.0253), formatPValue(0.136), formatPValue(1)]).toEqual(['p < 0.001', 'p = 0.004', 'p = 0.025', 'p = 0.14', 'p = 1.00'])
  })
})

describe('gates.passRate.maxDrop (paired on the baseline’s per-case tallies)', () => {
  // 20 cases all passing on the baseline. 4 fail now: d = −1 for 4 cases, 0 for 16; mean −0.2;
  // Σ(d − d̄)² = 4·0.64 + 16·0.04 = 3.2; SE = √(3.2 / (20·19)) = 0.0917663 (CR1); 95%: −0.2 ± t(0.975, 19)·SE
  // = −0.2 ± 2.093024·SE = [−0.39207, −0.00793]; t = 2.17945 on 19 df, p = 0.04209. Significant, and 20 points > 5: FAILS.
  test('a significant drop larger than maxDrop fails, in words with the interval and p', () => {
    const [g, ...rest] = gates(cases(20), run(16, 4), { passRate: PASS_RATE })
    expect(rest).toEqual([])
    expect(g).toMatchObject({ gate: 'passRate.maxDrop', passed: false, limit: 0.05, values: { before: 1, after: 0.8 } })
    expect(g?.actual).toBeCloseTo(0.2, 12)
    expect(g?.interval?.lower).toBeCloseTo(-0.392069, 5)
    expect(g?.interval?.upper).toBeCloseTo(-0.007931, 5)
    expect(g?.interval?.pValue).toBeCloseTo(0.042086, 5)
    expect(g?.interval).toMatchObject({ paired: true, cases: 20, confidence: 0.95 })
    expect(g?.message).toBe('pass rate fell 20.0 points (95% CI 0.8–39.2), more than the allowed 5 — significant (p = 0.042); paired on 20 cases (100.0% → 80.0%): see the newly failing cases')
  })

  // 2 of 20 fail now: mean −0.1; Σ = 2·0.81 + 18·0.01 = 1.8; SE = √(1.8 / 380) = 0.0688247; ± 2.093024·SE: [−0.24405, +0.04405]
  // straddles 0 and reaches below −0.05: inconclusive; t = 1.45297 on 19 df, p = 0.16255.
  test('an interval that straddles: inconclusive, a warning by default and a failure with inconclusive: fail', () => {
    const [warned] = gates(cases(20), run(18, 2), { passRate: PASS_RATE })
    expect(warned).toMatchObject({ gate: 'passRate.maxDrop', passed: true, warning: true })
    expect(warned?.interval?.lower).toBeCloseTo(-0.244052, 5)
    expect(warned?.interval?.upper).toBeCloseTo(0.044052, 5)
    expect(warned?.message).toBe(
      'inconclusive: pass rate fell 10.0 points (95% CI −4.4 to 24.4): a drop of more than the allowed 5 is neither shown nor ruled out at 95% (p = 0.16); paired on 20 cases (100.0% → 90.0%); more cases or repeats would tell',
    )
    const [failed] = gates(cases(20), run(18, 2), { passRate: { ...PASS_RATE, inconclusive: 'fail' } })
    expect(failed).toMatchObject({ passed: false })
    expect(failed?.warning).toBeUndefined()
    expect(failed?.message).toMatch(/^inconclusive: .* \(gates\.passRate\.inconclusive: 'fail'\)$/)
  })

  // 1 of 100 fails now: mean −0.01; Σ = 0.99² + 99·0.01² = 0.99; SE = √(0.99 / (100·99)) = 0.01; ± t(0.975, 99)·SE
  // = ± 1.984217·0.01: [−0.02984, +0.00984]: a drop beyond 5 points is ruled out: passes (no warning); t = 1 on 99 df, p = 0.3197.
  test('an interval that rules out a drop beyond maxDrop passes', () => {
    const [g] = gates(cases(100), run(99, 1), { passRate: PASS_RATE })
    expect(g).toMatchObject({ gate: 'passRate.maxDrop', passed: true })
    expect(g?.warning).toBeUndefined()
    expect(g?.interval?.lower).toBeCloseTo(-0.029842, 5)
    expect(g?.message).toBe('pass rate fell 1.0 point (95% CI −1.0 to 3.0): a drop of more than the allowed 5 is ruled out at 95% (p = 0.32); paired on 100 cases (100.0% → 99.0%)')
  })

  test('the same bare drop that fails the plain gate passes the paired one when it is noise-sized for the sample', () => {
    const limits: GateLimits = { maxPassRateDrop: 0.05, passRate: PASS_RATE }
    const [plain, paired] = gates(cases(20), run(18, 2), limits)
    expect(plain).toMatchObject({ gate: 'maxPassRateDrop', passed: false })
    expect(paired).toMatchObject({ gate: 'passRate.maxDrop', passed: true, warning: true })
  })

  // Repeats: 4 cases × 3 repeats, baseline → now: a 3/3 → 1/3 (d −2/3), b 3/3 → 3/3, c 2/3 → 2/3, d 0/3 → 1/3 (d +1/3).
  // d̄ = −1/12; Σ(d − d̄)² = (49 + 1 + 1 + 25)/144 = 76/144; SE = √(76/144 / (4·3)) = 0.209718 (clustered by case, CR1).
  test('with repeats each case counts once with its pass fraction; the standard error is clustered by case', () => {
    const base = [...repeats('a', 3, 3), ...repeats('b', 3, 3), ...repeats('c', 2, 3), ...repeats('d', 0, 3)]
    const now = [...repeats('a', 1, 3), ...repeats('b', 3, 3), ...repeats('c', 2, 3), ...repeats('d', 1, 3)]
    const { comparison } = compare(base, now)
    expect(comparison.passRateChanges).toHaveLength(1)
    const [overall] = comparison.passRateChanges ?? []
    expect(overall).toMatchObject({ dataset: null, provider: null, paired: true, cases: 4, trials: 3 })
    expect(overall?.change).toBeCloseTo(-1 / 12, 12)
    expect(overall?.standardError).toBeCloseTo(0.209718, 6)
    expect(overall?.before).toBeCloseTo(8 / 12, 12)
    expect(overall?.after).toBeCloseTo(7 / 12, 12)
  })

  // Old baseline (no tallies): unpaired. Baseline 18 of 20 pass: mean 0.9, SE = √((18·0.01 + 2·0.81) / (20·19)) = 0.0688247;
  // now 16 of 20: mean 0.8, SE √(3.2 / 380) = 0.0917663; SE of the difference √(5 / 380) = 0.1147079.
  test('a baseline without per-case tallies: unpaired, and it says so', () => {
    const { comparison } = compare(run(18, 2), run(16, 4), withoutTallies)
    const [overall] = comparison.passRateChanges ?? []
    expect(overall).toMatchObject({ paired: false, cases: 20, casesBefore: 20 })
    expect(overall?.change).toBeCloseTo(-0.1, 12)
    expect(overall?.standardError).toBeCloseTo(0.1147079, 6)
    const [g] = gates(run(18, 2), run(16, 4), { passRate: PASS_RATE }, withoutTallies)
    expect(g?.message).toContain('unpaired (90.0% → 80.0%; 20 cases on the baseline, 20 now): the baseline has no per-case pass counts; rewrite it with `llm-test-bench baseline update` to pair on the same cases')
  })

  test('per dataset × provider and overall; the groups at a Bonferroni-corrected confidence', () => {
    const base = [...cases(20, { provider: 'p:a' }), ...cases(20, { provider: 'p:b' })]
    const now = [...cases(20, { provider: 'p:a' }), ...run(12, 8, { provider: 'p:b' })]
    const results1 = gates(base, now, { passRate: PASS_RATE })
    expect(results1.map((g) => [g.gate, g.dataset ?? null, g.provider ?? null, g.interval?.confidence])).toEqual([
      ['passRate.maxDrop', null, null, 0.95],
      ['passRate.maxDrop', 'qa', 'p:a', 0.975],
      ['passRate.maxDrop', 'qa', 'p:b', 0.975],
    ])
    expect(results1.map((g) => g.passed)).toEqual([false, true, false])
    const terminal = formatGateReportTerminal({ baseline: null, baselineNote: null, gates: results1, passed: false })
    expect(terminal).toContain('✗ passRate.maxDrop (qa › p:b): pass rate fell 40.0 points (97.5% CI')
  })

  test('without a baseline: skipped; with an unusable one: fails', () => {
    const run1 = results(cases(3))
    expect(evaluateGates(run1, null, { passRate: PASS_RATE }, 'no baseline at x.json').gates[0]).toMatchObject({ passed: true, skipped: 'no baseline at x.json' })
    expect(evaluateGates(run1, null, { passRate: PASS_RATE }, 'x.json: not a valid baseline', true).gates[0]).toMatchObject({ passed: false })
  })
})

describe('gates.passRate.minPassRate (no baseline needed)', () => {
  // Wilson at 95% (z² = 3.841459): 95/100 → centre 0.933353 ± 0.045104 = [0.888250, 0.978457];
  // 19/20 → 0.877497 ± 0.113625 = [0.763872, 0.991122]; 10/20 → 0.5 ± 0.200702 = [0.299298, 0.700702].
  test('passes when the interval is at or above the minimum, fails when wholly below, inconclusive between', () => {
    const check = (passing: number, failing: number) => evaluateGates(results(run(passing, failing)), null, { passRate: { ...PASS_RATE, maxDrop: undefined, minPassRate: 0.8 } }, null).gates
    const [pass] = check(95, 5)
    expect(pass).toMatchObject({ gate: 'passRate.minPassRate', passed: true, actual: 0.95 })
    expect(pass?.interval?.lower).toBeCloseTo(0.888250, 5)
    expect(pass?.message).toBe('pass rate 95.0% (95% CI 88.8%–97.8%; 100 cases) meets the minimum 80.0% at 95%')
    const [maybe] = check(19, 1)
    expect(maybe).toMatchObject({ passed: true, warning: true })
    expect(maybe?.interval?.lower).toBeCloseTo(0.763869, 5)
    const [fail] = check(10, 10)
    expect(fail).toMatchObject({ passed: false })
    expect(fail?.interval?.upper).toBeCloseTo(0.700702, 5)
    expect(fail?.message).toBe('pass rate 50.0% (95% CI 29.9%–70.1%; 20 cases) is below the minimum 80.0% — significantly: fix the failing cases or lower gates.passRate.minPassRate')
  })
})

describe('noNewFailures: { majority: true }', () => {
  // a: 3/3 → 2/3 (one flaky failure), b: 3/3 → 1/3, c: 2/3 → 0/3, d: 3/3 → 3/3
  const base = [...repeats('a', 3, 3), ...repeats('b', 3, 3), ...repeats('c', 2, 3), ...repeats('d', 3, 3)]
  const now = [...repeats('a', 2, 3), ...repeats('b', 1, 3), ...repeats('c', 0, 3), ...repeats('d', 3, 3)]

  test('a case counts only when it fails in a majority of its repeats now and passed in a majority on the baseline', () => {
    const [majority] = gates(base, now, { noNewFailures: { majority: true } })
    expect(majority).toMatchObject({ gate: 'noNewFailures', passed: false, actual: 2, cases: ['qa › b › openai:gpt-4o-mini', 'qa › c › openai:gpt-4o-mini'] })
    expect(majority?.message).toContain('qa › b › openai:gpt-4o-mini (passed 1 of 3 now, 3 of 3 on the baseline)')
    // the plain rule: every repeat must pass; c did not pass all on the baseline
    const [plain] = gates(base, now, { noNewFailures: true })
    expect(plain?.cases).toEqual(['qa › a › openai:gpt-4o-mini', 'qa › b › openai:gpt-4o-mini'])
  })

  test('a flaky minority failure does not fail the majority gate, and the message says it was not counted', () => {
    const [g] = gates(base, [...repeats('a', 2, 3), ...repeats('b', 3, 3), ...repeats('c', 2, 3), ...repeats('d', 3, 3)], { noNewFailures: { majority: true } })
    expect(g).toMatchObject({ passed: true, actual: 0 })
    expect(g?.message).toBe('no case that passed in a majority of its repeats on the baseline fails in a majority of its repeats now (1 case failed in a minority of repeats: not counted)')
  })

  test('every repeat is a record of the case: all repeats count, a retried repeat by its last attempt', () => {
    const { comparison } = compare(base, [...now, { caseId: 'b', repeat: 1, status: 'passed' }, { caseId: 'b', repeat: 2, status: 'passed' }])
    // b's repeats 1 and 2 were retried and passed: 3 of 3 now
    expect(comparison.majority?.newlyFailing.map((c) => c.caseId)).toEqual(['c'])
  })
})

describe('the baseline file', () => {
  test('cases carry trials and passes; an old file without them still loads; a bad tally is named by its field', () => {
    const baseline = createBaseline(results([...repeats('a', 2, 3), { caseId: 'b', status: 'skipped' }]))
    expect(baseline.cases.map((c) => [c.caseId, c.status, c.samples, c.trials, c.passes])).toEqual([
      ['a', 'failed', 3, 3, 2],
      ['b', 'skipped', 1, 0, 0],
    ])
    expect(BaselineSchema.safeParse(withoutTallies(baseline)).success).toBe(true)
    const bad = BaselineSchema.safeParse({ ...baseline, cases: [{ ...baseline.cases[0], passes: 4 }] })
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['cases.0.passes', 'expected at most trials (3)']])
    const half = BaselineSchema.safeParse({ ...baseline, cases: [{ ...withoutTallies(baseline).cases[0], passes: 1 }] })
    expect(half.error?.issues.map((i) => i.path.join('.'))).toEqual(['cases.0.trials'])
  })
})

describe('messages in the terminal and in Markdown (summary.md, the GitHub step summary)', () => {
  test('a warning is marked as one and counted', () => {
    const { run: r, comparison } = compare(cases(20), run(18, 2))
    const report = evaluateGates(r, comparison, { passRate: PASS_RATE }, null)
    expect(report.passed).toBe(true)
    const terminal = formatGateReportTerminal(report)
    expect(terminal).toContain('Regression gates: passed (1 gate, 1 warning)')
    expect(terminal).toContain('  ! passRate.maxDrop: inconclusive: pass rate fell 10.0 points (95% CI −4.4 to 24.4)')
    const markdown = formatGateReportMarkdown(report)
    expect(markdown).toContain('### Regression gates: ⚠️ 1 gate passed (1 warning)')
    expect(markdown).toContain('| passRate.maxDrop | ⚠️ inconclusive | ≤ 5.0 points at 95% | 10.0 points (−4.4 to 24.4) | inconclusive: pass rate fell 10.0 points')
  })
})
