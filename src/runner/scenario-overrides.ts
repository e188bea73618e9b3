import { parseAssertion } from '../dataset/assertions.ts'
import type { Assertion } from '../dataset/schema.ts'
import type { ResolvedDataset } from '../dataset/types.ts'
import type { ModelParams } from '../providers/types.ts'

/** The `scenario` option: what a fleet scenario profile adds to every case. */
export interface ScenarioOverrides {
  params?: ModelParams | undefined
  assert?: Assertion[] | undefined
}

/**
 * The dataset with the scenario's `params` over each case's own (the profile
 * fixes the model settings it benchmarks) and its `assert` matchers after each
 * case's own. Without a scenario the dataset is returned as it is.
 */
export function withScenario<D extends ResolvedDataset | null>(dataset: D, scenario: ScenarioOverrides | undefined): D {
  if (dataset === null || scenario === undefined) return dataset
  const params = scenario.params ?? {}
  const extra = (scenario.assert ?? []).map(parseAssertion)
  if (Object.keys(params).length === 0 && extra.length === 0) return dataset
  return { ...dataset, cases: dataset.cases.map((c) => ({ ...c, params: { ...c.params, ...params }, assertions: [...c.assertions, ...extra] })) }
}
