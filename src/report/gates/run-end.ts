import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { RunResults } from '../run-results.ts'
import { gatesApply, type GatingContext } from './fail-run.ts'
import { gateRun, type GateOptions } from './gate-run.ts'
import type { GateReport } from './types.ts'

/**
 * The gate report of a project's run as the reporter's `onTestRunEnd` wants
 * it: null on a shard (`--shard`: the merge is gated) and for an interrupted
 * run (its results are partial and Vitest exits 1 anyway); otherwise
 * `gateRun` with the baseline relative to Vitest's root. `results.gates` is
 * not read.
 */
export function gatesAtRunEnd(vitest: GatingContext, results: RunResults, options: GateOptions): GateReport | null {
  if (!gatesApply(vitest) || results.reason === 'interrupted') return null
  return gateRun(results, options, vitest.config.root)
}

/**
 * A warning for the terminal when the baseline file is there but could not be
 * used (unreadable, not JSON, not a baseline, an unknown format version, the
 * baseline of another project) and no gate is configured: the gate report,
 * which says it otherwise, is then empty, and the run would be compared with
 * nothing in silence. Null when the file is simply absent, when it was
 * compared, or when the gate report shows the problem.
 */
export function baselineWarning(vitest: GatingContext, report: GateReport | null, baseline: string): string | null {
  if (report === null || report.baseline !== null || report.baselineNote === null || report.gates.length > 0) return null
  if (!existsSync(resolve(vitest.config.root, baseline))) return null
  const [first, ...rest] = report.baselineNote.split('\n')
  return [`warning: the baseline was not compared: ${first ?? ''}`, ...rest.map((line) => `  ${line}`)].join('\n')
}
