import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { REPO } from '../../helpers/run-vitest.ts'
import { childEnvironment, runInProcessGroup, type GroupRun } from '../../helpers/process-group.ts'
import { startTestServer, type TestServer } from '../../server/test-server.ts'
import { fleetWorkspace } from '../workspace.ts'
import { cli, manifestText, projectRecords, readState, runIdOf } from './fleet-run-helpers.ts'

/**
 * The multi-host path for real: each shard of a fleet run runs as its own
 * process tree in its own UTS namespace (`unshare --uts`, so os.hostname()
 * differs as on another machine), into its own output folder; the blobs are
 * then gathered into one run folder, as a CI merge job downloads them, and
 * `fleet merge` gives the fleet's artifacts.
 */
const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
const CLI = path.join(REPO, 'src', 'cli.ts')
const unshare = canUnshare()

let server: TestServer
const workspace = fleetWorkspace()
let manifest: string

beforeAll(async () => {
  server = await startTestServer({ answer: 'A short summary of the text.' })
  // the three fixture repositories (not the helper's broken one): every shard passes
  manifest = workspace.write('hosts.yaml', manifestText(server.openaiURL).replace(/  - \{ repo_id: broken-bot.*\n/, ''))
})

afterAll(async () => {
  await server.close()
  workspace.remove()
})

/** `fleet run --shard i/N` as its own process tree under another hostname. */
function shardOnHost(host: string, args: readonly string[]): Promise<GroupRun> {
  const script = `hostname ${host} && exec "$0" "$@"`
  return runInProcessGroup('unshare', ['--uts', '--fork', 'sh', '-c', script, NODE, CLI, ...args], { cwd: workspace.dir, env: childEnvironment({ NO_COLOR: '1', LLM_BENCH_RESUME: undefined, LLM_BENCH_CACHE: undefined }), timeoutMs: 150_000 })
}

describe.skipIf(unshare !== null)('fleet run --shard on two hosts, then fleet merge', () => {
  test('each host runs its shard into its own folder; the merged run equals an unsharded run and names both hosts', async () => {
    const runId = 'run-fleet-20261206-120000-0badc0de'
    const [one, two] = await Promise.all([
      shardOnHost('fleet-host-a', ['fleet', 'run', manifest, '--shard', '1/2', '--run-id', runId, '--base-dir', 'host-a']),
      shardOnHost('fleet-host-b', ['fleet', 'run', manifest, '--shard', '2/2', '--run-id', runId, '--base-dir', 'host-b']),
    ])
    expect(one.stdout, one.output).toContain('shard 1/2 on fleet-host-a')
    expect(two.stdout, two.output).toContain('shard 2/2 on fleet-host-b')
    // a shard exits 1 when a case of it fails (these datasets' expectations do not all hold): never died
    expect([one.code, two.code].every((code) => code === 0 || code === 1), one.output + two.output).toBe(true)
    // each host wrote only its own blob and shard record, nothing of the other's
    for (const [host, i] of [['a', 1], ['b', 2]] as const) {
      const runDir = path.join(workspace.dir, `host-${host}`, runId)
      expect(existsSync(path.join(runDir, 'blobs', `blob-${i}.json`)), `host ${host}`).toBe(true)
      expect(existsSync(path.join(runDir, 'blobs', `blob-${3 - i}.json`))).toBe(false)
      const record = JSON.parse(readFileSync(path.join(runDir, 'shards', `shard-${i}.json`), 'utf8')) as { host: string; count: number }
      expect(record).toMatchObject({ host: `fleet-host-${host}`, count: 2 })
    }
    // the merge machine: the blobs and shard records downloaded into one run folder
    const merged = path.join(workspace.dir, 'merged', runId)
    for (const [host, i] of [['a', 1], ['b', 2]] as const) {
      for (const file of [`blobs/blob-${i}.json`, `shards/shard-${i}.json`]) {
        mkdirSync(path.dirname(path.join(merged, file)), { recursive: true })
        cpSync(path.join(workspace.dir, `host-${host}`, runId, file), path.join(merged, file))
      }
    }
    const merge = await cli(workspace.dir, ['fleet', 'merge', path.join('merged', runId, 'blobs'), '--manifest', 'hosts.yaml', '--shards', '2'])
    expect(merge.stdout, merge.output).toContain('merged 2 blob(s) of 2 from fleet-host-a, fleet-host-b')
    expect(merge.code, merge.output).toBe(0)
    const state = readState(merged)
    expect(state.status).toBe('finished')
    expect(state.shardStatuses.map((s) => s.index)).toEqual([1, 2])
    // each shard's own record (its exit, its host) came along with its blob
    expect(state.shardStatuses.map((s) => s.status)).toEqual([one, two].map((r) => (r.code === 0 ? 'passed' : 'failed')))
    // an unsharded run of the same manifest on this host
    const whole = await cli(workspace.dir, ['fleet', 'run', manifest, '--wait', '--base-dir', 'whole'])
    const wholeDir = path.join(workspace.dir, 'whole', runIdOf(whole.stdout))
    expect(projectRecords(merged)).toEqual(projectRecords(wholeDir))
    expect(projectRecords(merged)).toHaveLength(5)
    const results = (dir: string): { summary: Record<string, unknown>; hosts: Array<{ host: string; tests: number }> } => JSON.parse(readFileSync(path.join(dir, 'fleet-results.json'), 'utf8')) as never
    const counts = (dir: string): unknown => {
      const s = results(dir).summary
      return [s.totalRepositories, s.totalTests, s.totalSucceeded, s.totalFailed, s.totalTimeout, s.totalSkipped, s.successRate, s.totalTokens, s.avgTokensPerRequest]
    }
    expect(counts(merged)).toEqual(counts(wholeDir))
    // every record names the host that ran it: both shards' hosts are in the merged fleet results and its dashboard
    const hosts = results(merged).hosts
    expect(hosts.map((h) => h.host)).toEqual(['fleet-host-a', 'fleet-host-b'])
    expect(hosts.reduce((sum, h) => sum + h.tests, 0)).toBe(5)
    // each host's own system samples came along in its blob: CPU and memory per machine, and why there is no GPU
    for (const h of hosts as Array<{ host: string; system?: { cpuPct: { samples: number }; memoryPeakBytes: number | null; gpuUnavailable: string | null } | null }>) {
      expect(h.system?.cpuPct.samples, h.host).toBeGreaterThan(0)
      expect(h.system?.memoryPeakBytes, h.host).toBeGreaterThan(0)
      expect(h.system?.gpuUnavailable, h.host).toMatch(/nvidia-smi/)
    }
    const html = readFileSync(path.join(merged, 'executive-report.html'), 'utf8')
    expect(html).toContain('fleet-host-a')
    expect(html).toContain('fleet-host-b')
  }, 600_000)

  test('a shard that sent no blob is reported as died, its cells unfinished; the merge exits 1 and keeps the rest', async () => {
    const runId = 'run-fleet-20261206-120001-0badc0de'
    const one = await shardOnHost('fleet-host-c', ['fleet', 'run', manifest, '--shard', '1/2', '--run-id', runId, '--base-dir', 'lost'])
    expect([0, 1], one.output).toContain(one.code)
    const merge = await cli(workspace.dir, ['fleet', 'merge', path.join('lost', runId, 'blobs'), '--manifest', 'hosts.yaml', '--shards', '2'])
    expect(merge.code, merge.output).toBe(1)
    expect(merge.stdout).toContain('shard 2 sent no blob')
    const state = readState(path.join(workspace.dir, 'lost', runId))
    expect(state.shardStatuses.map((s) => `${s.index} ${s.status}`)).toEqual([`1 ${one.code === 0 ? 'passed' : 'failed'}`, '2 died'])
    expect(state.cells.some((c) => c.failure?.includes('shard 2 of 2 sent no blob') === true)).toBe(true)
    expect(projectRecords(path.join(workspace.dir, 'lost', runId)).length).toBeGreaterThan(0)
  }, 600_000)
})

/** null when `unshare --uts` works here (root, or a user namespace), else why not. */
function canUnshare(): string | null {
  try {
    execFileSync('unshare', ['--uts', '--fork', 'hostname', 'probe-host'], { stdio: 'ignore', timeout: 10_000 })
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
