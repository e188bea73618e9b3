import { spawn } from 'node:child_process'
import { hostname } from 'node:os'
import { existsSync, mkdirSync, openSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { displayPath, formatDatasetIssue } from '../dataset/errors.ts'
import { loadManifest } from '../fleet/load-manifest.ts'
import { fleetRunId } from '../fleet/run-id.ts'
import { writeFleetConfig } from '../fleet/run/config-file.ts'
import { collectFleetResults, executeFleet, FLEET_LOG, mergeBlobs } from '../fleet/run/execute.ts'
import { executeFleetShard, readShardRuns } from '../fleet/run/execute-shard.ts'
import { displayStatus, readFleetState, writeFleetState, type FleetRunState } from '../fleet/run/state.ts'
import { validateFleet } from '../fleet/validate.ts'
import { validateFleetWithMatchers } from '../fleet/validate-matchers.ts'
import type { FleetArgs } from './fleet-args.ts'

interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/** The `llm-test-bench` entry (src/cli.ts here, dist/cli.js once built), for the detached runner. */
const CLI_ENTRY = fileURLToPath(new URL(`../cli${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))

/**
 * `fleet run <manifest> [--wait] [--shards N] [--resume <run-id>]`. Problems
 * that leave the manifest unreadable stop it (exit 1); problems of single
 * cells (a dataset that does not load, a provider without its key) are
 * printed and those cells reported as failed while the others run.
 */
export async function fleetRunCommand(args: FleetArgs, file: string, io: Output): Promise<number> {
  const validation = await validateFleetWithMatchers(file, { replay: args.replay || undefined })
  const manifest = validation.manifest
  if (manifest === null) {
    io.err(`${validation.issues.map((i) => formatDatasetIssue(i)).join('\n')}\nfleet run: the manifest does not fit its schema: nothing was run\n`)
    return 1
  }
  for (const issue of validation.issues) io.err(`problem (its cells are reported as failed; the others run): ${formatDatasetIssue(issue)}\n`)
  const manifestDir = path.dirname(validation.file)
  const baseDir = args.baseDir === null ? path.resolve(manifestDir, manifest.output.base_dir) : path.resolve(args.baseDir)
  if (args.shard !== null && args.runId !== null) {
    const runDir = path.join(baseDir, args.runId)
    io.out(`Fleet run ${args.runId}: shard ${args.shard.index}/${args.shard.count} on ${hostname()}\nArtifacts: ${displayPath(runDir)}\n`)
    const run = await executeFleetShard({ runId: args.runId, runDir, manifestFile: validation.file, index: args.shard.index, count: args.shard.count })
    io.out(`shard ${args.shard.index}/${args.shard.count} ${run.shard.status} (blob ${displayPath(path.join(runDir, run.blob))}); merge with: llm-test-bench fleet merge ${displayPath(path.join(runDir, 'blobs'))} --manifest ${displayPath(validation.file)} --shards ${args.shard.count}\n`)
    return run.shard.status === 'passed' ? 0 : 1
  }
  const files = [...new Set(validation.groups.flatMap((g) => g.files))]
  // the detached runner keeps the run id its parent printed (its folder's name)
  const runId = args.resume ?? (args.detachedRunDir === null ? null : path.basename(args.detachedRunDir)) ?? fleetRunId(manifest.fleet_id, new Date(), loadManifest(validation.file).source?.data, manifestDir, files)
  const runDir = args.detachedRunDir ?? path.join(baseDir, runId)
  if (args.resume !== null && readFleetState(runDir) === null) {
    io.err(`fleet run --resume: no fleet run "${args.resume}" under ${displayPath(baseDir)} (no ${path.join(runDir, 'fleet-run.json')})\n`)
    return 2
  }
  const shards = args.shards ?? manifest.output.shards
  if (args.wait || args.detachedRunDir !== null) {
    if (args.detachedRunDir === null) io.out(`Fleet run ${runId}\nArtifacts: ${displayPath(runDir)}\n`)
    const state = await executeFleet({ runId, runDir, validation, manifest, shards, resume: args.resume !== null })
    if (args.detachedRunDir === null) io.out(stateText(state, displayStatus(state)))
    return state.status === 'finished' && state.cells.every((c) => c.failure === null) ? 0 : 1
  }
  mkdirSync(runDir, { recursive: true })
  const log = openSync(path.join(runDir, FLEET_LOG), 'a')
  const cliArgs = ['fleet', 'run', file, '--run-dir', runDir, '--shards', String(shards), ...(args.resume === null ? [] : ['--resume', args.resume]), ...(args.replay ? ['--replay'] : [])]
  const child = spawn(process.execPath, [...process.execArgv, CLI_ENTRY, ...cliArgs], { detached: true, stdio: ['ignore', log, log], env: process.env })
  child.unref()
  // the state exists before this command returns: `fleet status` finds the run at once
  if (args.resume === null) writeFleetState(runDir, { runId, fleetId: manifest.fleet_id, manifest: validation.file, status: 'running', pid: child.pid ?? process.pid, startedAt: new Date().toISOString(), endedAt: null, shards, shardStatuses: [], cells: [], resumed: 0, error: null })
  io.out(`Fleet run ${runId} started (pid ${child.pid ?? 'unknown'})\nArtifacts: ${displayPath(runDir)}\nProgress:  llm-test-bench fleet status ${runId}\n`)
  return 0
}

/** `fleet status <run-id>`: the run's state file, from the base folder (default ./fleet-results). */
export function fleetStatusCommand(args: FleetArgs, cwd: string, io: Output): number {
  const baseDir = path.resolve(cwd, args.baseDir ?? 'fleet-results')
  const runId = args.target ?? ''
  const runDir = existsSync(path.join(baseDir, runId)) ? path.join(baseDir, runId) : path.resolve(cwd, runId)
  const state = readFleetState(runDir)
  if (state === null) {
    io.err(`fleet status: no fleet run "${runId}" under ${displayPath(baseDir)} (use --base-dir <folder>)\n`)
    return 2
  }
  const status = displayStatus(state)
  if (args.json) io.out(`${JSON.stringify({ ...state, status }, null, 2)}\n`)
  else io.out(stateText(state, status))
  return 0
}

/** `fleet list`: every run folder with a state file under the base folder, oldest first. */
export function fleetListCommand(args: FleetArgs, cwd: string, io: Output): number {
  const baseDir = path.resolve(cwd, args.baseDir ?? 'fleet-results')
  const states = existsSync(baseDir)
    ? readdirSync(baseDir)
        .sort()
        .flatMap((name) => {
          const state = readFleetState(path.join(baseDir, name))
          return state === null ? [] : [state]
        })
    : []
  if (args.json) {
    io.out(`${JSON.stringify(states.map((s) => ({ runId: s.runId, status: displayStatus(s), startedAt: s.startedAt, endedAt: s.endedAt, cells: s.cells.length, failedCells: s.cells.filter((c) => c.failure !== null).length })), null, 2)}\n`)
    return 0
  }
  if (states.length === 0) io.out(`no fleet runs under ${displayPath(baseDir)}\n`)
  for (const s of states) io.out(`${s.runId}  ${displayStatus(s).padEnd(8)}  ${s.startedAt}  ${s.cells.length} cells, ${s.cells.filter((c) => c.failure !== null).length} failed\n`)
  return 0
}

/**
 * `fleet merge <blob-dir> [--manifest <file>] [--shards N]`: the merge step of
 * a sharded run, in the run folder above the blobs: `vitest --merge-reports`
 * gives each project's run folder, then the fleet's artifacts are written
 * from them. Blobs gathered from other machines need `--manifest` (the run
 * folder has no fleet-run.json); with `--shards N` a shard whose blob is
 * missing is reported as died and its cells as unfinished.
 */
export async function fleetMergeCommand(args: FleetArgs, cwd: string, io: Output): Promise<number> {
  const blobDir = path.resolve(cwd, args.target ?? '')
  const runDir = path.dirname(blobDir)
  const existing = readFleetState(runDir)
  const manifestFile = args.mergeManifest === null ? existing?.manifest : path.resolve(cwd, args.mergeManifest)
  if (!existsSync(blobDir) || manifestFile === undefined) {
    io.err(`fleet merge: ${displayPath(blobDir)} is not the blobs/ folder of a fleet run${existsSync(blobDir) ? ' (no fleet-run.json beside it: name the manifest with --manifest <file>)' : ''}\n`)
    return 2
  }
  const validation = validateFleet(manifestFile, { replay: true })
  const manifest = validation.manifest
  if (manifest === null) {
    io.err(`${validation.issues.map((i) => formatDatasetIssue(i)).join('\n')}\nfleet merge: the manifest does not fit its schema\n`)
    return 1
  }
  const blobs = new Set(readdirSync(blobDir).filter((name) => /^blob-\d+\.json$/.test(name)).map((name) => Number(/\d+/.exec(name)?.[0])))
  const shardRuns = readShardRuns(runDir)
  const count = args.shards ?? existing?.shards ?? Math.max(0, ...blobs, ...shardRuns.map((r) => r.count))
  const state: FleetRunState = existing ?? { runId: path.basename(runDir), fleetId: manifest.fleet_id, manifest: validation.file, status: 'running', pid: process.pid, startedAt: shardRuns.map((r) => r.startedAt).sort()[0] ?? new Date().toISOString(), endedAt: null, shards: Math.max(1, count), shardStatuses: [], cells: [], resumed: 0, error: null }
  if (existing === null || existing.shardStatuses.length === 0 || args.shards !== null) {
    state.shards = Math.max(1, count)
    state.shardStatuses = Array.from({ length: state.shards }, (_, i) => {
      const ran = shardRuns.find((r) => r.shard.index === i + 1)
      if (!blobs.has(i + 1)) return { index: i + 1, status: 'died' as const, exitCode: ran?.shard.exitCode ?? null, signal: ran?.shard.signal ?? null }
      return ran?.shard ?? { index: i + 1, status: 'reported' as const, exitCode: null, signal: null }
    })
  }
  const missing = state.shardStatuses.filter((s) => !blobs.has(s.index)).map((s) => s.index)
  const config = writeFleetConfig(runDir, validation.file)
  const exit = await mergeBlobs(blobDir, config, runDir, path.join(runDir, FLEET_LOG))
  const hosts = [...new Set(shardRuns.map((r) => r.host))].sort()
  collectFleetResults(runDir, validation, manifest, state, missing.length === 0 ? null : `shard ${missing.join(', ')} of ${state.shards} sent no blob (its cells are unfinished)`)
  state.endedAt = new Date().toISOString()
  writeFleetState(runDir, state)
  io.out(`merged ${blobs.size} blob(s) of ${state.shards}${hosts.length === 0 ? '' : ` from ${hosts.join(', ')}`} into ${displayPath(runDir)} (vitest exit ${exit.code ?? exit.signal})${missing.length === 0 ? '' : `; shard ${missing.join(', ')} sent no blob`}\n`)
  // as `fleet run --wait`: 0 when every cell has results (failing cases are in the results, not in the exit code)
  return exit.code !== null && missing.length === 0 && state.cells.every((c) => c.failure === null) ? 0 : 1
}

function stateText(state: FleetRunState, status: string): string {
  const failed = state.cells.filter((c) => c.failure !== null)
  const lines = [
    `Fleet run ${state.runId}: ${status}${state.endedAt === null ? '' : ` (ended ${state.endedAt})`}`,
    `started ${state.startedAt}, pid ${state.pid}, ${state.shards} shard(s): ${state.shardStatuses.map((s) => `${s.index} ${s.status}`).join(', ')}`,
    `${state.cells.length} cells, ${state.cells.length - failed.length} with results, ${failed.length} failed`,
    ...state.cells.map((c) => `  ${c.repoId} / ${c.scenario} / ${c.provider}: ${c.failure === null ? (c.runDir ?? '') : `FAILED ${c.failure.split('\n')[0] ?? ''}`}`),
    ...(state.error === null ? [] : [`error: ${state.error}`]),
  ]
  return `${lines.join('\n')}\n`
}
