import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { listRunFolders, runIdName } from '../../runner/resume/run-folders.ts'
import type { HistoryGroupInput, HistoryRunInput } from './build-page.ts'

/**
 * The page's runs read from the run folders' results.json (the folders are
 * the source of truth): only the fields the page needs are checked, so a
 * results.json from an older or newer version still reads. A folder whose
 * results.json does not read is skipped and reported through `warn`.
 */

const count = z.int().min(0)
const StatsPick = z.object({
  cases: count,
  passed: count,
  failed: count,
  errored: count,
  timedOut: count,
  passRate: z.number().nullable(),
  e2eMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  cost: z.object({ total: z.number(), known: count }),
})
const BreakdownPick = z.object({
  dataset: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  variant: z.string().nullable().optional(),
  stats: StatsPick,
})
/** What history.html reads of a results.json; `provenance` is written by runs that know their git commit. */
export const ResultsPickSchema = z.object({
  runId: z.string(),
  project: z.string(),
  startedAt: z.string(),
  reason: z.string(),
  summary: StatsPick,
  byDatasetProvider: z.array(BreakdownPick),
  byProvider: z.array(BreakdownPick),
  provenance: z
    .object({ git: z.object({ commit: z.string(), branch: z.string().nullable(), dirty: z.boolean().optional() }).nullable().optional() })
    .nullable()
    .optional(),
})
type Breakdown = z.infer<typeof BreakdownPick>
export type ResultsPick = z.infer<typeof ResultsPickSchema>

export interface FromRunFoldersOptions {
  /** Only runs of these projects (their run-id names); every project with null. */
  projects: readonly string[] | null
  /** Only this dataset's groups (and the runs that have one). */
  dataset?: string | null | undefined
  /** Only this provider's groups and model rows (and the runs that have one). */
  provider?: string | null | undefined
  warn?: (message: string) => void
}

/** The finished runs under `outputDir` (bench runs left out: their numbers are per sample), oldest first. */
export function historyRunsFromFolders(outputDir: string, options: FromRunFoldersOptions): HistoryRunInput[] {
  const names = options.projects === null ? null : new Set(options.projects.map((p) => runIdName(p)))
  const runs: HistoryRunInput[] = []
  for (const folder of listRunFolders(outputDir)) {
    if (!folder.finished || folder.name.endsWith('-bench') || (names !== null && !names.has(folder.name))) continue
    const parsed = readResultsPick(folder.dir, options.warn)
    if (!parsed) continue
    const keep = (b: Breakdown): boolean => (options.dataset == null || b.dataset === options.dataset) && (options.provider == null || b.provider === options.provider)
    const groups = parsed.byDatasetProvider.filter(keep).map(group)
    if (groups.length === 0 && (options.dataset != null || options.provider != null)) continue
    const git = parsed.provenance?.git ?? null
    runs.push({
      id: parsed.runId,
      project: parsed.project,
      startedAt: parsed.startedAt,
      commit: git?.commit ?? null,
      branch: git?.branch ?? null,
      dirty: git?.dirty ?? null,
      dir: folder.dir,
      cases: parsed.summary.cases,
      passRate: parsed.summary.passRate,
      groups,
      providers: parsed.byProvider.filter((b) => options.provider == null || b.provider === options.provider).map(group),
    })
  }
  return runs
}

/** What the page reads of `<dir>/results.json`; null (and a line to `warn` naming the file and field) when it does not read. */
export function readResultsPick(dir: string, warn?: (message: string) => void): ResultsPick | null {
  const file = join(dir, 'results.json')
  try {
    const result = ResultsPickSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (result.success) return result.data
    const issue = result.error.issues[0]
    warn?.(`${file}: skipped: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unreadable'}`)
  } catch (error) {
    warn?.(`${file}: skipped: ${error instanceof Error ? error.message : String(error)}`)
  }
  return null
}

export function group(b: Breakdown): HistoryGroupInput {
  const s = b.stats
  return {
    dataset: b.dataset ?? '',
    provider: b.provider ?? '',
    model: b.model ?? '',
    variant: b.variant ?? null,
    cases: s.cases,
    passed: s.passed,
    ran: s.passed + s.failed + s.errored + s.timedOut,
    p50E2eMs: s.e2eMs.p50,
    p95E2eMs: s.e2eMs.p95,
    costUsd: s.cost.known > 0 ? s.cost.total : null,
  }
}
