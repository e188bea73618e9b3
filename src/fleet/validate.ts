import type { z } from 'zod'
import path from 'node:path'
import { DatasetError, type DatasetIssue } from '../dataset/errors.ts'
import { loadDataset } from '../dataset/load.ts'
import { issueAt } from '../dataset/locate.ts'
import type { ParsedSource } from '../dataset/parse-source.ts'
import type { ResolvedCase } from '../dataset/types.ts'
import { knownMatcherNames } from '../evaluators/registry.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import { loadManifest } from './load-manifest.ts'
import { partialManifest } from './partial-manifest.ts'
import type { FleetManifest, ScenarioProfile } from './manifest-schema.ts'
import { checkProviders } from './provider-checks.ts'
import { findRepositoryDatasets, type RepositoryScenario } from './repository-datasets.ts'
import { sampleCases } from './sample.ts'
import { checkScenarios } from './scenario-checks.ts'

/** One repository × scenario: its dataset files and the cases it runs (after the `num_examples` sample). */
export interface ScenarioCases {
  repoId: string
  scenario: string
  profile: ScenarioProfile
  /** Absolute dataset paths, sorted. */
  files: string[]
  /** Cases in the datasets before the sample. */
  available: number
  /** The cases that run, in dataset order. */
  cases: ResolvedCase[]
}

export interface FleetValidation {
  /** Absolute path of the manifest. */
  file: string
  /** Null when the file could not be read or does not fit the schema (then `issues` says why). */
  manifest: FleetManifest | null
  providers: ProviderSpec[]
  groups: ScenarioCases[]
  /** Problems: the manifest cannot run while there is one. */
  issues: DatasetIssue[]
  /** Worth knowing, not a problem (`num_examples` above a dataset's size). */
  warnings: DatasetIssue[]
}

export interface ValidateOptions {
  env?: NodeJS.ProcessEnv
  /** Recordings are replayed: no API key is needed. Default: `LLM_BENCH_CACHE=replay` in `env`. */
  replay?: boolean
  /** The option schemas of the matchers the manifest and its datasets name (validate-matchers.ts loads them): their options are checked too. */
  matcherOptions?: ReadonlyMap<string, z.ZodType>
}

/**
 * Everything that can be known about a fleet manifest without running it:
 * the file and its schema, then scenarios, repository folders and their
 * datasets, provider specs and keys, every dataset loaded and checked as the
 * runner would, and the `num_examples` samples (with schema problems: of the
 * entries that fit it). Every problem at once.
 */
export function validateFleet(file: string, options: ValidateOptions = {}): FleetValidation {
  const env = options.env ?? process.env
  const replay = options.replay ?? env['LLM_BENCH_CACHE'] === 'replay'
  const loaded = loadManifest(file)
  const { source } = loaded
  // with schema problems, the parts that fit are checked too (every problem at once); the result stays invalid
  const partial = loaded.manifest === null && source !== null ? partialManifest(source.data) : null
  const manifest = loaded.manifest ?? partial?.manifest ?? null
  if (source === null || manifest === null) return { file: loaded.file, manifest: null, providers: [], groups: [], warnings: [], issues: loaded.issues }
  const knownMatchers = new Set(knownMatcherNames())
  const providers = checkProviders(source, manifest, env, replay)
  const found = findRepositoryDatasets(source, manifest, path.dirname(loaded.file))
  const datasets = loadDatasets(found.pairs, knownMatchers, options.matcherOptions)
  const groups = found.pairs.flatMap((pair) => scenarioCases(pair, manifest, datasets.cases))
  return {
    file: loaded.file,
    manifest: loaded.manifest,
    providers: providers.specs.map((s) => s.spec),
    groups,
    issues: [...loaded.issues, ...checkScenarios(source, manifest, knownMatchers, partial?.profileNames, options.matcherOptions), ...providers.issues, ...found.issues, ...datasets.issues],
    warnings: sampleWarnings(source, groups),
  }
}

/** Every dataset file once; a file that does not load gives its own located issues (the dataset's file:line:column). */
function loadDatasets(pairs: readonly RepositoryScenario[], knownMatchers: ReadonlySet<string>, matcherOptions: ReadonlyMap<string, z.ZodType> | undefined): { cases: Map<string, ResolvedCase[]>; issues: DatasetIssue[] } {
  const cases = new Map<string, ResolvedCase[]>()
  const issues: DatasetIssue[] = []
  for (const file of new Set(pairs.flatMap((pair) => pair.files))) {
    try {
      cases.set(file, loadDataset(file, { knownMatchers, ...(matcherOptions === undefined ? {} : { matcherOptions }) }).cases)
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error
      issues.push(...error.issues)
    }
  }
  return { cases, issues }
}

function scenarioCases(pair: RepositoryScenario, manifest: FleetManifest, loaded: ReadonlyMap<string, ResolvedCase[]>): ScenarioCases[] {
  const profile = manifest.scenario_profiles[pair.scenario]
  if (profile === undefined) return []
  const all = pair.files.flatMap((file) => loaded.get(file) ?? [])
  return [{ repoId: pair.repo.repo_id, scenario: pair.scenario, profile, files: pair.files, available: all.length, cases: sampleCases(all, profile.num_examples, profile.seed) }]
}

function sampleWarnings(source: ParsedSource, groups: readonly ScenarioCases[]): DatasetIssue[] {
  return groups.flatMap((group) => {
    const wanted = group.profile.num_examples
    if (wanted === undefined || wanted <= group.available) return []
    const message = `num_examples ${wanted} is larger than the ${group.available} cases repository "${group.repoId}" has for scenario "${group.scenario}": all ${group.available} run`
    return [issueAt(source, ['scenario_profiles', group.scenario, 'num_examples'], { expected: `at most ${group.available}`, found: String(wanted), message })]
  })
}
