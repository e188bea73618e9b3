import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { buildHistoryPage } from '../../src/history/html/build-page.ts'
import { historyRunsFromIndex } from '../../src/history/html/from-index.ts'
import { historyRunsFromFolders } from '../../src/history/html/from-run-folders.ts'
import { writeHistoryHtml } from '../../src/history/html/write.ts'
import { openHistory } from '../../src/history/index.ts'
import { makeRunFolders } from './html-fixture.ts'

/** history.html's data from the history index equals the data read from the run folders' results.json. */

const dirs: string[] = []
const makeOutputDir = (): string => {
  const out = mkdtempSync(join(tmpdir(), 'llm-bench-history-index-'))
  dirs.push(out)
  makeRunFolders(out)
  return out
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('history.html from the history index', () => {
  test('the same runs, series, points and model rows as from the run folders', () => {
    const out = makeOutputDir()
    const store = openHistory(out)
    let fromIndex
    try {
      fromIndex = buildHistoryPage(historyRunsFromIndex(store, { project: 'llm' }), { htmlDir: out, projects: ['llm'], now: new Date(0) })
    } finally {
      store.close()
    }
    const fromFolders = buildHistoryPage(historyRunsFromFolders(out, { projects: ['llm'] }), { htmlDir: out, projects: ['llm'], now: new Date(0) })
    expect(fromIndex.runs).toEqual(fromFolders.runs)
    expect(fromIndex.runs.map((r) => [r.commit, r.report])).toEqual([
      ['0'.repeat(40), `${fromIndex.runs[0]?.id}/report.html`],
      ['1'.repeat(40), null],
      ['2'.repeat(40), `${fromIndex.runs[2]?.id}/report.html`],
    ])
    expect(fromIndex.series.map((s) => [s.dataset, s.provider, s.points.length])).toEqual(fromFolders.series.map((s) => [s.dataset, s.provider, s.points.length]))
    expect(fromIndex.series.length).toBe(16)
    fromIndex.series.forEach((s, i) => {
      s.points.forEach((p, j) => {
        const q = fromFolders.series[i]?.points[j]
        expect(p.r).toBe(q?.r)
        expect(p.passRate).toBeCloseTo(q?.passRate ?? Number.NaN, 6)
        // one sample per case: the index's interval is Wilson's
        expect(p.lower).toBeCloseTo(q?.lower ?? Number.NaN, 5)
        expect(p.upper).toBeCloseTo(q?.upper ?? Number.NaN, 5)
        expect(p.p95E2eMs).toBeCloseTo(q?.p95E2eMs ?? Number.NaN, 0)
        expect(p.cases).toBe(q?.cases)
      })
    })
    // each series' latest run paired with the one before on the cases both ran (the index can; the folders cannot)
    for (const series of fromIndex.series) {
      // 4 cases per dataset × provider; a case skipped in either run is not paired
      expect(series.latestChange?.overlapping).toBeGreaterThan(0)
      expect(series.latestChange?.overlapping).toBeLessThanOrEqual(4)
      expect(series.latestChange?.pValue).toBeGreaterThan(0)
    }
    expect(fromFolders.series.every((s) => s.latestChange === null)).toBe(true)
    // the model rows: each provider's own figures from its latest run's results.json
    expect(fromIndex.models).toEqual(fromFolders.models)
    expect(fromIndex.models.every((m) => m.r === 2 && m.p95E2eMs !== null)).toBe(true)
  })

  test('--last keeps the latest runs; writeHistoryHtml writes the page beside the runs', () => {
    const out = makeOutputDir()
    const store = openHistory(out)
    try {
      const runs = historyRunsFromIndex(store, { last: 2 })
      expect(runs.map((r) => r.commit?.[0])).toEqual(['1', '2'])
      const written = writeHistoryHtml({ outputDir: out, projects: null, runs })
      expect(written).toMatchObject({ file: join(out, 'history.html'), runs: 2, series: 16 })
      const html = readFileSync(written.file, 'utf8')
      expect(written.bytes).toBe(Buffer.byteLength(html))
      expect(html).toContain('"commit":"2222222222')
      expect(html).not.toContain('"commit":"0000000000')
    } finally {
      store.close()
    }
  })
})
