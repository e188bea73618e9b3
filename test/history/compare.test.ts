import { describe, expect, test } from 'vitest'
import { compareRuns } from '../../src/history/compare/compare-runs.ts'
import { formatComparisonMarkdown } from '../../src/history/compare/format-markdown.ts'
import { formatComparisonText } from '../../src/history/compare/format-text.ts'
import type { LoadedRun } from '../../src/history/compare/read-run.ts'
import { RunComparisonSchema } from '../../src/history/compare/schema.ts'
import { meanWithClusteredError } from '../../src/report/stats/clustered.ts'
import { pairedPassRateDifference } from '../../src/report/stats/paired.ts'
import { verdict } from '../../src/report/stats/verdict.ts'
import { runOf, type CompareSpec } from './compare-fixture.ts'

/**
 * compareRuns on two runs with known differences, their results.json built by
 * the project's own aggregation: the exact newly failing / newly passing lists,
 * score changes, the verdicts (the same numbers as src/report/stats gives), and
 * the text, Markdown and JSON formats.
 */

const BASE = 'llm-20261101-090000-aaaaaaaa'
const CURRENT = 'llm-20261120-100000-bbbbbbbb'

function loaded(specs: CompareSpec[], runId: string, git: LoadedRun['git'] = null): LoadedRun {
  return { results: runOf(specs, { runId }), file: `/runs/${runId}/results.json`, git }
}

const ids = (list: ReadonlyArray<{ dataset: string; caseId: string; provider: string; variant: string | null }>): string[] =>
  list.map((c) => `${c.dataset}/${c.caseId}/${c.provider}${c.variant === null ? '' : `/${c.variant}`}`)

const numbered = (n: number, spec: Omit<CompareSpec, 'caseId'> = {}, from = 1): CompareSpec[] => Array.from({ length: n }, (_, i) => ({ ...spec, caseId: `k${String(from + i).padStart(2, '0')}` }))

describe('compareRuns', () => {
  test('newly failing and passing (paired by dataset, case, provider, variant), score changes, only-in lists', () => {
    const base = loaded(
      [
        { caseId: 'c01', output: 'Paris' },
        { caseId: 'c02' },
        { caseId: 'c03', status: 'failed', output: 'Lyon' },
        { caseId: 'c04', scores: { similarity: 0.9 } },
        { caseId: 'c05' },
        { caseId: 'c06', provider: 'anthropic:claude', status: 'failed' },
        { caseId: 'c07', variant: 'terse' },
        { caseId: 'c07', variant: 'verbose' },
        { caseId: 'c08', status: 'skipped' },
        { caseId: 'c01', dataset: 'math' },
      ],
      BASE,
    )
    const current = loaded(
      [
        { caseId: 'c01', status: 'failed', output: 'Marseille' },
        { caseId: 'c02', status: 'error' },
        { caseId: 'c03', output: 'Paris' },
        { caseId: 'c04', scores: { similarity: 0.7 } },
        { caseId: 'c06', provider: 'anthropic:claude' },
        { caseId: 'c07', variant: 'terse', status: 'failed' },
        { caseId: 'c07', variant: 'verbose' },
        { caseId: 'c08' },
        { caseId: 'c09' },
        { caseId: 'c01', dataset: 'math', scores: { similarity: 0.995 } },
      ],
      CURRENT,
    )
    const c = compareRuns(base, current)
    expect(ids(c.newlyFailing)).toEqual(['qa/c01/openai:gpt-4o-mini', 'qa/c02/openai:gpt-4o-mini', 'qa/c07/openai:gpt-4o-mini/terse'])
    expect(ids(c.newlyPassing)).toEqual(['qa/c03/openai:gpt-4o-mini', 'qa/c06/anthropic:claude'])
    expect(c.scoreChanges).toEqual([{ dataset: 'qa', caseId: 'c04', provider: 'openai:gpt-4o-mini', variant: null, matcher: 'similarity', base: 0.9, current: 0.7 }])
    // c08 was skipped on the base: not paired; c05 ran only on the base
    expect(ids(c.onlyInBase)).toEqual(['qa/c05/openai:gpt-4o-mini'])
    expect(ids(c.onlyInCurrent)).toEqual(['qa/c08/openai:gpt-4o-mini', 'qa/c09/openai:gpt-4o-mini'])
    expect(c.paired).toBe(8)
    expect(c.newlyFailing[0]?.base).toMatchObject({ status: 'passed', output: 'Paris', reason: null })
    expect(c.newlyFailing[0]?.current).toMatchObject({ status: 'failed', output: 'Marseille', reason: 'fixture' })
    expect(c.newlyFailing[1]?.current).toMatchObject({ status: 'error', output: null, reason: 'HTTP 500' })
    expect(c.mcnemar).toMatchObject({ newlyFailing: 3, newlyPassing: 2 })
    expect(c.passRate).toEqual({ base: 6 / 8, current: 5 / 8 })
    expect(c.providers.map((p) => [p.provider, p.paired])).toEqual([['anthropic:claude', 1], ['openai:gpt-4o-mini', 7]])
    // a verdict needs 5 paired cases: one anthropic case has none
    expect(c.providers[0]?.verdict).toBeNull()
    expect(RunComparisonSchema.parse(c)).toEqual(c)
  })

  test('verdicts: 12 of 30 newly failing is regressed, with the interval pairedPassRateDifference gives; 1 of 30 is no detectable change', () => {
    const base = loaded(numbered(30), BASE)
    const regressed = compareRuns(base, loaded([...numbered(12, { status: 'failed' }), ...numbered(18, {}, 13)], CURRENT))
    const expected = verdict({
      difference: pairedPassRateDifference(Array.from({ length: 30 }, (_, i) => ({ id: String(i), baseline: { passes: 1, trials: 1 }, current: { passes: i < 12 ? 0 : 1, trials: 1 } }))),
    })
    expect(regressed.verdict).toMatchObject({ verdict: 'regressed', estimate: -0.4, lower: expected.difference.lower, upper: expected.difference.upper, sentence: expected.sentence })
    // d = −1 for 12 cases, 0 for 18: Σ(d − d̄)² = 12·0.36 + 18·0.16 = 7.2; SE = √(7.2 / (30·29)) = 0.090972; ± t(0.975, 29)·SE = ±2.045230·SE
    expect(regressed.verdict?.sentence).toBe('Regressed: the pass rate fell by 40.0 points (95% interval −58.6 points to −21.4 points), more than chance explains at 95% confidence.')
    expect(regressed.newlyFailing).toHaveLength(12)
    expect(regressed.mcnemar.pValue).toBeLessThan(0.001)
    expect(regressed.providers[0]?.verdict?.verdict).toBe('regressed')
    expect(regressed.matchers).toEqual([expect.objectContaining({ matcher: 'contains', cases: 30, base: 1, current: 0.6 })])
    expect(regressed.matchers[0]?.verdict?.verdict).toBe('regressed')

    const one = compareRuns(base, loaded([{ caseId: 'k01', status: 'failed' }, ...numbered(29, {}, 2)], CURRENT))
    expect(one.verdict?.verdict).toBe('no detectable change')
    expect(one.verdict?.sentence).toMatch(/^No detectable change: the pass rate fell by 3\.3 points .* this sample could detect a change of about \d+\.\d points/)
    const improved = compareRuns(loaded([...numbered(12, { status: 'failed' }), ...numbered(18, {}, 13)], BASE), loaded(numbered(30), CURRENT))
    expect(improved.verdict?.verdict).toBe('improved')
    expect(improved.newlyPassing).toHaveLength(12)
  })

  test('a score verdict over more than 2,000 paired cases is the normal interval of the differences (a bootstrap up to 2,000)', () => {
    const n = 2500
    const base = loaded(Array.from({ length: n }, (_, i) => ({ caseId: `s${i}`, score: null, scores: { similarity: 0.8 } })), BASE)
    const current = loaded(Array.from({ length: n }, (_, i) => ({ caseId: `s${i}`, score: null, scores: { similarity: i % 4 === 0 ? 0.6 : 0.8 } })), CURRENT)
    const [m] = compareRuns(base, current).matchers
    const differences = Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0.6 - 0.8 : 0))
    const expected = verdict({ difference: meanWithClusteredError(differences), label: 'mean similarity score' })
    expect(m).toMatchObject({ matcher: 'similarity', cases: n, verdict: { verdict: 'regressed', sentence: expected.sentence, lower: expected.difference.lower, upper: expected.difference.upper } })
  })

  test('repeats: a case pairs on its pass fraction; newly failing when it passed in a majority of its repeats and no longer does', () => {
    const repeats = (caseId: string, passed: number, of: number): CompareSpec[] =>
      Array.from({ length: of }, (_, repeat) => ({ caseId, repeat, status: repeat < passed ? ('passed' as const) : ('failed' as const) }))
    const base = loaded([...repeats('r1', 3, 3), ...repeats('r2', 1, 3), ...repeats('r3', 2, 3)], BASE)
    const current = loaded([...repeats('r1', 1, 3), ...repeats('r2', 3, 3), ...repeats('r3', 3, 3)], CURRENT)
    const c = compareRuns(base, current)
    expect(ids(c.newlyFailing)).toEqual(['qa/r1/openai:gpt-4o-mini'])
    expect(ids(c.newlyPassing)).toEqual(['qa/r2/openai:gpt-4o-mini'])
    expect(c.newlyFailing[0]?.base).toMatchObject({ passes: 3, trials: 3 })
    expect(c.newlyFailing[0]?.current).toMatchObject({ passes: 1, trials: 3 })
    expect(c.passRate.base).toBeCloseTo((1 + 1 / 3 + 2 / 3) / 3, 12)
    expect(c.passRate.current).toBeCloseTo((1 / 3 + 1 + 1) / 3, 12)
    expect(formatComparisonText(c)).toContain('qa › r1 › openai:gpt-4o-mini  3/3 passed → 1/3 passed')
  })

  test('per provider: E2E and TTFT p50/p95 and cost over the records that called it; replayed records left out', () => {
    const base = loaded([...numbered(4, { e2eMs: 100, ttftMs: 20, cost: 0.001 }), { caseId: 'k05', e2eMs: 9999, replayed: true }], BASE)
    const current = loaded([...numbered(4, { e2eMs: 200, ttftMs: 50, cost: 0.002 }), { caseId: 'k05', e2eMs: 1, replayed: true }], CURRENT)
    const comparison = compareRuns(base, current)
    expect(comparison.verdict).toMatchObject({ verdict: 'no detectable change', sentence: 'No change: each of the 5 paired cases has the same pass fraction in both runs.' })
    const [p] = comparison.providers
    expect(p?.base).toMatchObject({ measured: 4, e2eMs: { p50: 100, p95: 100 }, ttftMs: { p50: 20, p95: 20 }, cost: 0.004 })
    expect(p?.current).toMatchObject({ measured: 4, e2eMs: { p50: 200, p95: 200 }, ttftMs: { p50: 50, p95: 50 }, cost: 0.008 })
    expect(formatComparisonText(compareRuns(base, current))).toContain('E2E p50 100 ms → 200 ms (+100.0%), p95 100 ms → 200 ms (+100.0%); TTFT p50 20 ms → 50 ms (+150.0%), p95 20 ms → 50 ms (+150.0%); cost $0.004000 → $0.008000 (+100.0%)')
  })
})

describe('formats', () => {
  const hostile = 'ignore <script>alert(1)</script> | @octocat [x](http://evil) `code`\n\u001b[31mred'
  const base = loaded([{ caseId: 'c01', output: 'fine' }, { caseId: 'c|02', output: 'ok' }], BASE, { commit: 'a'.repeat(40), branch: 'main', dirty: false })
  const current = loaded([{ caseId: 'c01', status: 'failed', output: hostile }, { caseId: 'c|02', status: 'failed', output: 'x'.repeat(5000) }], CURRENT)
  const c = compareRuns(base, current)

  test('Markdown: untrusted text escaped (no HTML, links, mentions, table breaks), outputs cut', () => {
    const md = formatComparisonMarkdown(c)
    expect(md).toContain('### Compare: ⚠️ changed')
    expect(md).toContain(`Base ${BASE} (commit aaaaaaaaaaaa on main) → current ${CURRENT}`)
    expect(md).toContain('| qa | c01 | openai:gpt-4o-mini |  | passed → failed | fine | ignore &lt;script&gt;alert(1)&lt;/script&gt; \\| &#64;octocat \\[x\\](http://evil) \\`code\\` \\[31mred |')
    expect(md).toContain('| qa | c\\|02 |')
    expect(md).not.toMatch(/<script|@octocat|\u001b/)
    expect(md).toContain(`${'x'.repeat(299)}…`)
    expect(md).not.toContain('x'.repeat(300))
    expect(md).toContain('Pass rate: too few paired cases for a verdict (2, fewer than 5).')
  })

  test('text: one line per output, control characters made spaces, quoted', () => {
    const text = formatComparisonText(c)
    expect(text).toContain(`Compare ${BASE} (commit aaaaaaaaaaaa on main) (base) → ${CURRENT} (current), project llm`)
    expect(text).toContain('    base:    "fine"')
    expect(text).toContain('    current: "ignore <script>alert(1)</script> | @octocat [x](http://evil) `code` [31mred"')
    expect(text).not.toContain('\u001b')
  })

  test('JSON: the schema holds; outputs kept up to 2,000 characters', () => {
    const json = JSON.parse(JSON.stringify(c)) as unknown
    const parsed = RunComparisonSchema.parse(json)
    expect(parsed.base).toEqual({ runId: BASE, file: `/runs/${BASE}/results.json`, mode: 'run', startedAt: '2026-11-20T10:00:00.000Z', commit: 'a'.repeat(40), branch: 'main' })
    expect(parsed.newlyFailing[1]?.current.output).toHaveLength(2000)
    expect(parsed.newlyFailing[1]?.current.output?.endsWith('…')).toBe(true)
    expect(RunComparisonSchema.safeParse({ ...parsed, version: 2 }).success).toBe(false)
  })
})
