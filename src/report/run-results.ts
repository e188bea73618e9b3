import type { ClientHealthReport } from '../metrics/client-health/schema.ts'
import type { SystemReport } from '../metrics/system/types.ts'
import { summarize } from '../metrics/percentile.ts'
import type { CaseRecord } from '../record/schema.ts'
import { compareText, groupBy, sum } from './aggregate.ts'
import type { GateReport } from './gates/types.ts'
import type { LoadReport } from './load/schema.ts'
import { allRows } from './columns/column-stats.ts'
import { recordColumns } from './columns/record-columns.ts'
import { RowsStatsMemo } from './columns/rows-memo.ts'
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
  // the numbers of every group are read from the records' columns, built once (columns/)
  const columns = recordColumns(cases)
  const modelOf = modelResolver(cases)
  // every breakdown's groups first: their pooled ITL percentiles are computed together (rows-memo.ts)
  const all = allRows(columns)
  const groups = {
    // with prompt variants (`variants:`), a group is dataset × provider × variant
    byDatasetProvider: groupRows(cases, (r) => (r.variant === undefined ? `${r.dataset}\0${r.provider}` : `${r.dataset}\0${r.provider}\0${r.variant}`)),
    byProvider: groupRows(cases, (r) => r.provider),
    byModel: groupRows(cases, modelOf),
    byDataset: groupRows(cases, (r) => r.dataset),
    byCategory: groupRows(cases, (r) => r.category ?? ''),
    byVariant: variantGroups(cases),
  }
  const memo = new RowsStatsMemo(columns, [all, ...Object.values(groups).flatMap((g) => (g === null ? [] : [...g.values()]))])
  const breakdown = (grouped: Map<string, number[]>, labelOf: (group: CaseRecord[]) => Omit<Breakdown, 'stats'>): Breakdown[] =>
    [...grouped.values()].map((group) => ({ ...labelOf(group.map((i) => cases[i] as CaseRecord)), stats: memo.of(group) }))
  return {
    runId: info.runId,
    project: info.project,
    mode: info.mode,
    startedAt: info.startedAt.toISOString(),
    endedAt: info.endedAt.toISOString(),
    reason: info.reason,
    summary: { ...memo.of(all), datasetFailures: datasetFailures.length, errorClasses: errorClasses(cases) },
    byDatasetProvider: breakdown(groups.byDatasetProvider, (g) => ({
      dataset: first(g).dataset,
      provider: first(g).provider,
      model: models(g, modelOf),
      ...variantLabel(first(g)),
    })),
    byProvider: breakdown(groups.byProvider, (g) => ({ provider: first(g).provider, model: models(g, modelOf) })),
    byModel: breakdown(groups.byModel, (g) => ({ model: modelOf(first(g)), providers: distinct(g.map((r) => r.provider)) })),
    byDataset: breakdown(groups.byDataset, (g) => ({ dataset: first(g).dataset })),
    byCategory: breakdown(groups.byCategory, (g) => ({ category: first(g).category ?? '(none)' })),
    // per dataset × prompt variant (`variants:`), across providers; absent when no record has a variant
    ...(groups.byVariant === null ? {} : { byVariant: breakdown(groups.byVariant, (g) => ({ dataset: first(g).dataset, ...variantLabel(first(g)) })) }),
    caseSpread: info.mode === 'bench' ? caseSpread(cases, modelOf) : null,
    datasetFailures: [...datasetFailures].sort((a, b) => compareText(a.file, b.file) || compareText(a.message, b.message)),
    system: extras.system ?? null,
    ...(extras.clientHealth ? { clientHealth: extras.clientHealth } : {}),
    ...(extras.load ? { load: extras.load } : {}),
    gates: extras.gates ?? null,
    cases,
  }
}

/** The records with a prompt variant grouped by dataset × variant; null when no record has one. */
function variantGroups(cases: readonly CaseRecord[]): Map<string, number[]> | null {
  const varied: number[] = []
  for (let i = 0; i < cases.length; i++) if ((cases[i] as CaseRecord).variant !== undefined) varied.push(i)
  return varied.length === 0 ? null : groupRows(cases, (r) => `${r.dataset}\0${r.variant}`, varied)
}

function variantLabel(r: CaseRecord): { variant?: string } {
  return r.variant === undefined ? {} : { variant: r.variant }
}

/** The positions of the records (all, or these `rows`) grouped by a key, in order within a group, groups in sorted key order (as aggregate.ts's groupBy). */
function groupRows(records: readonly CaseRecord[], keyOf: (r: CaseRecord) => string, rows?: readonly number[]): Map<string, number[]> {
  const groups = new Map<string, number[]>()
  const count = rows?.length ?? records.length
  for (let k = 0; k < count; k++) {
    const i = rows === undefined ? k : (rows[k] as number)
    const key = keyOf(records[i] as CaseRecord)
    const list = groups.get(key)
    if (list) list.push(i)
    else groups.set(key, [i])
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compareText(a, b)))
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
