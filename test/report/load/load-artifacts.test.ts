import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { writeArtifacts } from '../../../src/report/artifacts/write-artifacts.ts'
import { aggregateLoad } from '../../../src/report/load/aggregate-load.ts'
import { readRunResults } from '../../../src/report/results-schema.ts'
import { buildRunResults } from '../../../src/report/run-results.ts'
import { formatResultsTable } from '../../../src/report/table.ts'
import type { LoadPoint } from '../../../src/record/schema.ts'
import { concurrency, request } from './fixtures.ts'

// two levels; a provider id that a spreadsheet would run as a formula
const c1 = concurrency(1, 0)
const c2 = concurrency(2, 1)
const provider = '=cmd|calc'
const records = [
  ...[0, 1].map((i) => request(c1, { sentMs: i * 1000, e2eMs: 1000, ttftMs: 100, provider })),
  ...[0, 1].map((i) => request(c2, { sentMs: 10_000, e2eMs: 1000, ttftMs: 400, provider }, `c2-${i}`)),
]
const info = { runId: 'run-1', project: 'p', mode: 'bench', startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
const results = buildRunResults(info, records, [], { load: aggregateLoad(records, { ttftMs: 200 }) })

describe('load profile artifacts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'load-artifacts-'))
  const written = writeArtifacts(dir, results, { csv: true, markdown: true, rawResponses: false })

  test('results.json holds the load section and reads back through its schema', () => {
    expect(written.finished).toBe(true)
    const back = readRunResults(join(dir, 'results.json'))
    expect(back.load?.measurements.map((m) => [m.label, m.requestsPerSecond, m.goodput])).toEqual([
      ['concurrency=1', 1, 1],
      ['concurrency=2', 2, 0],
    ])
    expect(back.load?.slo).toEqual({ ttftMs: 200 })
  })

  test('measurements.csv: one row per measurement, exact numbers, formula-guarded text', () => {
    // no cell here needs quoting: a plain split reads it
    const [head, ...lines] = readFileSync(join(dir, 'csv', 'measurements.csv'), 'utf8').trimEnd().split('\n')
    const header = (head ?? '').split(',')
    const rows = lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [header[i] ?? '', cell])))
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ provider: `'${provider}`, load: 'concurrency=1', kind: 'concurrency', concurrency: '1', rate_per_s: '', requests: '2', requests_per_s: '1', goodput_per_s: '1', quality_goodput_per_s: '1', peak_concurrency: '1', ttft_p50_ms: '100' })
    expect(rows[1]).toMatchObject({ load: 'concurrency=2', requests_per_s: '2', goodput_per_s: '0', slo_met: '0', peak_concurrency: '2', ttft_p95_ms: '400' })
  })

  test('summary.md has a Load profile section with escaped text', () => {
    const md = readFileSync(join(dir, 'summary.md'), 'utf8')
    expect(md).toContain('### Load profile')
    // goodput falls from 1 to 0 req/s: the knee is concurrency=1
    expect(md).toContain('| =cmd\\|calc | **concurrency=1** (knee) | 2 | 0 | 1.0 |')
    expect(md).toContain('- knee of =cmd\\|calc: **concurrency=1** (quality goodput falls (-100%) from concurrency=1 to concurrency=2)')
    expect(md).toContain('Goodput: requests/s meeting TTFT ≤ 200 ms')
  })

  test('the terminal table gets one row per measurement', () => {
    const text = formatResultsTable(results)
    expect(text).toContain('Load profile (per measurement')
    expect(text).toMatch(/=cmd\|calc +concurrency=1 +2 +0 +1\.0 /)
    expect(text).toMatch(/concurrency=1 .* ◀ knee$/m)
    expect(text).toMatch(/concurrency=2 +2 +0 +2\.0 /)
  })

  test('without a load profile there is no measurements.csv nor section', () => {
    const plain = buildRunResults(info, records.map(({ load: _, ...r }) => r), [], { load: aggregateLoad([], null) })
    const other = mkdtempSync(join(tmpdir(), 'load-artifacts-'))
    const out = writeArtifacts(other, plain, { csv: true, markdown: true, rawResponses: false })
    expect(out.files.some((f) => f.endsWith('measurements.csv'))).toBe(false)
    expect(out.markdown).not.toContain('Load profile')
    expect('load' in plain).toBe(false)
  })

  test('rate levels order by rate', () => {
    const rate = (r: number, i: number): LoadPoint => ({ measurement: i, label: `rate=${r}/s`, kind: 'rate', concurrency: null, ratePerS: r, scheduledMs: 0 })
    const load = aggregateLoad([request(rate(10, 0), { sentMs: 0, e2eMs: 10 }), request(rate(2, 1), { sentMs: 0, e2eMs: 10 })], null)
    expect(load?.measurements.map((m) => m.label)).toEqual(['rate=2/s', 'rate=10/s'])
  })
})
