import { z } from 'zod'
import { LlmBenchOptionsSchema, ProviderInputSchema } from '../config/options.ts'
import { AssertionSchema, ModelParamsSchema } from '../dataset/schema.ts'

/**
 * The fleet manifest (`fleet.yaml` / `fleet.json`): which repositories, on
 * which providers, with which scenario profiles. The single source of truth of
 * the format; the loader (load-manifest.ts) places every issue at its line.
 */

/** Ids become folder names and run-id parts: no spaces or slashes. */
const Id = z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'an id of letters, digits, ".", "_" and "-" (starting with a letter or digit)')

const Globs = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v))

export const FLEET_ADAPTERS = ['native', 'generic'] as const

/** Where a generic repository's datasets are when `datasets` is left out. */
export const DEFAULT_GENERIC_DATASETS = ['**/*.dataset.{yaml,yml,json}']

export const FleetRepositorySchema = z.strictObject({
  repo_id: Id,
  /** A local checkout, relative to the manifest's folder. */
  path: z.string().min(1),
  /** `native`: the repository's own vitest.config.* llmBench projects; `generic`: the dataset files `datasets` finds. */
  adapter: z.enum(FLEET_ADAPTERS),
  /** Generic adapter only: glob(s) of its dataset files, relative to `path` (default every `*.dataset.{yaml,yml,json}`). */
  datasets: Globs.optional(),
  /** Names of `scenario_profiles` this repository runs. */
  scenarios: z.array(z.string().min(1)).min(1),
})

export const ScenarioProfileSchema = z.strictObject({
  description: z.string().optional(),
  /** A dataset file or glob, relative to each repository's path. */
  dataset: z.string().min(1),
  /** Cases in flight at once for this scenario (absent: each provider's own concurrency). */
  concurrency: z.int().positive().optional(),
  /** Run a deterministic sample of this many cases (per repository) instead of all of them. */
  num_examples: z.int().positive().optional(),
  /** Seed of the `num_examples` sample: the same seed and datasets give the same cases. */
  seed: z.int().default(1),
  /** Model parameters for this scenario, over the datasets' own defaults. */
  params: ModelParamsSchema.optional(),
  /** Matchers added to every case of the scenario, as a dataset's `assert` entries. */
  assert: z.array(AssertionSchema).optional(),
})

export const FLEET_FORMATS = ['json', 'csv', 'html'] as const

export const FleetOutputSchema = z.strictObject({
  /** Where run folders go, relative to the manifest's folder. */
  base_dir: z.string().min(1).default('fleet-results'),
  formats: z.array(z.enum(FLEET_FORMATS)).min(1).default([...FLEET_FORMATS]),
  /** Vitest shards the fleet is split into. */
  shards: z.int().positive().default(1),
})

export const FleetManifestSchema = z.strictObject({
  fleet_id: Id,
  /** The manifest's own version (a number is taken as its text). */
  version: z.union([z.string().min(1), z.number()]).transform(String),
  description: z.string().optional(),
  repositories: z.array(FleetRepositorySchema).min(1),
  /** Provider specs exactly as `llmBench({ providers })` takes them: strings or objects. */
  providers: z.array(ProviderInputSchema).min(1),
  scenario_profiles: z.record(Id, ScenarioProfileSchema),
  output: FleetOutputSchema.default({ base_dir: 'fleet-results', formats: [...FLEET_FORMATS], shards: 1 }),
  /** The fleet's gates: the same schema as llmBench's `gates` option. */
  gates: LlmBenchOptionsSchema.shape.gates,
})

export type FleetManifestInput = z.input<typeof FleetManifestSchema>
export type FleetManifest = z.output<typeof FleetManifestSchema>
export type FleetRepository = z.output<typeof FleetRepositorySchema>
export type ScenarioProfile = z.output<typeof ScenarioProfileSchema>
export type FleetOutput = z.output<typeof FleetOutputSchema>
export type FleetAdapter = (typeof FLEET_ADAPTERS)[number]
