import { readFileSync } from 'node:fs'
import { parseRunResults, type RunResults } from '../../report/results-schema.ts'
import { gitProvenance, readRunGit, type GitProvenance } from '../../report/gates/run-provenance.ts'

/** The git provenance of a run's results.json, or null (none, or the file cannot be read): for choosing a base run. */
export const readGitProvenance = readRunGit

/** A finished run read for comparing: its results.json, where it is, and its git provenance. */
export interface LoadedRun {
  results: RunResults
  /** The results.json read. */
  file: string
  git: GitProvenance | null
}

/** A run that cannot be compared (none found, unfinished, unreadable, another project's): the message says which and why. */
export class CompareError extends Error {
  override name = 'CompareError'
}

/**
 * Reads and validates a run's results.json; a missing, unreadable, non-JSON or
 * invalid file, or an interrupted run, is a CompareError naming the file.
 */
export function readRun(file: string, label: string): LoadedRun {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CompareError(`run ${label}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new CompareError(`run ${label}: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); the run folder is damaged: rerun it or name another run`)
  }
  let results: RunResults
  try {
    results = parseRunResults(data, file)
  } catch (error) {
    throw new CompareError(`run ${label}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (results.reason === 'interrupted') {
    throw new CompareError(`run ${label} was interrupted (${file}): its results are partial; finish it (llm-test-bench run --resume ${results.runId}) or name another run`)
  }
  return { results, file, git: gitProvenance(data) }
}

