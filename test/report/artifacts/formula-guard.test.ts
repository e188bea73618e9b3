import { describe, expect, test } from 'vitest'
import { parseCsv } from '../../../src/dataset/sources/csv.ts'
import { csvArtifacts } from '../../../src/report/artifacts/csv.ts'
import { guardFormula } from '../../../src/report/artifacts/formula-guard.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { record } from './fixtures.ts'

/**
 * CSV formula injection (OWASP): a text cell that a spreadsheet would run as a
 * formula is written with a leading `'`; a number stays a number, negative or
 * not. The CSVs are read back with the project's RFC 4180 parser.
 */

const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(Date.UTC(2026, 0, 1)), endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)), reason: 'failed' }

function rows(text: string): Array<Record<string, string>> {
  const [header, ...rest] = [...parseCsv(text)].map((r) => r.fields)
  return rest.map((row) => Object.fromEntries((header ?? []).map((h, i) => [h, row[i] ?? ''])))
}

describe('guardFormula', () => {
  test.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("https://example.invalid","x")'])('%j gets a leading quote', (text) => {
    expect(guardFormula(text)).toBe(`'${text}`)
  })

  test.each(['plain', 'a=1', '', ' =1', "'already quoted", '1-2'])('%j is left as it is', (text) => {
    expect(guardFormula(text)).toBe(text)
  })
})

describe('CSV cells read back', () => {
  const hostile = record({
    caseId: '=cmd|\' /C calc\'!A0',
    dataset: '+d',
    category: '\tcat',
    provider: '@p',
    model: '\rm',
    status: 'error',
    error: { class: 'error', message: '-oops' },
    // a clock step can make a timing negative: it is a number, and stays one
    timings: { queueMs: -0.5, ttftMs: -2, e2eMs: -0.25, tpotMs: null, itlMs: [], streamed: true },
    evaluations: [{ name: 'toMatchRegex', pass: false, score: 0, threshold: 1, reason: 'no' }],
  })
  const files = csvArtifacts(buildRunResults(info, [hostile], []))

  test('text cells starting a formula are guarded in cases.csv and the breakdowns', () => {
    const [c] = rows(files['cases.csv'] as string)
    expect(c).toMatchObject({ case_id: "'=cmd|' /C calc'!A0", dataset: "'+d", category: "'\tcat", provider: "'@p", model: "'\rm", error_message: "'-oops" })
    expect(rows(files['categories.csv'] as string)[0]?.category).toBe("'\tcat")
    expect(rows(files['datasets.csv'] as string)[0]?.dataset).toBe("'+d")
    expect(rows(files['providers.csv'] as string)[0]).toMatchObject({ provider: "'@p", model: "'\rm" })
  })

  test('numbers are written as numbers, negative ones included', () => {
    const [c] = rows(files['cases.csv'] as string)
    expect(c).toMatchObject({ queue_ms: '-0.5', ttft_ms: '-2', e2e_ms: '-0.25', score_mean: '0' })
    expect(rows(files['providers.csv'] as string)[0]?.e2e_min_ms).toBe('-0.25')
  })
})
