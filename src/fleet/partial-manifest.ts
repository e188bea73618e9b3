import { ProviderInputSchema } from '../config/options.ts'
import { FleetManifestSchema, FleetRepositorySchema, ScenarioProfileSchema, type FleetManifest } from './manifest-schema.ts'

/** What of a manifest with schema problems can still be checked, and the profile names it has. */
export interface PartialManifest {
  manifest: FleetManifest
  /** Every name under `scenario_profiles`, a profile with problems included (its scenario is not unknown). */
  profileNames: string[]
}

/**
 * The parts of a manifest that fit the schema on their own, so that the checks
 * after the schema (repositories, datasets, providers, scenario names) still
 * run when another part is wrong, and every problem comes at once. Repositories
 * and providers keep their index in the file: the arrays are sparse (an entry
 * with problems is a hole, which `forEach` and `map` skip), so each issue still
 * names `repositories[2]` where the file has it. Null when the document is not
 * a map at all.
 */
export function partialManifest(data: unknown): PartialManifest | null {
  if (!isRecord(data)) return null
  const repositories: FleetManifest['repositories'] = []
  const providers: FleetManifest['providers'] = []
  const profiles: FleetManifest['scenario_profiles'] = {}
  arrayOf(data['repositories']).forEach((item, index) => {
    const parsed = FleetRepositorySchema.safeParse(item)
    if (parsed.success) repositories[index] = parsed.data
  })
  arrayOf(data['providers']).forEach((item, index) => {
    const parsed = ProviderInputSchema.safeParse(item)
    if (parsed.success) providers[index] = parsed.data
  })
  const rawProfiles = isRecord(data['scenario_profiles']) ? data['scenario_profiles'] : {}
  for (const [name, value] of Object.entries(rawProfiles)) {
    const parsed = ScenarioProfileSchema.safeParse(value)
    if (parsed.success) profiles[name] = parsed.data
  }
  const defaults = FleetManifestSchema.shape.output.parse(undefined)
  const manifest: FleetManifest = { fleet_id: 'fleet', version: '0', repositories, providers, scenario_profiles: profiles, output: defaults, gates: {} }
  return { manifest, profileNames: Object.keys(rawProfiles) }
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
