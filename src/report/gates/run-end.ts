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
