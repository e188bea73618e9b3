import type { CaseRecord } from '../record/schema.ts'
import { computeStats, groupBy, type Stats } from './aggregate.ts'

/** A dataset file that could not be loaded: it ran no case. */
export interface DatasetFailure {
  file: string
  message: string
}

export interface Breakdown {
  dataset?: string
  provider?: string
  model?: string
  category?: string
  stats: Stats
}

/** What `results.json` holds (keys sorted when written). */
export interface RunResults {
  runId: string
  project: string
  mode: string
  startedAt: string
  endedAt: string
  /** How the run ended in Vitest's words: passed, failed or interrupted. */
  reason: string
  summary: Stats & { datasetFailures: number; errorClasses: Record<string, number> }
  byDatasetProvider: Breakdown[]
  byProvider: Breakdown[]
  byDataset: Breakdown[]
  byCategory: Breakdown[]
  datasetFailures: DatasetFailure[]
  cases: CaseRecord[]
}

export interface RunInfo {
  runId: string
  project: string
  mode: string
  startedAt: Date
  endedAt: Date
  reason: string
}

export function buildRunResults(info: RunInfo, records: CaseRecord[], datasetFailures: DatasetFailure[]): RunResults {
  const cases = [...records].sort(compareRecords)
  return {
    runId: info.runId,
    project: info.project,
    mode: info.mode,
    startedAt: info.startedAt.toISOString(),
    endedAt: info.endedAt.toISOString(),
    reason: info.reason,
    summary: { ...computeStats(cases), datasetFailures: datasetFailures.length, errorClasses: errorClasses(cases) },
    byDatasetProvider: breakdown(cases, (r) => `${r.dataset}\0${r.provider}`, (r) => ({ dataset: r.dataset, provider: r.provider, model: r.model })),
    byProvider: breakdown(cases, (r) => r.provider, (r) => ({ provider: r.provider, model: r.model })),
    byDataset: breakdown(cases, (r) => r.dataset, (r) => ({ dataset: r.dataset })),
    byCategory: breakdown(cases, (r) => r.category ?? '', (r) => ({ category: r.category ?? '(none)' })),
    datasetFailures: [...datasetFailures].sort((a, b) => a.file.localeCompare(b.file)),
    cases,
  }
}

function breakdown(records: CaseRecord[], keyOf: (r: CaseRecord) => string, labelOf: (r: CaseRecord) => Omit<Breakdown, 'stats'>): Breakdown[] {
  return [...groupBy(records, keyOf).values()].map((group) => ({ ...labelOf(group[0] as CaseRecord), stats: computeStats(group) }))
}

function errorClasses(records: CaseRecord[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const r of records) if (r.error) counts[r.error.class] = (counts[r.error.class] ?? 0) + 1
  return counts
}

function compareRecords(a: CaseRecord, b: CaseRecord): number {
  return (
    a.dataset.localeCompare(b.dataset) ||
    a.caseId.localeCompare(b.caseId) ||
    a.provider.localeCompare(b.provider) ||
    (a.sample ?? -1) - (b.sample ?? -1)
  )
}
