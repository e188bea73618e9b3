import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { CaseRecord } from '../record/schema.ts'
import { readRecords } from '../runner/resume/read-records.ts'
import { listRunFolders, runIdName, type RunFolder } from '../runner/resume/run-folders.ts'
import type { RunsArgs } from './args.ts'

/** One line of `llm-test-bench runs`. */
export interface RunSummary {
  id: string
  /** The id's name part: the project, `<project>-bench` for a bench run. */
  name: string
  startedAt: string
  /** Distinct cases (dataset, case, provider) with an outcome so far. */
  cases: number
  finished: boolean
  /** Vitest's reason from `results.json` (passed, failed, interrupted); null when the run has none. */
  reason: string | null
  dir: string
}

/** The runs of the projects asked for (every run with `projects: null`), oldest first. */
export function listRuns(outputDir: string, projects: readonly string[] | null): RunSummary[] {
  const names = projects === null ? null : new Set(projects.flatMap((p) => [runIdName(p), runIdName(p, true)]))
  return listRunFolders(outputDir)
    .filter((run) => names === null || names.has(run.name))
    .map(summarize)
}

function summarize(run: RunFolder): RunSummary {
  return {
    id: run.id,
    name: run.name,
    startedAt: run.startedAt.toISOString(),
    cases: (run.finished ? casesOfResults(run.dir) : null) ?? casesOfRecords(readRecords(join(run.dir, 'results.jsonl'))),
    finished: run.finished,
    reason: run.reason,
    dir: run.dir,
  }
}

function casesOfResults(dir: string): number | null {
  try {
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { summary?: { cases?: unknown } }
    return typeof results.summary?.cases === 'number' ? results.summary.cases : null
  } catch {
    return null
  }
}

/** Cases that ran to an outcome (not cancelled, not skipped), each counted once. */
function casesOfRecords(records: readonly CaseRecord[]): number {
  const ran = records.filter((r) => r.status !== 'skipped' && r.error?.class !== 'aborted')
  return new Set(ran.map((r) => JSON.stringify([r.dataset, r.caseId, r.provider]))).size
}

/** `llm-test-bench runs`: prints the runs; returns the exit code. */
export function runsCommand(args: RunsArgs, cwd: string, out: (text: string) => void): number {
  const runs = listRuns(resolve(cwd, args.outputDir), args.projects)
  if (args.json) {
    out(`${JSON.stringify(runs, null, 2)}\n`)
    return 0
  }
  if (runs.length === 0) {
    out(`no runs${args.projects ? ` of ${args.projects.join(', ')}` : ''} in ${args.outputDir}\n`)
    return 0
  }
  out(formatRuns(runs))
  if (runs.some((r) => !r.finished && !r.name.endsWith('-bench'))) out(`\nContinue the latest unfinished run: llm-test-bench run --resume${projectFlags(args.projects)}\n`)
  return 0
}

export function formatRuns(runs: readonly RunSummary[]): string {
  const rows = [['id', 'started (UTC)', 'cases', 'status'], ...runs.map((r) => [r.id, r.startedAt.slice(0, 19).replace('T', ' '), String(r.cases), statusOf(r)])]
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? []
  return rows.map((row) => row.map((cell, c) => (c === 2 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd()).join('\n') + '\n'
}

function statusOf(run: RunSummary): string {
  if (run.finished) return `finished (${run.reason ?? 'unknown'})`
  const state = run.reason === 'interrupted' ? 'interrupted' : 'unfinished'
  // bench runs are not resumed (their name part ends in -bench)
  return run.name.endsWith('-bench') ? state : `${state} (resumable)`
}

function projectFlags(projects: readonly string[] | null): string {
  if (projects === null || (projects.length === 1 && projects[0] === 'llm')) return ''
  return projects.map((p) => ` --project ${p}`).join('')
}
