import path from 'node:path'
import { DatasetError } from '../../dataset/errors.ts'
import { loadDataset } from '../../dataset/load.ts'
import { knownMatcherNames } from '../../evaluators/registry.ts'
import type { FleetManifest, ScenarioProfile } from '../manifest-schema.ts'
import { sampleCases } from '../sample.ts'
import type { FleetValidation } from '../validate.ts'

/** One repository × scenario of a fleet run: one llmBench project (every provider of the manifest). */
export interface FleetProjectPlan {
  /** `{repo_id}__{scenario}`: the Vitest project's name and its folder under `projects/`. */
  name: string
  repoId: string
  scenario: string
  /** Absolute path of the repository: the project's root. */
  root: string
  /** Dataset files, relative to the root, `/`-separated. */
  datasets: string[]
  /** The `num_examples` sample as `<dataset name>/<case id>`; null: every case. */
  cases: string[] | null
  profile: ScenarioProfile
  /** Why the project cannot run as planned (a dataset that does not load), or null. */
  problem: string | null
}

export function projectName(repoId: string, scenario: string): string {
  return `${repoId}__${scenario}`
}

/**
 * The llmBench projects of a fleet run, one per repository × scenario of the
 * validation, with the `num_examples` sample drawn by the matrix's own sampler
 * over the same cases in the same order (so a dry run and a run agree). A
 * dataset that does not load leaves its project planned with a problem: the
 * other cells still run.
 */
export function planProjects(validation: FleetValidation, manifest: FleetManifest): FleetProjectPlan[] {
  const knownMatchers = new Set(knownMatcherNames())
  const plans: FleetProjectPlan[] = []
  for (const repo of manifest.repositories) {
    for (const scenario of repo.scenarios) {
      const group = validation.groups.find((g) => g.repoId === repo.repo_id && g.scenario === scenario)
      const profile = manifest.scenario_profiles[scenario]
      if (group === undefined || profile === undefined) continue
      const root = path.resolve(path.dirname(validation.file), repo.path)
      const keyed: string[] = []
      const problems: string[] = []
      for (const file of group.files) {
        try {
          const dataset = loadDataset(file, { knownMatchers })
          keyed.push(...dataset.cases.map((c) => `${dataset.name}/${c.id}`))
        } catch (error) {
          if (!(error instanceof DatasetError)) throw error
          problems.push(error.message)
        }
      }
      const cases = profile.num_examples === undefined ? null : sampleCases(keyed, profile.num_examples, profile.seed)
      const datasets = group.files.map((file) => path.relative(root, file).split(path.sep).join('/'))
      plans.push({ name: projectName(repo.repo_id, scenario), repoId: repo.repo_id, scenario, root, datasets, cases, profile, problem: problems.length > 0 ? problems.join('\n') : null })
    }
  }
  return plans
}
