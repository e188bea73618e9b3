import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestServer, type TestServer } from '../../server/test-server.ts'
import { fleetWorkspace } from '../workspace.ts'
import { BROKEN_DATASET, cli, manifestText, projectRecords, readState, runIdOf } from './fleet-run-helpers.ts'

/**
 * `llm-test-bench fleet run` for real: child Vitest processes over the
 * fixture repositories (plus a broken one), the test server as the provider.
 */
let server: TestServer
const workspace = fleetWorkspace()
let manifest: string
let waitedRun: string

beforeAll(async () => {
  server = await startTestServer({ answer: 'A short summary of the text.' })
  workspace.write('repos/broken-bot/datasets/broken-summaries.dataset.yaml', BROKEN_DATASET)
  manifest = workspace.write('run.yaml', manifestText(server.openaiURL))
})

afterAll(async () => {
  await server.close()
  workspace.remove()
})

describe('fleet run --wait', () => {
  test('every cell runs into its project run folder; the broken repository is reported while the others finish', async () => {
    const run = await cli(workspace.dir, ['fleet', 'run', manifest, '--wait'])
    const runId = runIdOf(run.stdout)
    waitedRun = path.join(workspace.dir, 'out', runId)
    expect(run.code, run.output).toBe(1) // a cell failed
    const state = readState(waitedRun)
    expect(state.status).toBe('finished')
    expect(state.endedAt).not.toBeNull()
    const byRepo = Object.fromEntries(state.cells.map((c) => [c.repoId, c]))
    expect(Object.keys(byRepo).sort()).toEqual(['broken-bot', 'checkout-app', 'docs-bot', 'support-bot'])
    for (const repo of ['checkout-app', 'docs-bot', 'support-bot']) {
      const cell = byRepo[repo]
      expect(cell?.failure, repo).toBeNull()
      expect(cell?.runDir).toContain(path.join(waitedRun, 'projects', `${repo}__summaries`))
      expect(existsSync(path.join(cell?.runDir ?? '', 'results.json'))).toBe(true)
    }
    expect(byRepo['broken-bot']?.failure).toMatch(/broken-summaries\.dataset\.yaml/)
    // 2 + 1 + 2 cases of the three good repositories' summaries datasets, each once
    const records = projectRecords(waitedRun)
    expect(records.map((r) => `${r.project} ${r.caseId}`)).toEqual(['checkout-app__summaries gift-wrap', 'checkout-app__summaries late-parcel', 'docs-bot__summaries quick-start', 'support-bot__summaries invoice-copy', 'support-bot__summaries login-loop'])
    // the run's Vitest config names no provider: they are read from the manifest in Vitest's process
    expect(readFileSync(path.join(waitedRun, 'vitest.fleet.config.mjs'), 'utf8')).not.toContain('openai:')
    // the fleet's artifacts, the broken cell among them
    const results = JSON.parse(readFileSync(path.join(waitedRun, 'fleet-results.json'), 'utf8')) as unknown
    expect(JSON.stringify(results)).toContain('broken-summaries.dataset.yaml')
    const list = await cli(workspace.dir, ['fleet', 'list', '--base-dir', 'out'])
    expect(list.stdout).toContain(`${runId}  finished`)
  }, 180_000)

  test('--shards 2: two Vitest shards with blob reports, merged: the same per-cell records as the unsharded run', async () => {
    const run = await cli(workspace.dir, ['fleet', 'run', manifest, '--wait', '--shards', '2'])
    const runDir = path.join(workspace.dir, 'out', runIdOf(run.stdout))
    const state = readState(runDir)
    expect(state.error, run.output).toBeNull()
    expect(state.status).toBe('finished')
    expect(state.shards).toBe(2)
    expect(state.shardStatuses.map((s) => s.status)).not.toContain('died')
    expect(existsSync(path.join(runDir, 'blobs', 'blob-1.json')) && existsSync(path.join(runDir, 'blobs', 'blob-2.json'))).toBe(true)
    expect(state.cells.map((c) => [c.repoId, c.failure === null])).toEqual(readState(waitedRun).cells.map((c) => [c.repoId, c.failure === null]))
    expect(projectRecords(runDir)).toEqual(projectRecords(waitedRun))
  }, 180_000)
})

describe('fleet run without --wait', () => {
  test('returns at once with the run id and folder; fleet status follows the detached run until it has finished', async () => {
    const started = await cli(workspace.dir, ['fleet', 'run', manifest])
    expect(started.code, started.output).toBe(0)
    const runId = runIdOf(started.stdout)
    expect(started.stdout).toContain(`Artifacts: ${path.join('out', runId)}`)
    expect(started.wallMs).toBeLessThan(30_000) // validation only: the run goes on in its own process
    const seen: string[] = []
    for (let i = 0; i < 120; i++) {
      const status = await cli(workspace.dir, ['fleet', 'status', runId, '--base-dir', 'out', '--json'])
      const state = JSON.parse(status.stdout) as { status: string; pid: number; cells: unknown[] }
      seen.push(state.status)
      if (state.status !== 'running') break
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
    expect(seen[0]).toBe('running')
    expect(seen.at(-1)).toBe('finished')
    const state = readState(path.join(workspace.dir, 'out', runId))
    expect(state.cells.filter((c) => c.failure === null)).toHaveLength(3)
    expect(projectRecords(path.join(workspace.dir, 'out', runId))).toEqual(projectRecords(waitedRun))
  }, 180_000)
})

describe('fleet run --resume', () => {
  let slow: TestServer
  afterAll(async () => slow?.close())

  test('kill -9 of the detached run (its process tree), then --resume finishes it with no case run twice', async () => {
    // every answer takes about 2 s: the run is still going when it is killed
    slow = await startTestServer({ answer: 'one two three four five', tokenDelayMs: 400 })
    const slowManifest = workspace.write('slow.yaml', manifestText(slow.openaiURL))
    const started = await cli(workspace.dir, ['fleet', 'run', slowManifest])
    const runId = runIdOf(started.stdout)
    const runDir = path.join(workspace.dir, 'out', runId)
    let finishedBefore = 0
    for (let i = 0; i < 600 && finishedBefore === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      finishedBefore = projectRecords(runDir).length
    }
    expect(finishedBefore).toBeGreaterThan(0)
    process.kill(-readState(runDir).pid, 'SIGKILL') // the detached process leads its own process group: Vitest and its workers go too
    await new Promise((resolve) => setTimeout(resolve, 500))
    finishedBefore = projectRecords(runDir).length
    expect(finishedBefore).toBeLessThan(5)
    const died = await cli(workspace.dir, ['fleet', 'status', runId, '--base-dir', 'out'])
    expect(died.stdout).toContain(`Fleet run ${runId}: died`)
    slow.reset()
    const resumed = await cli(workspace.dir, ['fleet', 'run', slowManifest, '--resume', runId, '--wait'])
    const state = readState(runDir)
    expect(state.status, resumed.output).toBe('finished')
    expect(state.resumed).toBe(1)
    expect(state.cells.filter((c) => c.failure === null)).toHaveLength(3)
    // only the cases not finished before the kill were sent again
    expect(slow.stats().completions).toBe(5 - finishedBefore)
    // each case once, in the project run folders the resumed run continued
    const records = projectRecords(runDir).map((r) => `${r.project} ${r.caseId}`)
    expect(records).toEqual(['checkout-app__summaries gift-wrap', 'checkout-app__summaries late-parcel', 'docs-bot__summaries quick-start', 'support-bot__summaries invoice-copy', 'support-bot__summaries login-loop'])
  }, 240_000)
})

describe('fleet run: num_examples', () => {
  test('the run runs exactly the sample the dry run lists (the llmBench cases option), one case of each repository', async () => {
    const sampled = workspace.write('sampled.yaml', manifestText(server.openaiURL, '    num_examples: 1\n    seed: 7\n').replace(/  - \{ repo_id: broken-bot.*\n/, ''))
    const dry = await cli(workspace.dir, ['fleet', 'run', sampled, '--dry-run', '--json'])
    const planned = (JSON.parse(dry.stdout) as { cells: { repoId: string; caseIds: string[] }[] }).cells.flatMap((c) => c.caseIds.map((id) => `${c.repoId}__summaries ${id}`))
    expect(planned).toHaveLength(3)
    const run = await cli(workspace.dir, ['fleet', 'run', sampled, '--wait'])
    expect(run.code, run.output).toBe(0)
    const records = projectRecords(path.join(workspace.dir, 'out', runIdOf(run.stdout))).map((r) => `${r.project} ${r.caseId}`)
    expect(records).toEqual([...planned].sort())
  }, 180_000)
})
