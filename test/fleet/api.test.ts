import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FleetManifestError, getFleetResults, listFleetRuns, startFleet, waitForFleet, type FleetManifestInput } from '../../src/index.ts'
import { childEnvironment, runInProcessGroup } from '../helpers/process-group.ts'
import { REPO } from '../helpers/run-vitest.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'
import { readState } from './run/fleet-run-helpers.ts'
import { fleetWorkspace } from './workspace.ts'

/**
 * The programmatic API: docs/fleet.md's example run as written (its import
 * pointed at this checkout) in its own process, followed from this one with
 * waitForFleet; a manifest object; abort; bad input.
 */
const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
let server: TestServer
const workspace = fleetWorkspace()

const manifestOf = (url: string): string => `fleet_id: api-fleet
version: 1
repositories:
  - { repo_id: docs-bot, path: repos/docs-bot, adapter: generic, datasets: "datasets/**/*.dataset.yaml", scenarios: [summaries] }
  - { repo_id: support-bot, path: repos/support-bot, adapter: generic, datasets: "evals/*.dataset.yaml", scenarios: [summaries] }
providers:
  - openai:stories@${url}
scenario_profiles:
  summaries: { dataset: "**/*summaries.dataset.yaml", concurrency: 1 }
output: { base_dir: fleet-results }
`

beforeAll(async () => {
  server = await startTestServer({ answer: 'A short summary of the text.' })
  workspace.write('fleet.yaml', manifestOf(server.openaiURL))
})
afterAll(async () => {
  await server.close()
  workspace.remove()
})

/** The example of docs/fleet.md (the block marked `consumer-file: fleet/run-fleet.ts`). */
function docsExample(): string {
  const docs = readFileSync(path.join(REPO, 'docs', 'fleet.md'), 'utf8')
  const block = /<!-- consumer-file: fleet\/run-fleet\.ts -->\n```ts\n([\s\S]*?)```/.exec(docs)?.[1]
  if (block === undefined) throw new Error('docs/fleet.md has no fleet/run-fleet.ts example')
  return block
}

describe('the fleet API', () => {
  test('the docs example runs as written; another process follows the same run with waitForFleet and listFleetRuns', async () => {
    const example = docsExample()
    expect(example.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(15)
    const script = workspace.write('run-fleet.ts', example.replace("from 'llm-test-bench'", `from ${JSON.stringify(path.join(REPO, 'src', 'index.ts'))}`))
    const child = runInProcessGroup(NODE, [script], { cwd: workspace.dir, env: childEnvironment({ NO_COLOR: '1' }), timeoutMs: 400_000 })
    // this process: the run appears on disk while the example runs it; wait for it from here
    const previousCwd = process.cwd()
    const baseDir = path.join(workspace.dir, 'fleet-results')
    let runId: string | undefined
    for (let i = 0; i < 600 && runId === undefined; i++) {
      runId = listFleetRuns({ baseDir }).find((r) => r.fleetId === 'api-fleet')?.runId
      if (runId === undefined) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(runId).toBeDefined()
    expect(listFleetRuns({ baseDir }).find((r) => r.runId === runId)?.status).toBe('running')
    const results = await waitForFleet(runId ?? '', { baseDir, pollMs: 200 })
    const run = await child
    expect(process.cwd()).toBe(previousCwd)
    expect(run.code, run.output).toBe(0)
    expect(run.stdout).toContain(`fleet run ${runId} in ${path.join(baseDir, runId ?? '')}`)
    expect(run.stdout).toContain(`${results.summary.totalSucceeded}/${results.summary.totalTests} tests passed`)
    expect(results.summary.totalTests).toBe(3) // docs-bot 1 + support-bot 2 summaries cases
    expect(run.stdout).toContain(`openai:stories@${server.openaiURL}: `)
    expect(run.stdout).toContain(`${runId} finished`)
    expect(run.stdout.trim().split('\n').at(-1)).toBe('true')
    expect(readState(path.join(baseDir, runId ?? '')).shards).toBe(2)
    expect(getFleetResults(runId ?? '', { baseDir })).toEqual(results)
  }, 600_000)

  test('a manifest object runs with paths from cwd; aborting stops it, done rejects and the run is marked failed', async () => {
    const manifest: FleetManifestInput = {
      fleet_id: 'object-fleet',
      version: 1,
      repositories: [{ repo_id: 'docs-bot', path: 'repos/docs-bot', adapter: 'generic', datasets: 'datasets/**/*.dataset.yaml', scenarios: ['summaries'] }],
      providers: [`openai:stories@${server.openaiURL}`],
      scenario_profiles: { summaries: { dataset: '**/*summaries.dataset.yaml' } },
      output: { base_dir: 'object-results' },
    }
    const controller = new AbortController()
    const started = await startFleet(manifest, { cwd: workspace.dir, signal: controller.signal })
    expect(started.runId).toMatch(/^object-fleet-\d{8}-\d{6}-[0-9a-f]{8}$/)
    expect(started.artifactDir).toBe(path.join(workspace.dir, 'object-results', started.runId))
    expect(readState(started.artifactDir).status).toBe('running')
    setTimeout(() => controller.abort(), 1500)
    await expect(started.done).rejects.toThrow(/aborted by the caller/)
    const state = readState(started.artifactDir)
    expect(state.status).toBe('failed')
    expect(state.error).toMatch(/aborted/)
    await expect(waitForFleet(started.runId, { baseDir: path.join(workspace.dir, 'object-results') })).rejects.toThrow(/failed: aborted/)
  }, 300_000)

  test('bad input: a manifest with problems rejects before anything runs, naming file:line:column; unknown runs throw', async () => {
    writeFileSync(path.join(workspace.dir, 'bad.yaml'), manifestOf(server.openaiURL).replace('scenarios: [summaries] }\n  - { repo_id: support-bot', 'scenarios: [summary] }\n  - { repo_id: support-bot'))
    const error = await startFleet('bad.yaml', { cwd: workspace.dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FleetManifestError)
    expect((error as Error).message).toMatch(/bad\.yaml:4:\d+.*summary/)
    await expect(startFleet({ fleet_id: 'x' } as FleetManifestInput, { cwd: workspace.dir })).rejects.toThrow(/fleet-[0-9a-f]{8}\.json:\d+:\d+/)
    expect(() => getFleetResults('no-such-run', { baseDir: workspace.dir })).toThrow(/has no results/)
    expect(() => getFleetResults('../../etc', { baseDir: workspace.dir })).toThrow(/not a fleet run id/)
    await expect(waitForFleet('no-such-run', { baseDir: workspace.dir })).rejects.toThrow(/no fleet run "no-such-run"/)
    expect(listFleetRuns({ baseDir: path.join(workspace.dir, 'nothing-here') })).toEqual([])
  }, 120_000)
})
