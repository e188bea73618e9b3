import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { displayPath, formatDatasetIssue } from '../dataset/errors.ts'
import { loadManifest } from '../fleet/load-manifest.ts'
import { fleetRunId } from '../fleet/run-id.ts'
import { writeFleetConfig } from '../fleet/run/config-file.ts'
import { executeFleet, FLEET_LOG, mergeBlobs } from '../fleet/run/execute.ts'
import { displayStatus, readFleetState, writeFleetState, type FleetRunState } from '../fleet/run/state.ts'
import { validateFleet } from '../fleet/validate.ts'
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
  const validation = validateFleet(file, { replay: args.replay || undefined })
  const manifest = validation.manifest
  if (manifest === null) {
    io.err(`${validation.issues.map((i) => formatDatasetIssue(i)).join('\n')}\nfleet run: the manifest does not fit its schema: nothing was run\n`)
    return 1
  }
  for (const issue of validation.issues) io.err(`problem (its cells are reported as failed; the others run): ${formatDatasetIssue(issue)}\n`)
  const manifestDir = path.dirname(validation.file)
  const baseDir = path.resolve(manifestDir, manifest.output.base_dir)
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

/** `fleet merge <blob-dir>`: the merge step of a sharded run alone, in the run folder above the blobs. */
export async function fleetMergeCommand(args: FleetArgs, cwd: string, io: Output): Promise<number> {
  const blobDir = path.resolve(cwd, args.target ?? '')
  const runDir = path.dirname(blobDir)
  const state = readFleetState(runDir)
  if (state === null || !existsSync(blobDir)) {
    io.err(`fleet merge: ${displayPath(blobDir)} is not the blobs/ folder of a fleet run (no fleet-run.json beside it)\n`)
    return 2
  }
  const config = writeFleetConfig(runDir, state.manifest)
  const exit = await mergeBlobs(blobDir, config, runDir, path.join(runDir, FLEET_LOG))
  io.out(`merged ${displayPath(blobDir)} into the project run folders under ${displayPath(path.join(runDir, 'projects'))} (exit ${exit.code ?? exit.signal})\n`)
  return exit.code === 0 ? 0 : 1
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
