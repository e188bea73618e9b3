import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { nativeOptions } from '../../../src/fleet/run/native-options.ts'
import { REPO } from '../../helpers/run-vitest.ts'
import { startTestServer, type TestServer } from '../../server/test-server.ts'
import { fleetWorkspace } from '../workspace.ts'
import { cli, runIdOf } from './fleet-run-helpers.ts'

/**
 * The native adapter starts from the repository's own llmBench project:
 * fixtures/fleet/repos/checkout-app's vitest.config.ts sets its own prices,
 * which its cells' records carry, while a generic repository's keep the default.
 * The config is loaded as Vitest loads it (Vite), its `llm-test-bench`
 * import resolving to this package's build (dist/, built before the tests).
 */
let server: TestServer
const workspace = fleetWorkspace()

beforeAll(async () => {
  server = await startTestServer({ answer: 'A short summary of the text.' })
})
afterAll(async () => {
  await server.close()
  workspace.remove()
})

function records(runDir: string, project: string): Array<{ caseId: string; cost: number | null; costNote?: string }> {
  const dir = path.join(runDir, 'projects', project)
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readFileSync(path.join(dir, d.name, 'results.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { caseId: string; cost: number | null; costNote?: string }),
    )
}

// the fixture's config imports 'llm-test-bench': this package's build (CI builds before npm test; `npm run build` here)
const built = existsSync(path.join(REPO, 'dist', 'index.js'))

describe.skipIf(!built)('the native adapter (needs dist/: npm run build)', () => {
  test("reads the repository's own llmBench options, less what the fleet sets itself", async () => {
    const read = await nativeOptions(path.join(workspace.dir, 'repos', 'checkout-app'))
    expect(read.warning).toBeNull()
    expect(read.config).toBe('vitest.config.ts')
    expect(read.options?.pricing).toEqual({ 'openai:stories': { input: 1000, output: 2000 } })
    // the fleet's own: name, datasets, providers, outputDir... are left out
    for (const key of ['name', 'datasets', 'providers', 'outputDir', 'tests', 'maxConcurrency']) expect(read.options ?? {}, key).not.toHaveProperty(key)
    // a config that does not load, or has no llmBench project: a warning, never a throw
    workspace.write('repos/broken/vitest.config.ts', "import { nothing } from 'no-such-package'\nexport default nothing\n")
    expect((await nativeOptions(path.join(workspace.dir, 'repos', 'broken'))).warning).toMatch(/vitest\.config\.ts did not load/)
    workspace.write('repos/plain/vitest.config.mjs', 'export default { test: { projects: [{ test: { name: "unit" } }] } }\n')
    expect((await nativeOptions(path.join(workspace.dir, 'repos', 'plain'))).warning).toMatch(/has no llmBench project/)
  }, 120_000)

  test("a fleet run's native cells carry the repository's own prices; a generic repository keeps the default price", async () => {
    const manifest = workspace.write(
      'native.yaml',
      `fleet_id: native-fleet
version: 1
repositories:
  - { repo_id: checkout-app, path: repos/checkout-app, adapter: native, scenarios: [summaries] }
  - { repo_id: docs-bot, path: repos/docs-bot, adapter: generic, datasets: "datasets/**/*.dataset.yaml", scenarios: [summaries] }
providers:
  - openai:stories@${server.openaiURL}
scenario_profiles:
  summaries: { dataset: "**/*summaries.dataset.yaml", concurrency: 1 }
output: { base_dir: out }
`,
    )
    const run = await cli(workspace.dir, ['fleet', 'run', manifest, '--wait'])
    const runDir = path.join(workspace.dir, 'out', runIdOf(run.stdout))
    const native = records(runDir, 'checkout-app__summaries')
    const generic = records(runDir, 'docs-bot__summaries')
    expect(native.length, run.output).toBe(2)
    expect(generic.length).toBe(1)
    for (const r of native) expect(r.cost, r.caseId).toBeGreaterThan(0)
    // a compatible server on this machine is priced at 0 by default: the native repository's own prices replaced that
    for (const r of generic) expect(r.cost).toBe(0)
    expect(readFileSync(path.join(runDir, 'fleet.log'), 'utf8')).not.toMatch(/repository "checkout-app": /)
  }, 300_000)
})
