import { join, relative } from 'node:path'
import { listRunFolders, runIdName } from '../../runner/resume/run-folders.ts'
import { readRunResults } from '../results-schema.ts'
import type { RunResults } from '../run-results.ts'
import type { Baseline } from './baseline-schema.ts'
import { createBaseline } from './create-baseline.ts'
import { readRunGit } from './run-provenance.ts'

/** `gates.baseline`: the committed file (default), or the newest earlier run of the project (on a branch). */
export type GateBaselineSource = 'file' | 'previous-run' | { previousRun: { branch?: string | undefined } }

/** The previous run's baseline, or why there is none (`blocking`: there is one but it cannot be read). */
export type PreviousRunBaseline = { baseline: Baseline; shown: string } | { note: string; blocking: boolean }

/** The branch a source asks for; null for any branch. */
export function previousRunBranch(source: GateBaselineSource): string | null {
  return typeof source === 'object' ? (source.previousRun.branch ?? null) : null
}

/**
 * The baseline from history: the newest finished run of `results.project` in
 * `runsDir` with the same mode (a bench run for a bench run), the current run
 * left out; with `branch`, only a run whose results.json provenance names that
 * branch (a run without provenance is not counted: its branch is unknown). Its
 * cases and provider numbers are rounded like a baseline file's (createBaseline).
 * None: a note that the gates needing a baseline were skipped. A previous run
 * whose results.json cannot be read: a blocking note naming the file.
 */
export function previousRunBaseline(results: RunResults, runsDir: string, root: string, branch: string | null): PreviousRunBaseline {
  const name = runIdName(results.project, results.mode === 'bench')
  const runs = listRunFolders(runsDir, name).filter((r) => r.finished && r.id !== results.runId)
  const shownDir = shownPath(runsDir, root)
  const onBranch = branch === null ? runs : runs.filter((r) => readRunGit(join(r.dir, 'results.json'))?.branch === branch)
  const previous = onBranch.at(-1)
  if (!previous) {
    const where = branch === null ? '' : ` on branch ${branch} (by results.json provenance)`
    return { note: `no previous run of project "${results.project}"${where} in ${shownDir}; gates that need a baseline were skipped`, blocking: false }
  }
  const file = join(previous.dir, 'results.json')
  const shown = shownPath(file, root)
  try {
    const run = readRunResults(file)
    const ended = Date.parse(run.endedAt)
    return { baseline: createBaseline(run, Number.isNaN(ended) ? previous.startedAt : new Date(ended)), shown }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { note: `the previous run ${previous.id} cannot be used as the baseline: ${message.replace(file, shown)}`, blocking: true }
  }
}

function shownPath(path: string, root: string): string {
  const rel = relative(root, path)
  return rel === '' || rel.startsWith('..') ? path : rel
}
