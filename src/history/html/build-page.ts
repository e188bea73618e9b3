import { existsSync } from 'node:fs'
import { isAbsolute, join, relative, sep } from 'node:path'
import { wilsonInterval } from '../../report/stats/wilson.ts'
import type { HistoryChange, HistoryModelRow, HistoryPage, HistoryPageRun, HistorySeries } from './page-model.ts'

/** One group's figures in one run: a dataset × provider (× variant), or a whole provider. */
export interface HistoryGroupInput {
  dataset: string
  provider: string
  model: string
  variant: string | null
  /** Distinct cases. */
  cases: number
  passed: number
  /** passed + failed + errored + timed out: what the pass rate is over. */
  ran: number
  p50E2eMs: number | null
  p95E2eMs: number | null
  /** USD of the records with a known price; null when none had one. */
  costUsd: number | null
  /** The pass rate's 95% interval when the source has one (the history index's: clustered by case with repeats); Wilson over passed/ran otherwise. */
  interval?: { lower: number; upper: number } | null
  /** The paired change from this group's previous run, when the source can pair cases (the history index). */
  change?: HistoryChange | null
}

/** One finished run as the page needs it (from the history index, or a run folder's results.json). */
export interface HistoryRunInput {
  id: string
  project: string
  startedAt: string
  commit: string | null
  branch: string | null
  dirty: boolean | null
  /** The run's folder (absolute, or relative to the working directory). */
  dir: string
  cases: number
  passRate: number | null
  /** Per dataset × provider (× variant). */
  groups: readonly HistoryGroupInput[]
  /** Per provider over all its datasets (`dataset` is ignored): the model comparison's figures. */
  providers: readonly HistoryGroupInput[]
}

export interface BuildHistoryPageOptions {
  /** The folder history.html is written to: report links are relative to it. */
  htmlDir: string
  projects: readonly string[]
  now?: Date
}

/**
 * The page data: runs oldest first, one series per dataset × provider ×
 * variant, and the latest run of each provider/model. A run's report link is
 * set only when its report.html exists.
 */
export function buildHistoryPage(input: readonly HistoryRunInput[], options: BuildHistoryPageOptions): HistoryPage {
  const ordered = [...input].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id))
  const runs: HistoryPageRun[] = ordered.map((run) => ({
    id: run.id,
    project: run.project,
    startedAt: run.startedAt,
    commit: run.commit,
    branch: run.branch,
    dirty: run.dirty,
    report: reportLink(options.htmlDir, run.dir),
    cases: run.cases,
    passRate: run.passRate,
  }))
  const series = new Map<string, HistorySeries>()
  const models = new Map<string, HistoryModelRow>()
  ordered.forEach((run, r) => {
    for (const group of run.groups) {
      const key = JSON.stringify([group.dataset, group.provider, group.variant])
      let s = series.get(key)
      if (!s) series.set(key, (s = { dataset: group.dataset, provider: group.provider, model: group.model, variant: group.variant, points: [], latestChange: null }))
      s.model = group.model
      s.latestChange = group.change ?? null
      s.points.push({ r, ...rateWithInterval(group), p95E2eMs: roundTo(group.p95E2eMs, 10), costUsd: significant(group.costUsd), cases: group.cases })
    }
    for (const provider of run.providers) {
      const datasets = [...new Set(run.groups.filter((g) => g.provider === provider.provider).map((g) => g.dataset))].sort()
      // later runs replace earlier ones: the row is the latest run of that provider/model
      models.set(JSON.stringify([provider.provider, provider.model]), {
        provider: provider.provider,
        model: provider.model,
        r,
        ...rateWithInterval(provider),
        p50E2eMs: roundTo(provider.p50E2eMs, 10),
        p95E2eMs: roundTo(provider.p95E2eMs, 10),
        costUsd: significant(provider.costUsd),
        cases: provider.cases,
        datasets,
      })
    }
  })
  const byLabel = (a: HistorySeries, b: HistorySeries): number =>
    a.dataset.localeCompare(b.dataset) || a.provider.localeCompare(b.provider) || (a.variant ?? '').localeCompare(b.variant ?? '')
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    projects: [...options.projects],
    runs,
    series: [...series.values()].sort(byLabel),
    models: [...models.values()].sort((a, b) => (b.passRate ?? -1) - (a.passRate ?? -1) || a.provider.localeCompare(b.provider)),
  }
}

function rateWithInterval(group: HistoryGroupInput): { passRate: number | null; lower: number | null; upper: number | null } {
  if (group.ran <= 0) return { passRate: null, lower: null, upper: null }
  const interval = group.interval ? { estimate: Math.min(group.passed, group.ran) / group.ran, ...group.interval } : wilsonInterval(Math.min(group.passed, group.ran), group.ran)
  return { passRate: roundTo(interval.estimate, 1e6), lower: roundTo(interval.lower, 1e6), upper: roundTo(interval.upper, 1e6) }
}

/*
 * The page shows rates to 0.1%, latency to 3 digits and money to 2-4: the
 * embedded numbers are rounded well below that (rates to 1e-6, ms to 0.1,
 * USD to 6 significant digits), which keeps 20,000 points ~1 MB smaller.
 */
function roundTo<T extends number | null>(v: T, scale: number): T {
  return (v === null ? null : Math.round(v * scale) / scale) as T
}

function significant(v: number | null): number | null {
  return v === null || v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(6))
}

/** `<run dir>/report.html` relative to the page's folder, each segment URI-encoded; null when the file is not there. */
export function reportLink(htmlDir: string, runDir: string): string | null {
  const file = join(runDir, 'report.html')
  if (!existsSync(file)) return null
  const rel = relative(htmlDir, file)
  if (rel === '' || isAbsolute(rel)) return null
  return rel.split(sep).map(encodeURIComponent).join('/')
}
