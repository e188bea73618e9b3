import { join, resolve } from 'node:path'
import { findMergeBase, sameCommit } from '../history/compare/merge-base.ts'
import { CompareError, readGitProvenance, readRun, type LoadedRun } from '../history/compare/read-run.ts'
import { listRunFolders, runIdName } from '../runner/resume/run-folders.ts'
import { findRunResults } from './find-run.ts'

/** What picks the two runs of `llm-test-bench compare`. */
export interface CompareSelection {
  /** Runs named on the command line: none, the current run, or the base and the current run. */
  runs: string[]
  /** `--project`; null when not given (the runs named decide, `llm` for the defaults). */
  project: string | null
  outputDir: string
  /** `--base`: previous (default), merge-base, or a run. */
  base: string
}

export const DEFAULT_COMPARE_PROJECT = 'llm'

/**
 * The base and current runs:
 * - two runs named: those, in that order;
 * - else the current run is the one named, or the newest finished run of the
 *   project; the base is `--base`: `previous` the newest finished run of the
 *   same project and mode before it, `merge-base` the newest finished run made
 *   at the merge base of HEAD and the main line (results.json's provenance),
 *   or a named run.
 * Both must be finished runs of one project; a CompareError says what is wrong.
 */
export function selectRuns(selection: CompareSelection, cwd: string): { base: LoadedRun; current: LoadedRun } {
  const project = selection.project ?? DEFAULT_COMPARE_PROJECT
  const load = (run: string | null): LoadedRun => {
    const found = findRunResults(run, selection.outputDir, project, cwd, (message) => new CompareError(message))
    return readRun(found.file, found.label)
  }
  const [first, second] = selection.runs
  const ofProject = (run: LoadedRun): LoadedRun => {
    if (selection.project !== null && run.results.project !== selection.project) {
      throw new CompareError(`run ${run.results.runId} (${run.file}) is of project "${run.results.project}", not "${selection.project}"`)
    }
    return run
  }
  const current = ofProject(load(second ?? first ?? null))
  const base = ofProject(second !== undefined ? load(first ?? null) : baseRun(selection, current, cwd, load))
  if (base.results.project !== current.results.project) {
    throw new CompareError(`run ${base.results.runId} is of project "${base.results.project}" and run ${current.results.runId} of "${current.results.project}": compare two runs of one project`)
  }
  if (base.results.runId === current.results.runId && base.file === current.file) throw new CompareError(`both sides are run ${current.results.runId}: name two different runs`)
  return { base, current }
}

function baseRun(selection: CompareSelection, current: LoadedRun, cwd: string, load: (run: string | null) => LoadedRun): LoadedRun {
  if (selection.base !== 'previous' && selection.base !== 'merge-base') return load(selection.base)
  const dir = resolve(cwd, selection.outputDir)
  const name = runIdName(current.results.project, current.results.mode === 'bench')
  const all = listRunFolders(dir, name).filter((r) => r.finished)
  const at = all.findIndex((r) => r.id === current.results.runId)
  // oldest first: the runs before the current one (by start time when it is not a folder of outputDir)
  const finished = at >= 0 ? all.slice(0, at) : all.filter((r) => r.startedAt.getTime() <= Date.parse(current.results.startedAt))
  if (selection.base === 'previous') {
    const previous = finished.at(-1)
    if (!previous) throw new CompareError(`no finished run of project "${current.results.project}" before ${current.results.runId} in ${selection.outputDir}: nothing to compare with (name a base run with --base <run>)`)
    return readRun(join(previous.dir, 'results.json'), previous.id)
  }
  const mergeBase = findMergeBase(cwd)
  // any finished run made at that commit, newest first (it may have run after the current one)
  for (const run of all.filter((r) => r.id !== current.results.runId).reverse()) {
    const git = readGitProvenance(join(run.dir, 'results.json'))
    if (git && sameCommit(git.commit, mergeBase.commit)) return readRun(join(run.dir, 'results.json'), run.id)
  }
  throw new CompareError(
    `no finished run of project "${current.results.project}" in ${selection.outputDir} was made at the merge base ${mergeBase.commit.slice(0, 12)} (of HEAD and ${mergeBase.against}): run the benchmark on that commit, or name a base run with --base <run>`,
  )
}
