import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FleetManifestSchema, type FleetManifest } from '../../../src/fleet/manifest-schema.ts'
import type { FleetCellInput } from '../../../src/fleet/results/write.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { record } from '../../report/artifacts/fixtures.ts'

/** A provider id with credentials in its URL: they must never reach an artifact. */
export const SECRET = 'Sup3rSecretPassw0rd'
export const P1 = `openai:gpt-4o@http://fleet:${SECRET}@127.0.0.1:9/v1`
export const P2 = 'ollama:llama3'

export function manifest(over: Partial<FleetManifest> = {}): FleetManifest {
  const parsed = FleetManifestSchema.parse({
    fleet_id: 'fx',
    version: 2,
    repositories: [
      { repo_id: 'a', path: 'repos/a', adapter: 'generic', scenarios: ['smoke'] },
      { repo_id: 'b', path: 'repos/b', adapter: 'generic', scenarios: ['smoke'] },
    ],
    providers: [P1, P2],
    scenario_profiles: { smoke: { dataset: '*.dataset.yaml' } },
    gates: { minPassRate: 0.8, noNewFailures: true },
  })
  return { ...parsed, ...over }
}

const T0 = '2026-01-01T00:00:00.000Z'
const timed = (e2eMs: number, ttftMs: number, tpotMs: number): CaseRecord['timings'] => ({ queueMs: 0, ttftMs, e2eMs, tpotMs, itlMs: [tpotMs], streamed: true })
const usage = (inputTokens: number, outputTokens: number): CaseRecord['usage'] => ({ inputTokens, outputTokens, source: 'provider' })
const none = { output: null, finishReason: null, timings: null, usage: { inputTokens: null, outputTokens: null, source: 'none' as const }, evaluations: [] }
const fail = { name: 'toMatchRegex', pass: false, score: 0, threshold: 1, reason: 'no match for /x/' }

/** Repository a (both providers in one run folder), b (provider 1 only; provider 2's cell did not run). Figures in the test. */
export function fixtureRecords(): { a: CaseRecord[]; b: CaseRecord[] } {
  return {
    a: [
      record({ caseId: 'c1', provider: P1, category: 'math', timings: timed(100, 10, 5), usage: usage(10, 5), cost: 0.01, host: 'h1', startedAt: T0 }),
      record({ caseId: 'c2', provider: P1, category: 'math', status: 'failed', timings: timed(200, 20, 6), usage: usage(20, 10), cost: 0.02, host: 'h1', evaluations: [fail] }),
      record({ caseId: 'c1', provider: P2, category: 'math', timings: timed(300, 30, 7), usage: usage(10, 10), cost: null, costNote: 'no price', host: 'h1' }),
      record({ caseId: 'c2', provider: P2, category: 'text', status: 'timeout', ...none, cost: null, error: { class: 'timeout', message: 'timed out after 30000 ms' }, host: 'h1' }),
    ],
    b: [
      record({ caseId: 'c1', provider: P1, category: 'text', timings: timed(400, 40, 8), usage: usage(30, 20), cost: 0.03, host: 'h2', endedAt: '2026-01-01T00:00:10.000Z' }),
      record({ caseId: 'c2', provider: P1, category: 'text', status: 'skipped', ...none, cost: null, host: 'h2' }),
    ],
  }
}

export interface FleetFixture {
  dir: string
  runDir: string
  cells: FleetCellInput[]
  remove: () => void
}

/** Cell run folders with results.jsonl in a temp dir, and an empty run folder for the artifacts. */
export function fleetFixture(records = fixtureRecords()): FleetFixture {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-results-'))
  const write = (name: string, list: CaseRecord[]): string => {
    const folder = join(dir, 'cells', name)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'results.jsonl'), list.map((r) => `${JSON.stringify(r)}\n`).join('') + '{"torn":')
    return folder
  }
  const a = write('a-smoke', records.a)
  const b = write('b-smoke', records.b)
  const runDir = join(dir, 'run')
  mkdirSync(runDir)
  return {
    dir,
    runDir,
    cells: [
      { repoId: 'b', scenario: 'smoke', provider: P2, projectName: 'b/smoke', runDir: null, failure: `no API key for ${P2}` },
      { repoId: 'a', scenario: 'smoke', provider: P2, projectName: 'a/smoke', runDir: a, failure: null },
      { repoId: 'a', scenario: 'smoke', provider: P1, projectName: 'a/smoke', runDir: a, failure: null },
      { repoId: 'b', scenario: 'smoke', provider: P1, projectName: `b/smoke ${SECRET}`, runDir: b, failure: null },
    ],
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
