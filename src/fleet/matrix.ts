import path from 'node:path'
import type { ResolvedCase } from '../dataset/types.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import { estimateCases, type Estimate } from './estimate.ts'
import type { ScenarioCases } from './validate.ts'

/** One cell of the fleet: a repository's scenario on one provider. */
export interface FleetCell {
  repoId: string
  scenario: string
  providerId: string
  /** Dataset files, relative to the manifest's folder, `/`-separated. */
  datasets: string[]
  /** Ids of the cases that run (after the sample; cases limited to other providers left out). */
  caseIds: string[]
  cases: number
  estimate: Estimate
}

export interface Totals extends Estimate {
  cells: number
  cases: number
}

export interface FleetMatrix {
  cells: FleetCell[]
  byRepository: Map<string, Totals>
  byScenario: Map<string, Totals>
  byProvider: Map<string, Totals>
  total: Totals
}

/**
 * Repository × scenario × provider: one cell each, in manifest order, with
 * its dataset files, its cases (the scenario's sample, less the cases whose
 * `config.providers` leaves this provider out) and their token and cost
 * estimate; totals per repository, scenario and provider.
 */
export function expandMatrix(groups: readonly ScenarioCases[], providers: readonly ProviderSpec[], manifestDir: string): FleetMatrix {
  const cells: FleetCell[] = []
  for (const group of groups) {
    const datasets = group.files.map((file) => path.relative(manifestDir, file).split(path.sep).join('/'))
    for (const spec of providers) {
      const cases = group.cases.filter((testCase) => runsOn(testCase, spec))
      cells.push({ repoId: group.repoId, scenario: group.scenario, providerId: spec.id, datasets, caseIds: cases.map((c) => c.id), cases: cases.length, estimate: estimateCases(cases, spec, group.profile) })
    }
  }
  return {
    cells,
    byRepository: totalsBy(cells, (cell) => cell.repoId),
    byScenario: totalsBy(cells, (cell) => cell.scenario),
    byProvider: totalsBy(cells, (cell) => cell.providerId),
    total: totalsBy(cells, () => 'all').get('all') ?? emptyTotals(),
  }
}

/** A case with `config.providers` runs only on the providers it names (by id or by type). */
function runsOn(testCase: ResolvedCase, spec: ProviderSpec): boolean {
  return testCase.providers === null || testCase.providers.includes(spec.id) || testCase.providers.includes(spec.type)
}

function totalsBy(cells: readonly FleetCell[], key: (cell: FleetCell) => string): Map<string, Totals> {
  const totals = new Map<string, Totals>()
  for (const cell of cells) {
    const name = key(cell)
    const sum = totals.get(name) ?? emptyTotals()
    sum.cells += 1
    sum.cases += cell.cases
    sum.inputTokens += cell.estimate.inputTokens
    sum.outputTokens += cell.estimate.outputTokens
    // an unknown price leaves the total unknown, never a smaller number that looks complete
    sum.costUsd = sum.costUsd === null || cell.estimate.costUsd === null ? null : sum.costUsd + cell.estimate.costUsd
    totals.set(name, sum)
  }
  return totals
}

function emptyTotals(): Totals {
  return { cells: 0, cases: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }
}
