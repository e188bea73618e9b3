import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseRunId } from '../runner/resume/run-folders.ts'
import { listRuns } from './runs.ts'

/** A finished run's `results.json`, found from what the user typed. */
export interface FoundRun {
  /** Absolute path of its results.json. */
  file: string
  /** How to name it in messages: the run id, or the path given. */
  label: string
}

/**
 * The results.json of `run`: `latest` or nothing (the newest finished run of
 * `project`, its bench runs included), a run id in `outputDir`, or a path to a
 * run folder or to a results.json. Throws `fail(message)` when there is none,
 * naming what was looked for and where.
 */
export function findRunResults(run: string | null, outputDir: string, project: string, cwd: string, fail: (message: string) => Error): FoundRun {
  const dir = resolve(cwd, outputDir)
  if (run === null || run === 'latest') {
    const finished = listRuns(dir, [project]).filter((r) => r.finished)
    const latest = finished.at(-1)
    if (!latest) throw fail(`no finished run of project "${project}" in ${outputDir}: run it first (llm-test-bench run --project ${project}), or name a run id or folder`)
    return { file: join(latest.dir, 'results.json'), label: latest.id }
  }
  if (parseRunId(run) !== null && existsSync(join(dir, run))) return inFolder(join(dir, run), run, fail)
  const path = resolve(cwd, run)
  if (!existsSync(path)) throw fail(`no run "${run}": not a run id in ${outputDir}, nor a folder or file`)
  if (statSync(path).isDirectory()) return inFolder(path, run, fail)
  return { file: path, label: run }
}

function inFolder(dir: string, label: string, fail: (message: string) => Error): FoundRun {
  const file = join(dir, 'results.json')
  if (!existsSync(file)) throw fail(`run ${label} has not finished: no results.json in ${dir}`)
  return { file, label }
}
