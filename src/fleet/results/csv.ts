import { join } from 'node:path'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { caseColumns } from '../../report/artifacts/case-columns.ts'
import { table, type Column } from '../../report/artifacts/columns.ts'
import { statsColumns } from '../../report/artifacts/stats-columns.ts'
import { csvText } from './cell-artifacts.ts'
import type { FleetCategoryResult, FleetProviderResult, FleetRepositoryResult, FleetResults, FleetSummary } from './schema.ts'

/** A record of the fleet's cases.csv with the cell it belongs to. */
export interface FleetCaseRow {
  repoId: string
  scenario: string
  record: CaseRecord
}

/**
 * The fleet CSVs under `<runDir>/csv/`: `fleet-summary.csv` (one row),
 * `repositories.csv` (every run metric per repository), `providers.csv`,
 * `categories.csv`. Text cells are guarded against formula injection (the
 * run CSVs' `cellText`); an unknown cost is an empty cell, never 0.
 */
export function writeFleetCsvs(runDir: string, results: FleetResults, matchers: readonly string[]): void {
  const dir = join(runDir, 'csv')
  write(join(dir, 'fleet-summary.csv'), table(summaryColumns, [results]))
  write(join(dir, 'repositories.csv'), table([{ header: 'repo_id', value: (r: FleetRepositoryResult) => r.repoId }, ...statsColumns<FleetRepositoryResult>(matchers, (r) => r.stats)], results.byRepository))
  write(join(dir, 'providers.csv'), table(providerColumns, results.byProvider))
  write(join(dir, 'categories.csv'), table(categoryColumns, results.byCategory))
}

function write(file: string, cells: string[][]): void {
  writeFileAtomic(file, csvText(cells))
}

/** cases.csv's header line and a function that gives the text of some rows (the file is written as the cells are read). */
export function fleetCasesCsv(): { header: string; rows: (rows: readonly FleetCaseRow[]) => string } {
  const columns: Column<FleetCaseRow>[] = [
    { header: 'repo_id', value: (r) => r.repoId },
    { header: 'scenario', value: (r) => r.scenario },
    ...caseColumns([]).map((c) => ({ header: c.header, value: (r: FleetCaseRow) => c.value(r.record) })),
  ]
  return { header: csvText([columns.map((c) => c.header)]), rows: (rows) => (rows.length === 0 ? '' : csvText(table(columns, rows).slice(1))) }
}

const s = (key: keyof FleetSummary): Column<FleetResults> => ({
  header: key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`),
  value: (r) => {
    const v = r.summary[key]
    return typeof v === 'object' && v !== null ? null : v
  },
})

const summaryColumns: Column<FleetResults>[] = [
  { header: 'run_id', value: (r) => r.runId },
  { header: 'fleet_id', value: (r) => r.fleetId },
  { header: 'started_at', value: (r) => r.startedAt },
  { header: 'ended_at', value: (r) => r.endedAt },
  ...(
    [
      'totalRepositories', 'totalTests', 'totalSucceeded', 'totalFailed', 'totalTimeout', 'totalSkipped', 'successRate',
      'avgDurationMs', 'p50DurationMs', 'p95DurationMs', 'p99DurationMs', 'minDurationMs', 'maxDurationMs',
      'totalTokens', 'avgTokensPerRequest', 'totalCost', 'avgCostPerRepository', 'avgTestsPerRepository', 'totalDurationMs',
      'ttftP50Ms', 'ttftP95Ms', 'tpotP50Ms', 'tpotP95Ms', 'outputTokensPerSecond', 'costKnown', 'costUnknown', 'cellsNotRun',
    ] as const
  ).map(s),
  { header: 'error_classes', value: (r) => Object.entries(r.summary.errorsByClass).map(([c, n]) => `${c}:${n}`).join(' ') },
  { header: 'gates_pass', value: (r) => r.gates.pass },
]

const providerColumns: Column<FleetProviderResult>[] = [
  { header: 'provider', value: (p) => p.provider },
  { header: 'repository_count', value: (p) => p.repositoryCount },
  { header: 'total_tests', value: (p) => p.totalTests },
  { header: 'total_succeeded', value: (p) => p.totalSucceeded },
  { header: 'success_rate', value: (p) => p.successRate },
  { header: 'mean_score', value: (p) => p.meanScore },
  { header: 'total_tokens', value: (p) => p.totalTokens },
  { header: 'total_cost_usd', value: (p) => p.totalCost },
  { header: 'cost_unknown', value: (p) => p.costUnknown },
  { header: 'p50_duration_ms', value: (p) => p.p50DurationMs },
  { header: 'p95_duration_ms', value: (p) => p.p95DurationMs },
  { header: 'ttft_p50_ms', value: (p) => p.ttftP50Ms },
]

const categoryColumns: Column<FleetCategoryResult>[] = [
  { header: 'category', value: (c) => c.category },
  { header: 'total_tests', value: (c) => c.totalTests },
  { header: 'total_succeeded', value: (c) => c.totalSucceeded },
  { header: 'success_rate', value: (c) => c.successRate },
  { header: 'avg_duration_ms', value: (c) => c.avgDurationMs },
]
