import { existsSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { RunResults } from '../run-results.ts'
import { BaselineFileError, readBaseline } from './baseline-file.ts'
import type { Baseline } from './baseline-schema.ts'
import { compareWithBaseline } from './compare.ts'
import { evaluateGates, type GateLimits } from './evaluate.ts'
import { noBaselineNote } from './gate-result.ts'
import { previousRunBaseline, previousRunBranch } from './previous-run.ts'
import type { GateReport } from './types.ts'

/** The options gating needs: `baseline` and `gates` of `llmBench()` (ResolvedOptions fits). */
export interface GateOptions {
  /** The baseline file, relative to the root (or absolute). */
  baseline: string
  gates: GateLimits
  /**
   * Where the project's run folders are (`outputDir`, absolute): with `gates.baseline: 'previous-run'`
   * (or `{ previousRun }`) the baseline is the newest earlier finished run there, not the file.
   */
  runsDir?: string
}

/**
 * A finished run against its baseline and gates: reads the baseline at
 * `options.baseline` (relative to `root`), compares when it is there, and
 * holds the run against every configured gate; with `gates.baseline:
 * 'previous-run'` the baseline is the newest earlier finished run of the
 * project in `options.runsDir` (see previous-run.ts). Never throws for a baseline
 * problem:
 * - no file: the note says where one is expected and how to write it; the
 *   gates that need it are skipped;
 * - an unreadable or invalid file, or the baseline of another project: the
 *   note says what is wrong; the gates that need it fail.
 */
export function gateRun(results: RunResults, options: GateOptions, root: string): GateReport {
  const source = options.gates.baseline ?? 'file'
  if (source !== 'file') {
    const previous = previousRunBaseline(results, resolve(root, options.runsDir ?? 'bench-results'), root, previousRunBranch(source))
    if ('note' in previous) return evaluateGates(results, null, options.gates, previous.note, previous.blocking)
    return evaluateGates(results, compareWithBaseline(results, previous.baseline, previous.shown), options.gates, null)
  }
  const file = resolve(root, options.baseline)
  const shown = displayPath(options.baseline, root)
  if (!existsSync(file)) return evaluateGates(results, null, options.gates, noBaselineNote(shown))
  let baseline: Baseline
  try {
    baseline = readBaseline(file)
  } catch (error) {
    if (!(error instanceof BaselineFileError)) throw error
    return evaluateGates(results, null, options.gates, error.message.replace(file, shown), true)
  }
  if (baseline.project !== results.project) {
    const note = `${shown} is the baseline of project "${baseline.project}", not of "${results.project}": give this project its own file with llmBench({ name: '${results.project}', baseline: 'baselines/${results.project}.json' })`
    return evaluateGates(results, null, options.gates, note, true)
  }
  return evaluateGates(results, compareWithBaseline(results, baseline, shown), options.gates, null)
}

/** The baseline path as the options gave it, relative to the root when it is absolute under it. */
function displayPath(baseline: string, root: string): string {
  if (!isAbsolute(baseline)) return baseline
  const rel = relative(root, baseline)
  return rel.startsWith('..') || isAbsolute(rel) ? baseline : rel
}
