import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { buildHistoryPage, reportLink } from '../../src/history/html/build-page.ts'
import { historyRunsFromFolders } from '../../src/history/html/from-run-folders.ts'
import { HistoryPageSchema } from '../../src/history/html/page-model.ts'
import { renderHistoryHtml } from '../../src/history/html/render.ts'
import { wilsonInterval } from '../../src/report/stats/wilson.ts'
import { makeResults } from '../report/html/fixture.ts'
import { EVIL, makeHistoryRuns } from './html-fixture.ts'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'llm-bench-history-page-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('the history page data', () => {
  test('runs oldest first, one series per dataset × provider with Wilson intervals, the latest run per provider/model', () => {
    const runs = makeHistoryRuns({ runs: 5, datasets: ['a', 'b'], providers: ['openai:x', 'ollama:y'] })
    const page = buildHistoryPage([...runs].reverse(), { htmlDir: '/tmp', projects: ['llm'], now: new Date('2026-02-01T00:00:00Z') })
    expect(HistoryPageSchema.parse(page)).toEqual(page)
    expect(page.runs.map((r) => r.id)).toEqual(runs.map((r) => r.id))
    expect(page.series.map((s) => `${s.dataset}/${s.provider}`)).toEqual(['a/ollama:y', 'a/openai:x', 'b/ollama:y', 'b/openai:x'])
    const group = runs[2]?.groups.find((g) => g.dataset === 'b' && g.provider === 'openai:x')
    const point = page.series[3]?.points[2]
    if (!group || !point) throw new Error('fixture has no such group')
    const interval = wilsonInterval(group.passed, group.ran)
    expect(point).toMatchObject({ r: 2, passRate: group.passed / group.ran, cases: group.cases })
    // rounded for the page: rates to 1e-6, ms to 0.1, USD to 6 significant digits
    expect(point.lower).toBeCloseTo(interval.lower, 6)
    expect(point.upper).toBeCloseTo(interval.upper, 6)
    expect(point.p95E2eMs).toBeCloseTo(group.p95E2eMs ?? Number.NaN, 1)
    expect(point.costUsd).toBe(group.costUsd === null ? null : Number(group.costUsd.toPrecision(6)))
    expect(point.lower).toBeLessThan(point.passRate ?? 0)
    // the model rows come from the newest run, with the datasets it ran
    expect(page.models.map((m) => [m.provider, m.r, m.datasets])).toEqual(
      expect.arrayContaining([
        ['openai:x', 4, ['a', 'b']],
        ['ollama:y', 4, ['a', 'b']],
      ]),
    )
    // a provider missing from the newest run keeps its own latest run
    const older = makeHistoryRuns({ runs: 2, datasets: ['a'], providers: ['local'] }).map((r, i) => ({ ...r, id: `old-${i}`, startedAt: `2025-06-0${i + 1}T00:00:00.000Z` }))
    const mixed = buildHistoryPage([...runs, ...older], { htmlDir: '/tmp', projects: ['llm'] })
    expect(mixed.models.find((m) => m.provider === 'local')?.r).toBe(1)
    expect(mixed.runs[1]?.id).toBe('old-1')
  })

  test('a group that ran nothing has no rate and no interval', () => {
    const [run] = makeHistoryRuns({ runs: 1, datasets: ['a'], providers: ['p'] })
    if (!run) throw new Error('no run')
    const empty = { ...run, groups: run.groups.map((g) => ({ ...g, passed: 0, ran: 0 })) }
    const page = buildHistoryPage([empty], { htmlDir: '/tmp', projects: [] })
    expect(page.series[0]?.points[0]).toMatchObject({ passRate: null, lower: null, upper: null })
  })

  test('report links are relative, URI-encoded and only to a report.html that exists', () => {
    const root = tempDir()
    const withReport = join(root, 'out put', 'llm-20260101-000000-aaaaaaaa')
    const without = join(root, 'out put', 'llm-20260102-000000-bbbbbbbb')
    mkdirSync(withReport, { recursive: true })
    mkdirSync(without, { recursive: true })
    writeFileSync(join(withReport, 'report.html'), 'x')
    expect(reportLink(join(root, 'out put'), withReport)).toBe('llm-20260101-000000-aaaaaaaa/report.html')
    expect(reportLink(join(root, 'site'), withReport)).toBe('../out%20put/llm-20260101-000000-aaaaaaaa/report.html')
    expect(reportLink(root, without)).toBeNull()
  })

  test('the page embeds its data as inert JSON that parses back unchanged', () => {
    const page = buildHistoryPage(makeHistoryRuns({ runs: 3, datasets: ['a'], providers: ['p'], evil: true }), { htmlDir: '/tmp', projects: [EVIL] })
    const html = renderHistoryHtml(page)
    const block = /<script type="application\/json" id="history-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? ''
    expect(JSON.parse(block)).toEqual(page)
    expect(block).not.toMatch(/<|>/)
    expect(html).not.toContain('<img')
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; img-src data:/)
    expect(html.match(/<script>/g)?.length).toBe(1)
  })
})

describe('runs read from run folders', () => {
  const writeRun = (outputDir: string, id: string, extra: Record<string, unknown> = {}): string => {
    const results = { ...makeResults({ casesPerDataset: 3, system: 'none', gates: false }), runId: id, ...extra }
    const dir = join(outputDir, id)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results))
    return dir
  }

  test('finished runs of the project with their commit; unfinished, bench, other-project and unreadable runs left out, the unreadable one named', () => {
    const out = tempDir()
    writeRun(out, 'llm-20260101-000000-aaaaaaaa', { provenance: { git: { commit: 'c0ffee'.repeat(6) + 'beef', branch: 'main', dirty: false }, configHash: null, datasets: [] } })
    writeRun(out, 'llm-20260102-000000-bbbbbbbb')
    writeRun(out, 'llm-bench-20260103-000000-cccccccc', { project: 'llm', mode: 'bench' })
    writeRun(out, 'other-20260104-000000-dddddddd', { project: 'other' })
    mkdirSync(join(out, 'llm-20260105-000000-eeeeeeee'))
    writeFileSync(join(out, 'llm-20260105-000000-eeeeeeee', 'results.jsonl'), '')
    const broken = writeRun(out, 'llm-20260106-000000-ffffffff')
    writeFileSync(join(broken, 'results.json'), JSON.stringify({ reason: 'passed', runId: 'x', project: 'llm', startedAt: 'x', summary: { cases: 'many' } }))
    const warnings: string[] = []
    const runs = historyRunsFromFolders(out, { projects: ['llm'], warn: (m) => warnings.push(m) })
    expect(runs.map((r) => r.id)).toEqual(['llm-20260101-000000-aaaaaaaa', 'llm-20260102-000000-bbbbbbbb'])
    expect(runs[0]).toMatchObject({ commit: 'c0ffee'.repeat(6) + 'beef', branch: 'main', dirty: false })
    expect(runs[1]).toMatchObject({ commit: null, branch: null, dirty: null })
    const results = makeResults({ casesPerDataset: 3, system: 'none', gates: false })
    expect(runs[0]?.groups.length).toBe(results.byDatasetProvider.length)
    expect(runs[0]?.providers.map((p) => p.provider)).toEqual(results.byProvider.map((p) => p.provider))
    const first = results.byDatasetProvider[0]
    expect(runs[0]?.groups[0]).toMatchObject({ dataset: first?.dataset, provider: first?.provider, passed: first?.stats.passed, p95E2eMs: first?.stats.e2eMs.p95 })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(join(broken, 'results.json'))
    expect(warnings[0]).toContain('summary.cases')
    expect(historyRunsFromFolders(out, { projects: null }).map((r) => r.project)).toEqual(['llm', 'llm', 'other'])
    // --dataset / --provider: only those groups (and model rows), runs without one left out
    const narrowed = historyRunsFromFolders(out, { projects: ['llm'], dataset: first?.dataset ?? null, provider: first?.provider ?? null })
    expect(narrowed.map((r) => [r.groups.map((g) => `${g.dataset}/${g.provider}`), r.providers.map((p) => p.provider)])).toEqual([
      [[`${first?.dataset}/${first?.provider}`], [first?.provider]],
      [[`${first?.dataset}/${first?.provider}`], [first?.provider]],
    ])
    expect(historyRunsFromFolders(out, { projects: ['llm'], dataset: 'no-such-dataset' })).toEqual([])
  })
})
