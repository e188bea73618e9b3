import type { ClientHealthReport } from '../metrics/client-health/schema.ts'
import type { SystemReport } from '../metrics/system/types.ts'
import { summarize } from '../metrics/percentile.ts'
import type { CaseRecord } from '../record/schema.ts'
import { compareText, groupBy, sum } from './aggregate.ts'
import type { GateReport } from './gates/types.ts'
import type { LoadReport } from './load/schema.ts'
import { StatsMemo } from './stats-memo.ts'
import type { Breakdown, CaseSpread, DatasetFailure, RunResults } from './results-schema.ts'

export type { Breakdown, CaseSpread, DatasetFailure, RunResults, RunSummary } from './results-schema.ts'

export interface RunInfo {
  runId: string
  project: string
  mode: string
  startedAt: Date
  endedAt: Date
  reason: string
}

/** Sections the reporter computes elsewhere and hands in; each null when absent. */
export interface RunExtras {
  system?: SystemReport | null
  clientHealth?: ClientHealthReport | null
  /** Bench load profiles' per-measurement report (src/report/load/aggregate-load.ts). */
  load?: LoadReport | null
  gates?: GateReport | null
}

/**
 * Everything `results.json` holds, from the case records: totals, breakdowns
 * by dataset × provider, provider, model, dataset and category, per-case spread
 * in bench mode, and the records in a stable order (dataset, case id,
 * provider, sample), so that equal records give equal results whatever order
 * they arrived in (one run or merged shards).
 */
export function buildRunResults(info: RunInfo, records: readonly CaseRecord[], datasetFailures: readonly DatasetFailure[], extras: RunExtras = {}): RunResults {
  const cases = [...records].sort(compareRecords)
  statsMemo.reset()
  const modelOf = modelResolver(cases)
  return {
    runId: info.runId,
    project: info.project,
    mode: info.mode,
    startedAt: info.startedAt.toISOString(),
    endedAt: info.endedAt.toISOString(),
    reason: info.reason,
    summary: { ...statsMemo.of(cases), datasetFailures: datasetFailures.length, errorClasses: errorClasses(cases) },
    // with prompt variants (`variants:`), a group is dataset × provider × variant
    byDatasetProvider: breakdown(cases, (r) => (r.variant === undefined ? `${r.dataset}\0${r.provider}` : `${r.dataset}\0${r.provider}\0${r.variant}`), (g) => ({
      dataset: first(g).dataset,
      provider: first(g).provider,
      model: models(g, modelOf),
      ...variantLabel(first(g)),
    })),
    byProvider: breakdown(cases, (r) => r.provider, (g) => ({ provider: first(g).provider, model: models(g, modelOf) })),
    byModel: breakdown(cases, modelOf, (g) => ({ model: modelOf(first(g)), providers: distinct(g.map((r) => r.provider)) })),
    byDataset: breakdown(cases, (r) => r.dataset, (g) => ({ dataset: first(g).dataset })),
    byCategory: breakdown(cases, (r) => r.category ?? '', (g) => ({ category: first(g).category ?? '(none)' })),
    ...byVariant(cases),
    caseSpread: info.mode === 'bench' ? caseSpread(cases, modelOf) : null,
    datasetFailures: [...datasetFailures].sort((a, b) => compareText(a.file, b.file) || compareText(a.message, b.message)),
    system: extras.system ?? null,
    ...(extras.clientHealth ? { clientHealth: extras.clientHealth } : {}),
    ...(extras.load ? { load: extras.load } : {}),
    gates: extras.gates ?? null,
    cases,
  }
}

/** Per dataset × prompt variant (`variants:`), across providers; absent when no record has a variant. */
function byVariant(cases: CaseRecord[]): Pick<RunResults, 'byVariant'> {
  const varied = cases.filter((r) => r.variant !== undefined)
  if (varied.length === 0) return {}
  return { byVariant: breakdown(varied, (r) => `${r.dataset}\0${r.variant}`, (g) => ({ dataset: first(g).dataset, ...variantLabel(first(g)) })) }
}

function variantLabel(r: CaseRecord): { variant?: string } {
  return r.variant === undefined ? {} : { variant: r.variant }
}

/** A group's stats, computed once per run for groups of the same records (stats-memo.ts). */
const statsMemo = new StatsMemo()

function breakdown(records: CaseRecord[], keyOf: (r: CaseRecord) => string, labelOf: (group: CaseRecord[]) => Omit<Breakdown, 'stats'>): Breakdown[] {
  return [...groupBy(records, keyOf).values()].map((group) => ({ ...labelOf(group), stats: statsMemo.of(group) }))
}

/**
 * The model a record counts under. A case that never ran has no model of its
 * own: it takes the model its provider served in other records, or `(unknown)`.
 */
function modelResolver(records: readonly CaseRecord[]): (r: CaseRecord) => string {
  const byProvider = new Map<string, string>()
  for (const r of records) if (r.model !== '' && !byProvider.has(r.provider)) byProvider.set(r.provider, r.model)
  return (r) => (r.model !== '' ? r.model : (byProvider.get(r.provider) ?? '(unknown)'))
}

/** The distinct models of a group, sorted and comma-separated. */
function models(group: readonly CaseRecord[], modelOf: (r: CaseRecord) => string): string {
  return distinct(group.map(modelOf)).join(', ')
}

/** Bench mode: one entry per case and provider with how its samples spread. */
function caseSpread(records: CaseRecord[], modelOf: (r: CaseRecord) => string): CaseSpread[] {
  return [...groupBy(records, (r) => `${r.dataset}\0${r.caseId}\0${r.provider}`).values()].map((group) => {
    const r = first(group)
    const timed = group.filter((s) => s.status !== 'skipped').flatMap((s) => (s.timings ? [s.timings] : []))
    const e2e = timed.map((t) => t.e2eMs)
    return {
      dataset: r.dataset,
      caseId: r.caseId,
      provider: r.provider,
      model: models(group, modelOf),
      samples: group.length,
      passed: group.filter((s) => s.status === 'passed').length,
      e2eMs: summarize(e2e),
      ttftMs: summarize(timed.flatMap((t) => (t.ttftMs === null ? [] : [t.ttftMs]))),
      e2eCv: coefficientOfVariation(e2e),
    }
  })
}

/** Population standard deviation / mean (numpy's `std` / `mean`); null under 2 values or for a zero mean. */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null
  const mean = sum(values) / values.length
  if (mean === 0) return null
  const variance = sum(values.map((v) => (v - mean) ** 2)) / values.length
  return Math.sqrt(variance) / mean
}

function errorClasses(records: CaseRecord[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of records) if (r.error) counts[r.error.class] = (counts[r.error.class] ?? 0) + 1
  return counts
}

/** The order of `results.json`'s cases: dataset, case id, provider, variant, sample, request hash. */
export function compareRecords(a: CaseRecord, b: CaseRecord): number {
  return (
    compareText(a.dataset, b.dataset) ||
    compareText(a.caseId, b.caseId) ||
    compareText(a.provider, b.provider) ||
    compareText(a.variant ?? '', b.variant ?? '') ||
    (a.sample ?? -1) - (b.sample ?? -1) ||
    compareText(a.requestHash, b.requestHash)
  )
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareText)
}

function first(group: readonly CaseRecord[]): CaseRecord {
  return group[0] as CaseRecord
}
