import type { SystemReport } from '../../metrics/system/types.ts'
import type { GateReport } from '../gates/types.ts'
import type { Breakdown, RunResults } from '../run-results.ts'

/**
 * Sections of `RunResults` that land in a parallel change (system sampling,
 * gates, the by-model breakdown): read as optional so the report renders the
 * results of a run that has none of them.
 */
export interface RunResultsExtras {
  byModel: Breakdown[]
  system: SystemReport | null
  gates: GateReport | null
}

export function extrasOf(results: RunResults): RunResultsExtras {
  const r = results as RunResults & Partial<RunResultsExtras>
  return { byModel: Array.isArray(r.byModel) ? r.byModel : [], system: r.system ?? null, gates: r.gates ?? null }
}
