import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { csvArtifacts, writeCsvArtifacts } from '../../../src/report/artifacts/csv.ts'
import { at, NO_RESPONSE, record, regex, rubric } from './fixtures.ts'

/**
 * The CSVs read back. Without a CSV parser installed, a CSV whose cells hold
 * no comma, quote or line break is split on `\n` and `,` (and each line is
 * checked to have as many cells as the header); quoting is checked on exact text.
 */

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** Rows as objects by header; throws when a line has another number of cells than the header. */
function parsePlainCsv(text: string): Array<Record<string, string>> {
  expect(text.endsWith('\n')).toBe(true)
  expect(text).not.toContain('"')
  const [head, ...lines] = text.slice(0, -1).split('\n')
  const header = (head as string).split(',')
  return lines.map((line) => {
    const cells = line.split(',')
    expect(cells, line).toHaveLength(header.length)
    return Object.fromEntries(header.map((h, i) => [h, cells[i] as string]))
  })
}

const info = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(Date.UTC(2026, 0, 1)), endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 5)), reason: 'failed' }
const timings = (e2eMs: number, ttftMs: number): NonNullable<ReturnType<typeof record>['timings']> => ({ queueMs: 0, ttftMs, e2eMs, tpotMs: (e2eMs - ttftMs) / 4, itlMs: [10, 20], streamed: true })
const records = [
  record({ caseId: 'one', provider: 'gpt', model: 'gpt-4o', cost: 0.002, timings: timings(100, 20), startedAt: at(0), endedAt: at(1) }),
  record({
    caseId: 'two',
    provider: 'gpt',
    model: 'gpt-4o',
    cost: 0.004,
    status: 'failed',
    evaluations: [regex(false), rubric(0.5, { calls: 1, inputTokens: 100, outputTokens: 10, cost: 0.0001 })],
    timings: timings(300, 40),
    startedAt: at(0),
    endedAt: at(2),
  }),
  record({ caseId: 'one', provider: 'local', model: 'stories', category: null, cost: null, costNote: 'no price for local:stories', timings: timings(50, 5), startedAt: at(0), endedAt: at(1) }),
  record({ caseId: 'two', provider: 'local', model: 'stories', category: null, status: 'error', error: { class: 'timeout', message: 'no answer in 30000 ms' }, ...NO_RESPONSE, attempts: 2, retries: 1 }),
]
const results = buildRunResults(info, records, [])
const files = csvArtifacts(results)

describe('the CSV files', () => {
  test('summary, providers, models, datasets, categories and cases; no case spread outside bench mode', () => {
    expect(Object.keys(files).sort()).toEqual(['cases.csv', 'categories.csv', 'datasets.csv', 'models.csv', 'providers.csv', 'summary.csv'])
  })

  test('every numeric column names its unit; distributions are flattened as <metric>_<stat>_ms', () => {
    const header = (files['providers.csv'] as string).split('\n')[0]?.split(',') ?? []
    for (const metric of ['e2e', 'ttft', 'tpot', 'itl', 'queue']) {
      for (const stat of ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max']) expect(header).toContain(`${metric}_${stat}_ms`)
      expect(header).toContain(`${metric}_count`)
    }
    expect(header).toEqual(expect.arrayContaining(['cost_usd', 'cost_note', 'judge_cost_usd', 'output_tokens_per_s', 'requests_per_s', 'wall_ms', 'input_tokens', 'output_tokens', 'pass_rate']))
    expect(header).toEqual(expect.arrayContaining(['score_toMatchRegex_mean', 'score_toSatisfyRubric_mean']))
  })

  test('providers.csv: one row per provider; an unknown cost is an empty cell with a note, never 0', () => {
    const rows = parsePlainCsv(files['providers.csv'] as string)
    expect(rows.map((r) => [r['provider'], r['model']])).toEqual([
      ['gpt', 'gpt-4o'],
      ['local', 'stories'],
    ])
    const [gpt, local] = rows as [Record<string, string>, Record<string, string>]
    expect(gpt).toMatchObject({ cases: '2', samples: '2', passed: '1', failed: '1', errored: '0', pass_rate: '0.5', cost_usd: '0.006', cost_note: '' })
    // E2E [100, 300]: p50 200, p90 = 100 + 0.9·200 = 280
    expect(gpt).toMatchObject({ e2e_count: '2', e2e_min_ms: '100', e2e_p50_ms: '200', e2e_p90_ms: '280', e2e_max_ms: '300', ttft_p50_ms: '30' })
    expect(gpt).toMatchObject({ score_toMatchRegex_mean: '0.5', score_toSatisfyRubric_mean: '0.5' })
    expect(gpt).toMatchObject({ judge_calls: '1', judge_input_tokens: '100', judge_output_tokens: '10', judge_cost_usd: '0.0001' })
    // in flight: the union of [0, 100] and [0, 300] (sent at 0 s, E2E 100 and 300 ms) = 300 ms, not first send → last end (2 s)
    // 10 output tokens / 0.3 s; 2 requests / 0.3 s
    expect(gpt).toMatchObject({ wall_ms: '300', output_tokens_per_s: String(10 / 0.3), requests_per_s: String(2 / 0.3), input_tokens: '20', output_tokens: '10', total_tokens: '30' })
    expect(local).toMatchObject({ cost_usd: '', cost_known_records: '0', cost_unknown_records: '1', cost_note: 'unknown: no price for 1 record' })
    expect(local).toMatchObject({ errored: '1', pass_rate: '0.5', score_toSatisfyRubric_mean: '', retries: '1', attempts: '3' })
  })

  test('summary.csv: one row for the run, a partial cost said to be partial', () => {
    const rows = parsePlainCsv(files['summary.csv'] as string)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      run_id: 'llm-20260101-000000-abcdef12',
      mode: 'run',
      reason: 'failed',
      started_at: '2026-01-01T00:00:00.000Z',
      cases: '4',
      passed: '2',
      error_classes: 'timeout:1',
      cost_usd: '0.006',
      cost_note: 'partial: 2 priced; 1 without a price',
    })
  })

  test('models.csv, datasets.csv and categories.csv: one row per group', () => {
    expect(parsePlainCsv(files['models.csv'] as string).map((r) => [r['model'], r['providers'], r['samples']])).toEqual([
      ['gpt-4o', 'gpt', '2'],
      ['stories', 'local', '2'],
    ])
    expect(parsePlainCsv(files['datasets.csv'] as string).map((r) => [r['dataset'], r['cases']])).toEqual([['d', '4']])
    expect(parsePlainCsv(files['categories.csv'] as string).map((r) => [r['category'], r['samples']])).toEqual([
      ['(none)', '2'],
      ['c', '2'],
    ])
  })

  test('cases.csv: one row per record with scores per matcher, tokens, cost, timings, attempts and the request hash', () => {
    const rows = parsePlainCsv(files['cases.csv'] as string)
    expect(rows.map((r) => `${r['case_id']}/${r['provider']}`)).toEqual(['one/gpt', 'one/local', 'two/gpt', 'two/local'])
    expect(rows[0]).toMatchObject({ dataset: 'd', category: 'c', model: 'gpt-4o', sample: '', status: 'passed', score_mean: '1', score_toMatchRegex: '1', score_toSatisfyRubric: '' })
    expect(rows[0]).toMatchObject({ input_tokens: '10', output_tokens: '5', cost_usd: '0.002', cost_note: '', ttft_ms: '20', e2e_ms: '100', tpot_ms: '20', itl_mean_ms: '15' })
    expect(rows[0]).toMatchObject({ attempts: '1', retries: '0', replayed: 'false', cached: 'false', request_hash: 'h', started_at: '2026-01-01T00:00:00.000Z' })
    expect(rows[1]).toMatchObject({ category: '', cost_usd: '', cost_note: 'no price for local:stories' })
    expect(rows[2]).toMatchObject({ status: 'failed', score_mean: '0.25', score_toMatchRegex: '0', score_toSatisfyRubric: '0.5', failed_matchers: 'toMatchRegex toSatisfyRubric', judge_calls: '1' })
    expect(rows[3]).toMatchObject({ status: 'error', error_class: 'timeout', error_message: 'no answer in 30000 ms', e2e_ms: '', input_tokens: '', cost_usd: '', cost_note: '', attempts: '2' })
  })

  test('text with commas, quotes and line breaks is quoted (RFC 4180), exactly', () => {
    const nasty = record({
      caseId: 'a,"b"',
      status: 'error',
      error: { class: 'bad_response', message: 'the model said "no",\nthen\r\nstopped' },
      ...NO_RESPONSE,
      requestHash: 'abc',
      startedAt: at(0),
      endedAt: at(0),
    })
    const text = csvArtifacts(buildRunResults(info, [nasty], []))['cases.csv'] as string
    const header = text.split('\n')[0] as string
    const columns = header.split(',')
    const row = text.slice(header.length + 1)
    const expected = columns.map((c) => {
      if (c === 'dataset') return 'd'
      if (c === 'case_id') return '"a,""b"""'
      if (c === 'category') return 'c'
      if (c === 'provider') return 'p'
      if (c === 'provider_type') return 'openai'
      if (c === 'model') return 'm'
      if (c === 'status') return 'error'
      if (c === 'error_class') return 'bad_response'
      if (c === 'usage_source') return 'none'
      if (c === 'error_message') return '"the model said ""no"",\nthen\r\nstopped"'
      if (c === 'attempts') return '1'
      if (c === 'retries' || c === 'judge_calls' || c === 'judge_input_tokens' || c === 'judge_output_tokens' || c === 'judge_cost_usd') return '0'
      if (c === 'cached' || c === 'replayed') return 'false'
      if (c === 'request_hash') return 'abc'
      if (c === 'started_at' || c === 'ended_at') return '2026-01-01T00:00:00.000Z'
      return ''
    })
    expect(row).toBe(`${expected.join(',')}\n`)
  })

  test('bench mode adds case-spread.csv', () => {
    const bench = buildRunResults({ ...info, mode: 'bench' }, [0, 1, 2, 3].map((n) => record({ caseId: 'x', sample: n, timings: timings(100 * (n + 1), 10) })), [])
    const rows = parsePlainCsv(csvArtifacts(bench)['case-spread.csv'] as string)
    expect(rows).toHaveLength(1)
    // E2E [100, 200, 300, 400]: population std sqrt(12500), mean 250 → CV sqrt(0.2)
    expect(rows[0]).toMatchObject({ dataset: 'd', case_id: 'x', provider: 'p', model: 'm', samples: '4', passed: '4', e2e_p50_ms: '250', e2e_min_ms: '100' })
    expect(Number(rows[0]?.['e2e_cv'])).toBeCloseTo(Math.sqrt(0.2), 12)
  })

  test('writeCsvArtifacts writes them under <dir>/csv/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-bench-csv-'))
    dirs.push(dir)
    const written = writeCsvArtifacts(dir, results)
    expect(readdirSync(join(dir, 'csv')).sort()).toEqual(Object.keys(files).sort())
    expect(written.sort()).toEqual(Object.keys(files).map((f) => join(dir, 'csv', f)).sort())
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(dir, 'csv', name), 'utf8')).toBe(text)
  })
})

test('rows are quoted exactly as csv-stringify quotes them (its options as the CSVs used them)', async () => {
  const { stringify } = await import('csv-stringify/sync')
  const { csv } = await import('../../../src/report/artifacts/csv.ts')
  const pieces = ['', 'a', ',', '"', '""', '\n', '\r', '\r\n', ' ', "'=1", 'é€😀', '\t', 'x,y', 'say "hi"', '\u2028', '-1']
  const cells: string[][] = []
  for (const a of pieces) for (const b of pieces) cells.push([a, `${a}${b}`, b, `${b}mid${a}`])
  expect(csv(cells)).toBe(stringify(cells, { record_delimiter: 'unix', quoted_match: /\r/ }))
  expect(csv([])).toBe(stringify([], { record_delimiter: 'unix', quoted_match: /\r/ }))
})

describe('CsvRows: lines a row at a time', () => {
  const pieces = ['', 'a', ',', '"', '\n', '\r', '\r\n', "'=1", '=SUM(A1)', '+1', '-x', '@a', '\tt', 'é€😀', 'emoji 🙂, "quoted"', 'x,y', '\u2028', 'ünïcödé\nline']

  test('the same text as csv(table(...)) for text that must be quoted or guarded, numbers, booleans and nulls, however often a value repeats', async () => {
    const { csv, CsvRows } = await import('../../../src/report/artifacts/csv.ts')
    const { table } = await import('../../../src/report/artifacts/columns.ts')
    type Row = { text: string; other: string; n: number | null; b: boolean | null }
    const columns = [
      { header: 'text', value: (r: Row) => r.text },
      { header: 'other', value: (r: Row) => r.other },
      { header: 'n', value: (r: Row) => r.n },
      { header: 'b', value: (r: Row) => r.b },
    ]
    const rows: Row[] = []
    // every piece many times (a column's kept cells), then more distinct values than are kept (the cache dropped mid-column)
    for (let k = 0; k < 3; k++) for (const a of pieces) for (const b of pieces) rows.push({ text: a, other: `${b}${a}`, n: k === 0 ? -0.5 : k === 1 ? 1e21 : null, b: k === 2 ? null : k === 0 })
    for (let k = 0; k < 600; k++) rows.push({ text: pieces[k % pieces.length] as string, other: `${k},"${k}"`, n: k / 7, b: true })
    const lines = new CsvRows(columns)
    let text = ''
    for (const row of rows) text += lines.line(row)
    expect(text).toBe(csv(table(columns, rows).slice(1)))
    // a cell kept from before is the same cell (a spreadsheet formula stays guarded, a quote stays doubled)
    expect(lines.line({ text: '=SUM(A1)', other: 'say "hi"', n: 0, b: false })).toBe(`'=SUM(A1),"say ""hi""",0,false\n`)
    expect(lines.line({ text: 'é€😀', other: 'a\nb', n: null, b: null })).toBe('é€😀,"a\nb",,\n')
  })

  test("cases.csv's rows: the same text as the table of cells (scores per matcher, judge figures, failed matchers, attempt errors, ITL mean)", async () => {
    const { csv, CsvRows } = await import('../../../src/report/artifacts/csv.ts')
    const { table } = await import('../../../src/report/artifacts/columns.ts')
    const { caseColumns } = await import('../../../src/report/artifacts/case-columns.ts')
    const records = [
      record({ caseId: 'plain' }),
      record({ caseId: 'two, "matchers"', evaluations: [regex(false), regex(true), rubric(0.5, { calls: 2, inputTokens: 10, outputTokens: null, cost: 0.25 })], cost: 0.1 }),
      record({ caseId: '=cmd', ...NO_RESPONSE, status: 'error', error: { class: 'rate_limit', message: 'slow down, "please"\nnow' }, attemptErrors: [{ attempt: 1, class: 'rate_limit', message: 'x', status: 429 }, { attempt: 2, class: 'timeout', message: 'y' }] }),
      record({ caseId: 'gaps', timings: { queueMs: 0.1, ttftMs: 1 / 3, e2eMs: 2, tpotMs: null, itlMs: [0.1, 0.2, 0.30000000000000004], streamed: true }, evaluations: [rubric(0.9, { calls: 1, inputTokens: 3, outputTokens: 4, cost: null })] }),
    ]
    const columns = caseColumns(['toMatchRegex', 'toSatisfyRubric'])
    const lines = new CsvRows(columns)
    expect(records.map((r) => lines.line(r)).join('')).toBe(csv(table(columns, records).slice(1)))
    // the cells the column functions give, as numbers and names
    const cells = (r: (typeof records)[number]): Record<string, string> => Object.fromEntries(lines.line(r).slice(0, -1).split(',').map((cell, i) => [(columns[i] as { header: string }).header, cell]))
    const two = cells({ ...(records[1] as (typeof records)[number]), caseId: 'two' })
    expect([two['score_mean'], two['score_toMatchRegex'], two['score_toSatisfyRubric'], two['failed_matchers']]).toEqual(['0.5', '0.5', '0.5', 'toMatchRegex toSatisfyRubric'])
    expect([two['judge_calls'], two['judge_input_tokens'], two['judge_output_tokens'], two['judge_cost_usd']]).toEqual(['2', '10', '0', '0.25'])
    const gaps = cells(records[3] as (typeof records)[number])
    expect([gaps['itl_mean_ms'], gaps['judge_calls'], gaps['judge_cost_usd'], gaps['attempt_errors']]).toEqual([String((0.1 + 0.2 + 0.30000000000000004) / 3), '1', '', ''])
    expect(lines.line(records[2] as (typeof records)[number])).toContain(',1:rate_limit/429 2:timeout,')
    const plain = cells(records[0] as (typeof records)[number])
    expect([plain['judge_calls'], plain['judge_cost_usd'], plain['failed_matchers'], plain['score_toSatisfyRubric']]).toEqual(['0', '0', '', ''])
  })
})
