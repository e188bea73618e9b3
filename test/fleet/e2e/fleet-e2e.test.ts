import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { CaseRecordSchema, type CaseRecord } from '../../../src/record/schema.ts'
import { FleetResultsSchema, type FleetResults, type FleetSummary } from '../../../src/fleet/results/schema.ts'
import { percentileOfSorted } from '../../../src/metrics/percentile.ts'
import { REPO } from '../../helpers/run-vitest.ts'
import { childEnvironment, runInProcessGroup, type GroupRun } from '../../helpers/process-group.ts'
import { installLlamaServer, startLlamaServer, storiesModelPath, type LlamaServer } from '../../helpers/llama-server.ts'
import { fleetWorkspace } from '../workspace.ts'

/**
 * Issue 12's acceptance, on real models: the fixture fleet (3 repositories, one
 * `native`) × 2 providers (the embedded local model and a real llama-server,
 * both stories260K, greedy with a seed) × 2 scenarios, run as 2 shards in 2
 * process trees with their own hostnames (`unshare --uts`), merged with
 * `fleet merge`, and run unsharded: the same records and fleet summary, and
 * all 19 seed metrics equal to values computed here from the records.
 */
const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
const CLI = path.join(REPO, 'src', 'cli.ts')
const RUN_ID = 'e2e-fleet-20261206-130000-0e2e0e2e'

const noUnshare = canUnshare()
const noServer = await installLlamaServer().then(
  () => null,
  (error: unknown) => `llama-server cannot be installed here (../shared/tools/llama-server/setup.sh): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
)
const noModel = existsSync(storiesModelPath()) ? null : `no stories260K model at ${storiesModelPath()}`
const skipped = noUnshare !== null ? `unshare --uts does not work here: ${noUnshare}` : (noServer ?? noModel)

const workspace = fleetWorkspace()
let server: LlamaServer | undefined

afterAll(async () => {
  await server?.stop()
  workspace.remove()
})

function manifestText(baseURL: string): string {
  return `fleet_id: e2e-fleet
version: 1
repositories:
  - { repo_id: checkout-app, path: repos/checkout-app, adapter: native, scenarios: [qa, summaries] }
  - { repo_id: docs-bot, path: repos/docs-bot, adapter: generic, datasets: "datasets/**/*.dataset.yaml", scenarios: [qa, summaries] }
  - { repo_id: support-bot, path: repos/support-bot, adapter: generic, datasets: [evals/*.dataset.json, evals/*.dataset.yaml], scenarios: [qa, summaries] }
providers:
  - local
  - openai:stories@${baseURL}
scenario_profiles:
  qa:
    dataset: "{**/qa.dataset.*,**/qa/*.dataset.*}"
    concurrency: 2
    num_examples: 2
    seed: 7
    params: { temperature: 0, max_tokens: 16, seed: 1 }
  summaries:
    dataset: "**/*summaries.dataset.yaml"
    concurrency: 2
    num_examples: 2
    params: { temperature: 0, max_tokens: 16, seed: 1 }
    assert:
      - toMatchRegex: { pattern: '\\w+' }
output: { base_dir: out, shards: 1 }
`
}

const ENV = (): NodeJS.ProcessEnv =>
  childEnvironment({ NO_COLOR: '1', CI: 'true', LLM_BENCH_MODEL: storiesModelPath(), LLM_BENCH_NO_DOWNLOAD: '1', LLM_BENCH_RESUME: undefined, LLM_BENCH_CACHE: undefined })

function cli(args: readonly string[]): Promise<GroupRun> {
  return runInProcessGroup(NODE, [CLI, ...args], { cwd: workspace.dir, env: ENV(), timeoutMs: 300_000 })
}

/** `fleet run --shard i/N` as its own process tree under another hostname. */
function shardOnHost(host: string, args: readonly string[]): Promise<GroupRun> {
  const script = `hostname ${host} && exec "$0" "$@"`
  return runInProcessGroup('unshare', ['--uts', '--fork', 'sh', '-c', script, NODE, CLI, ...args], { cwd: workspace.dir, env: ENV(), timeoutMs: 300_000 })
}

/** Every record of every project run folder of a fleet run. */
function records(runDir: string): CaseRecord[] {
  const out: CaseRecord[] = []
  const projects = path.join(runDir, 'projects')
  for (const project of readdirSync(projects)) {
    for (const run of readdirSync(path.join(projects, project))) {
      const file = path.join(projects, project, run, 'results.jsonl')
      if (!existsSync(file)) continue
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim() !== '') out.push(CaseRecordSchema.parse(JSON.parse(line)))
    }
  }
  return out
}

const key = (r: CaseRecord): string => JSON.stringify([r.dataset, r.caseId, r.provider, r.status, r.output])
const keys = (rs: readonly CaseRecord[]): string[] => rs.map(key).sort()
const fleetResults = (runDir: string): FleetResults => FleetResultsSchema.parse(JSON.parse(readFileSync(path.join(runDir, 'fleet-results.json'), 'utf8')))

const TIMING_FIELDS = ['avgDurationMs', 'p50DurationMs', 'p95DurationMs', 'p99DurationMs', 'minDurationMs', 'maxDurationMs', 'totalDurationMs', 'ttftP50Ms', 'ttftP95Ms', 'tpotP50Ms', 'tpotP95Ms', 'outputTokensPerSecond'] as const
function withoutTimings(s: FleetSummary): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...s }
  for (const f of TIMING_FIELDS) delete copy[f]
  return copy
}

/** The seed's 19 metrics, computed here from the records as accumulate.ts defines them. */
function handMetrics(rs: readonly CaseRecord[], repositories: number): Record<string, number | null> {
  const count = (status: string[]): number => rs.filter((r) => status.includes(r.status)).length
  const ran = rs.filter((r) => r.status !== 'skipped')
  const durations = ran.flatMap((r) => (r.timings !== null && Number.isFinite(r.timings.e2eMs) ? [r.timings.e2eMs] : [])).sort((a, b) => a - b)
  let tokens = 0
  for (const r of ran) if (r.usage.inputTokens !== null || r.usage.outputTokens !== null) tokens += (r.usage.inputTokens ?? 0) + (r.usage.outputTokens ?? 0)
  const known = ran.filter((r) => r.cost !== null)
  const unknown = ran.filter((r) => r.cost === null && r.output !== null).length
  const cost = known.length === 0 && unknown > 0 ? null : known.reduce((sum, r) => sum + (r.cost ?? 0), 0)
  const started = Math.min(...rs.map((r) => Date.parse(r.startedAt)))
  const ended = Math.max(...rs.map((r) => Date.parse(r.endedAt)))
  const tests = rs.length
  return {
    totalRepositories: repositories,
    totalTests: tests,
    totalSucceeded: count(['passed']),
    totalFailed: count(['failed', 'error']),
    totalTimeout: count(['timeout']),
    totalSkipped: count(['skipped']),
    successRate: count(['passed']) / tests,
    avgDurationMs: durations.reduce((a, b) => a + b, 0) / durations.length,
    p50DurationMs: percentileOfSorted(durations, 50),
    p95DurationMs: percentileOfSorted(durations, 95),
    p99DurationMs: percentileOfSorted(durations, 99),
    minDurationMs: durations[0] ?? null,
    maxDurationMs: durations.at(-1) ?? null,
    totalTokens: tokens,
    avgTokensPerRequest: tokens / tests,
    totalCost: cost,
    avgCostPerRepository: cost === null ? null : cost / repositories,
    avgTestsPerRepository: tests / repositories,
    totalDurationMs: ended - started,
  }
}

describe.skipIf(skipped !== null)(`the fixture fleet on real models, 2 hosts merged vs unsharded${skipped !== null ? ` (skipped: ${skipped})` : ''}`, () => {
  test('3 repositories × local + llama-server × 2 scenarios: same records and summary sharded and unsharded; the 19 metrics by hand', async () => {
    server = await startLlamaServer({ parallel: 2 })
    const manifest = 'e2e.yaml'
    workspace.write(manifest, manifestText(server.baseURL))
    const [one, two] = await Promise.all([
      shardOnHost('fleet-e2e-a', ['fleet', 'run', manifest, '--shard', '1/2', '--run-id', RUN_ID, '--base-dir', 'host-a']),
      shardOnHost('fleet-e2e-b', ['fleet', 'run', manifest, '--shard', '2/2', '--run-id', RUN_ID, '--base-dir', 'host-b']),
    ])
    expect(one.stdout, one.output).toContain('shard 1/2 on fleet-e2e-a')
    expect(two.stdout, two.output).toContain('shard 2/2 on fleet-e2e-b')
    expect([one.code, two.code].every((code) => code === 0 || code === 1), one.output + two.output).toBe(true)
    // the merge machine: each host's blob and shard record copied into one run folder
    const merged = path.join(workspace.dir, 'merged', RUN_ID)
    for (const [host, i] of [['a', 1], ['b', 2]] as const) {
      for (const file of [`blobs/blob-${i}.json`, `shards/shard-${i}.json`]) {
        mkdirSync(path.dirname(path.join(merged, file)), { recursive: true })
        cpSync(path.join(workspace.dir, `host-${host}`, RUN_ID, file), path.join(merged, file))
      }
    }
    const merge = await cli(['fleet', 'merge', path.join('merged', RUN_ID, 'blobs'), '--manifest', manifest, '--shards', '2'])
    expect(merge.stdout, merge.output).toContain('merged 2 blob(s) of 2 from fleet-e2e-a, fleet-e2e-b')
    expect(merge.code, merge.output).toBe(0)

    const whole = await cli(['fleet', 'run', manifest, '--wait', '--base-dir', 'whole'])
    const wholeId = /Fleet run (\S+)/.exec(whole.stdout)?.[1]
    expect(wholeId, whole.output).toBeDefined()
    const wholeDir = path.join(workspace.dir, 'whole', wholeId ?? '')

    // the same records, outputs included: greedy decoding with a seed on both providers
    const mergedRecords = records(merged)
    const wholeRecords = records(wholeDir)
    expect(keys(mergedRecords)).toEqual(keys(wholeRecords))
    const providers = [...new Set(mergedRecords.map((r) => r.provider))].sort()
    expect(providers).toHaveLength(2)
    expect(providers).toContain('local')
    expect(mergedRecords.filter((r) => r.output !== null && r.output !== '').length, 'answers from both models').toBeGreaterThan(mergedRecords.length / 2)
    // every repository × provider × scenario cell ran
    const mergedResults = fleetResults(merged)
    const wholeResults = fleetResults(wholeDir)
    expect(mergedResults.cells.map((c) => `${c.repoId} ${c.scenario} ${c.status}`).sort()).toEqual(
      ['checkout-app', 'docs-bot', 'support-bot'].flatMap((repo) => ['qa', 'summaries'].flatMap((s) => [`${repo} ${s} ran`, `${repo} ${s} ran`])),
    )
    expect(withoutTimings(mergedResults.summary)).toEqual(withoutTimings(wholeResults.summary))

    // all 19 seed metrics, by hand from the merged projects' records (and the unsharded run's from its own)
    for (const [results, rs] of [[mergedResults, mergedRecords], [wholeResults, wholeRecords]] as const) {
      const hand = handMetrics(rs, 3)
      expect(Object.keys(hand)).toHaveLength(19)
      for (const [metric, value] of Object.entries(hand)) {
        const got = results.summary[metric as keyof FleetSummary]
        if (typeof value === 'number' && !Number.isInteger(value)) expect(got, metric).toBeCloseTo(value, 9)
        else expect(got, metric).toBe(value)
      }
    }
    process.stdout.write(`fleet e2e metrics (merged): ${JSON.stringify(handMetrics(mergedRecords, 3))}\n`)

    // both hosts named, with their own system samples; every record counted once
    const hosts = mergedResults.hosts
    expect(hosts.map((h) => h.host)).toEqual(['fleet-e2e-a', 'fleet-e2e-b'])
    expect(hosts.reduce((sum, h) => sum + h.tests, 0)).toBe(mergedRecords.length)
    for (const h of hosts) {
      expect(h.tests, h.host).toBeGreaterThan(0)
      expect(h.system?.cpuPct.samples, h.host).toBeGreaterThan(0)
      expect(h.system?.memoryPeakBytes, h.host).toBeGreaterThan(0)
    }
    expect(new Set(mergedRecords.map((r) => r.host))).toEqual(new Set(['fleet-e2e-a', 'fleet-e2e-b']))
  }, 420_000)
})

/** null when `unshare --uts` works here (root, or a user namespace), else why not. */
function canUnshare(): string | null {
  try {
    execFileSync('unshare', ['--uts', '--fork', 'hostname', 'probe-host'], { stdio: 'ignore', timeout: 10_000 })
    return null
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error)
  }
}
