import { resolveCacheMode } from '../providers/cache/mode.ts'
import { missingKeys, missingKeysMessage } from '../providers/keys.ts'
import type { Env } from '../providers/local/cache-dir.ts'
import { parseProviderSpec } from '../providers/spec.ts'
import { duplicateDatasetNames } from './dataset-names.ts'
import { environmentProblems } from './environment.ts'
import { functionModuleProblems } from './function-modules.ts'
import { loadProfileProblems } from './load-profile.ts'
import { localModelProblems } from './local-models.ts'
import type { ResolvedOptions } from './options.ts'

export interface PreflightInput {
  options: ResolvedOptions
  mode: 'run' | 'watch' | 'bench'
  /** Every dataset file of the project (absolute). */
  datasetFiles: readonly string[]
  /** What dataset paths are shown relative to. */
  root: string
  /** Where a worker resolves a relative model path (its working folder). */
  cwd: string
  env?: Env | undefined
}

/**
 * What must hold before a project runs any case, else every case would fail
 * on its own (or two datasets merge): valid `LLM_BENCH_*` variables, the API
 * key of each provider that needs one, each local model present, distinct
 * dataset names. Every problem at once, in that order; empty when all is well.
 * Strict replay calls no provider, so it needs neither keys nor models.
 */
export async function preflightProblems(input: PreflightInput): Promise<string[]> {
  const env = input.env ?? process.env
  const problems = environmentProblems(env)
  const specs = input.options.providers.map((provider) => parseProviderSpec(provider))
  if (replays(input.options, input.mode, env) !== true) {
    const keys = missingKeysMessage(missingKeys(specs, env as NodeJS.ProcessEnv))
    if (keys) problems.push(keys)
    problems.push(...(await localModelProblems(specs, input.cwd, env)))
    problems.push(...functionModuleProblems(specs, input.root))
  }
  problems.push(...duplicateDatasetNames(input.datasetFiles, input.root))
  if (input.mode === 'bench') problems.push(...loadProfileProblems(input.options.bench.load, specs))
  return problems
}

/** Whether the run is a strict replay; null when the cache mode is itself invalid (said by the environment check; the rest is checked as for a run that calls providers). */
function replays(options: ResolvedOptions, mode: PreflightInput['mode'], env: Env): boolean | null {
  try {
    return resolveCacheMode(options.cache, mode, env) === 'replay'
  } catch {
    return null
  }
}

/** What a project with problems stops with: one line each (a multi-line problem keeps its own lines). */
export function preflightMessage(projectName: string, problems: readonly string[]): string {
  if (problems.length === 1) return `llm-test-bench (project ${projectName}): ${problems[0]}`
  return `llm-test-bench (project ${projectName}): ${problems.length} problems, no case was run:\n${problems.map((p) => `- ${p}`).join('\n')}`
}
