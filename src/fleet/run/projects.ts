import path from 'node:path'
import type { TestProjectInlineConfiguration } from 'vitest/config'
import { llmBench } from '../../config/llm-bench.ts'
import type { LlmBenchOptions } from '../../config/options.ts'
import { nativeOptions, type NativeOptions } from './native-options.ts'
import { validateFleet } from '../validate.ts'
import { planProjects, type FleetProjectPlan } from './cells.ts'

/**
 * The Vitest projects of a fleet run, called by the config the run writes in
 * its folder (`vitest.fleet.config.ts`): the manifest is validated again in
 * Vitest's process and every repository × scenario becomes one llmBench
 * project: root the repository, the scenario's dataset files, the manifest's
 * providers (read from the manifest here, so no provider secret is written
 * to the run folder), the scenario's `concurrency` as the project's
 * `maxConcurrency`, its `num_examples` sample as the `cases` option, and
 * `outputDir` `{runDir}/projects/{project}`. A native repository's project
 * starts from the options of its own llmBench project (native-options.ts).
 */
export async function fleetVitestProjects(manifestFile: string, runDir: string): Promise<TestProjectInlineConfiguration[]> {
  const validation = validateFleet(manifestFile, { replay: true })
  const manifest = validation.manifest ?? null
  if (manifest === null) throw new Error(`llm-test-bench fleet: the manifest ${manifestFile} no longer fits its schema`)
  // a native repository's own llmBench options (evaluators, pricing, timeouts...), read once per repository
  const native = new Map<string, NativeOptions>()
  for (const repo of manifest.repositories) {
    if (repo.adapter !== 'native') continue
    const read = await nativeOptions(path.resolve(path.dirname(validation.file), repo.path))
    if (read.warning !== null) process.stderr.write(`llm-test-bench fleet: repository "${repo.repo_id}": ${read.warning}\n`)
    native.set(repo.repo_id, read)
  }
  return planProjects(validation, manifest).map((plan) => fleetProject(plan, manifest.providers, runDir, native.get(plan.repoId)?.options ?? null))
}

/** Set on a shard's Vitest process: its projects' own run folders go under `{run}/shards/{i}/`, the merged ones under `projects/`. */
export const FLEET_SHARD_ENV = 'LLM_BENCH_FLEET_SHARD'

export function projectOutputDir(runDir: string, name: string, shard: string | undefined = undefined): string {
  return shard === undefined || shard === '' ? path.join(runDir, 'projects', name) : path.join(runDir, 'shards', shard, name)
}

function fleetProject(plan: FleetProjectPlan, providers: readonly unknown[], runDir: string, own: LlmBenchOptions | null): TestProjectInlineConfiguration {
  const project = llmBench({
    // a native repository's own options first; what the fleet sets goes over them
    ...own,
    name: plan.name,
    datasets: plan.datasets,
    tests: [],
    providers: providers as never,
    outputDir: projectOutputDir(runDir, plan.name, process.env[FLEET_SHARD_ENV]),
    ...(plan.cases === null ? {} : { cases: plan.cases }),
    ...(plan.profile.concurrency === undefined ? {} : { maxConcurrency: plan.profile.concurrency }),
    ...(plan.profile.params === undefined && plan.profile.assert === undefined ? {} : { scenario: { params: plan.profile.params, assert: plan.profile.assert } }),
  })
  return { ...project, test: { ...project.test, root: plan.root } }
}
