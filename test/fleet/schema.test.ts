import { describe, expect, expectTypeOf, test } from 'vitest'
import { LlmBenchOptionsSchema } from '../../src/config/options.ts'
import type { FleetManifest as PublicFleetManifest, FleetManifestInput } from '../../src/index.ts'
import { FleetManifestSchema, type FleetManifest, type FleetRepository, type ScenarioProfile } from '../../src/fleet/manifest-schema.ts'

describe('FleetManifestSchema', () => {
  const minimal = {
    fleet_id: 'f',
    version: 2,
    repositories: [{ repo_id: 'r', path: '.', adapter: 'generic', scenarios: ['s'] }],
    providers: ['local', { type: 'openai', model: 'm', baseURL: 'http://127.0.0.1:1/v1' }],
    scenario_profiles: { s: { dataset: '*.dataset.yaml' } },
  }

  test('fills the defaults: version as text, seed 1, output, gates {}', () => {
    const parsed = FleetManifestSchema.parse(minimal)
    expect(parsed.version).toBe('2')
    expect(parsed.scenario_profiles['s']).toEqual({ dataset: '*.dataset.yaml', seed: 1 })
    expect(parsed.output).toEqual({ base_dir: 'fleet-results', formats: ['json', 'csv', 'html'], shards: 1 })
    expect(parsed.gates).toEqual({})
  })

  test('generic datasets: one glob or a list, always a list after parsing', () => {
    const one = FleetManifestSchema.parse({ ...minimal, repositories: [{ ...minimal.repositories[0], datasets: 'a/**' }] })
    expect(one.repositories[0]?.datasets).toEqual(['a/**'])
  })

  test('gates are the llmBench gates schema itself, not a copy', () => {
    expect(FleetManifestSchema.shape.gates).toBe(LlmBenchOptionsSchema.shape.gates)
    const gates = { minPassRate: 0.9, noNewFailures: true, maxClientLagMs: 50 }
    expect(FleetManifestSchema.parse({ ...minimal, gates }).gates).toEqual(gates)
  })

  test('provider specs: strings or objects with a type (parsed further by the provider spec parser)', () => {
    expect(FleetManifestSchema.safeParse({ ...minimal, providers: [42] }).success).toBe(false)
    expect(FleetManifestSchema.safeParse({ ...minimal, providers: [] }).success).toBe(false)
  })

  test('types come from the schema', () => {
    expectTypeOf<FleetManifest['repositories'][number]>().toEqualTypeOf<FleetRepository>()
    expectTypeOf<FleetRepository['adapter']>().toEqualTypeOf<'native' | 'generic'>()
    expectTypeOf<ScenarioProfile['num_examples']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<FleetManifest['output']['formats']>().toEqualTypeOf<Array<'json' | 'csv' | 'html'>>()
    // exported from the package for users who build manifests in code
    expectTypeOf<PublicFleetManifest>().toEqualTypeOf<FleetManifest>()
    expectTypeOf<FleetManifestInput['providers'][number]>().toExtend<string | { type: string }>()
  })
})
