import { describe, expect, test } from 'vitest'
import { caseColumns } from '../../src/report/artifacts/case-columns.ts'
import { csvArtifacts } from '../../src/report/artifacts/csv.ts'
import { formatSummaryMarkdown } from '../../src/report/artifacts/markdown.ts'
import { caseKey, caseLabel, caseOutcomes } from '../../src/report/gates/case-outcomes.ts'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import { RepeatsAggregator } from '../../src/report/repeats/aggregate.ts'
import { buildRunResults } from '../../src/report/run-results.ts'
import { record, regex } from './artifacts/fixtures.ts'

/** Prompt variants in the run's numbers: groups per variant, the variant column, and nothing new without variants. */

const INFO = { runId: 'r', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }

const fail = { status: 'failed' as const, evaluations: [regex(false)] }
const VARIED = [
  record({ caseId: 'a', variant: 'terse', provider: 'p1' }),
  record({ caseId: 'a', variant: 'kind', provider: 'p1', ...fail }),
  record({ caseId: 'b', variant: 'terse', provider: 'p1' }),
  record({ caseId: 'b', variant: 'kind', provider: 'p1' }),
  record({ caseId: 'a', variant: 'terse', provider: 'p2', ...fail }),
  record({ caseId: 'a', variant: 'kind', provider: 'p2', ...fail }),
]

describe('a run with variants', () => {
  test('byVariant per dataset × variant; byDatasetProvider per dataset × provider × variant; a case under each variant counts once', () => {
    const results = buildRunResults(INFO, VARIED, [])
    expect(results.byVariant?.map((b) => [b.dataset, b.variant, b.stats.cases, b.stats.passed, b.stats.failed])).toEqual([
      ['d', 'kind', 3, 1, 2],
      ['d', 'terse', 3, 2, 1],
    ])
    expect(results.byDatasetProvider.map((b) => `${b.provider}/${b.variant}:${b.stats.passed}/${b.stats.cases}`)).toEqual(['p1/kind:1/2', 'p1/terse:2/2', 'p2/kind:0/1', 'p2/terse:0/1'])
    expect(results.summary.cases).toBe(6)
    // records in a stable order: case, provider, then variant
    expect(results.cases.map((r) => `${r.caseId}/${r.provider}/${r.variant}`)).toEqual(['a/p1/kind', 'a/p1/terse', 'a/p2/kind', 'a/p2/terse', 'b/p1/kind', 'b/p1/terse'])
  })

  test('cases.csv has a variant column after provider, variants.csv a row per variant, summary.md a By variant table and case › variant', () => {
    const results = buildRunResults(INFO, VARIED, [])
    const files = csvArtifacts(results)
    const lines = (files['cases.csv'] ?? '').trim().split('\n')
    expect(lines[0]).toMatch(/^dataset,case_id,category,provider,variant,provider_type,/)
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['kind', 'terse', 'kind', 'terse', 'kind', 'terse'])
    expect((files['variants.csv'] ?? '').split('\n').slice(0, 3).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['dataset,variant', 'd,kind', 'd,terse'])
    const md = formatSummaryMarkdown(results)
    expect(md).toContain('### By variant')
    expect(md).toContain('| a › kind |')
  })

  test('gates: a case under each variant is an outcome of its own (equal sample and repeat do not collide), in the baseline too', () => {
    const outcomes = caseOutcomes(VARIED)
    expect(outcomes.map((o) => `${o.caseId}/${o.provider}/${o.variant}:${o.status}`)).toEqual(['a/p1/kind:failed', 'a/p1/terse:passed', 'a/p2/kind:failed', 'a/p2/terse:failed', 'b/p1/kind:passed', 'b/p1/terse:passed'])
    expect(caseKey({ dataset: 'd', caseId: 'a', provider: 'p1' })).toBe('["d","a","p1"]')
    expect(caseKey({ dataset: 'd', caseId: 'a', provider: 'p1', variant: 'x' })).not.toBe(caseKey({ dataset: 'd', caseId: 'a', provider: 'p1', variant: 'y' }))
    expect(caseLabel({ dataset: 'd', caseId: 'a', provider: 'p1', variant: 'x' })).toBe('d › a › x › p1')
    const baseline = createBaseline(buildRunResults(INFO, VARIED, []), new Date(0))
    expect(baseline.cases.map((c) => c.variant)).toEqual(['kind', 'terse', 'kind', 'terse', 'kind', 'terse'])
  })

  test('repeats are tallied per variant', () => {
    const repeats = new RepeatsAggregator()
    for (const repeat of [0, 1]) {
      repeats.add(record({ caseId: 'a', variant: 'terse', repeat }))
      repeats.add(record({ caseId: 'a', variant: 'kind', repeat, ...fail }))
    }
    expect(repeats.result().map((g) => [g.variant, g.meanPassRate, g.perCase[0]?.trials])).toEqual([
      ['kind', 0, 2],
      ['terse', 1, 2],
    ])
  })
})

describe('a run without variants', () => {
  test('no byVariant, no variant label, no variant column, no variants.csv', () => {
    const results = buildRunResults(INFO, [record({ caseId: 'a' }), record({ caseId: 'b', provider: 'p2' })], [])
    expect(results).not.toHaveProperty('byVariant')
    expect(results.byDatasetProvider.every((b) => !('variant' in b))).toBe(true)
    expect(caseColumns([]).map((c) => c.header)).not.toContain('variant')
    const files = csvArtifacts(results)
    expect(files['cases.csv']?.split('\n')[0]).toMatch(/^dataset,case_id,category,provider,provider_type,/)
    expect(files).not.toHaveProperty('variants.csv')
    expect(formatSummaryMarkdown(results)).not.toContain('By variant')
  })
})
