import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { FleetManifest } from '../manifest-schema.ts'
import { expandMatrix } from '../matrix.ts'
import { writeFleetArtifacts } from '../results/write.ts'
import type { FleetValidation } from '../validate.ts'
import { planProjects } from './cells.ts'
import { FLEET_SHARD_ENV } from './projects.ts'
import { collectCells } from './cell-results.ts'
import { writeFleetConfig } from './config-file.ts'
import { readFleetState, writeFleetState, type FleetRunState, type ShardState } from './state.ts'
import { runVitest, type ChildExit } from './vitest-process.ts'

export const FLEET_LOG = 'fleet.log'

export interface ExecuteOptions {
  runId: string
  runDir: string
  validation: FleetValidation
  manifest: FleetManifest
  shards: number
  /** Continue the run in `runDir` (its projects' own resume: LLM_BENCH_RESUME). */
  resume: boolean
  env?: NodeJS.ProcessEnv
  /** Aborting stops the Vitest processes; the run ends `failed` ("aborted"), and `--resume` can continue it. */
  signal?: AbortSignal
}

/**
 * Runs a fleet in this process: writes the Vitest config of its llmBench
 * projects into the run folder, runs Vitest as a child (or N shards in
 * parallel with blob reports, then `--merge-reports`), then records every
 * cell's run folder or failure in `fleet-run.json` and writes the fleet
 * artifacts. A failing cell or shard never stops the others.
 */
export async function executeFleet(options: ExecuteOptions): Promise<FleetRunState> {
  const { runDir, validation, manifest, shards } = options
  mkdirSync(runDir, { recursive: true })
  const previous = options.resume ? readFleetState(runDir) : null
  const state: FleetRunState = {
    runId: options.runId,
    fleetId: manifest.fleet_id,
    manifest: validation.file,
    status: 'running',
    pid: process.pid,
    startedAt: previous?.startedAt ?? new Date().toISOString(),
    endedAt: null,
    shards,
    shardStatuses: Array.from({ length: shards }, (_, i) => ({ index: i + 1, status: 'running' as const, exitCode: null, signal: null })),
    cells: previous?.cells ?? [],
    resumed: (previous?.resumed ?? -1) + 1,
    error: null,
  }
  writeFleetState(runDir, state)
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), LLM_BENCH_RESUME: options.resume ? 'true' : 'false' }
  const logFile = path.join(runDir, FLEET_LOG)
  try {
    const config = writeFleetConfig(runDir, validation.file)
    let shardNote: string | null = null
    if (shards <= 1) {
      const exit = await runVitest(['run', '--config', config], { cwd: runDir, logFile, env, signal: options.signal })
      state.shardStatuses = [shardState(1, exit)]
    } else {
      const blobDir = path.join(runDir, 'blobs')
      if (existsSync(blobDir)) rmSync(blobDir, { recursive: true, force: true })
      const exits = await Promise.all(
        Array.from({ length: shards }, (_, i) => runVitest(['run', '--config', config, `--shard=${i + 1}/${shards}`, '--reporter=blob', `--outputFile=${path.join(blobDir, `blob-${i + 1}.json`)}`], { cwd: runDir, logFile, env: { ...env, VITEST_BLOB_LABEL: `shard-${i + 1}`, [FLEET_SHARD_ENV]: String(i + 1) }, signal: options.signal })),
      )
      state.shardStatuses = exits.map((exit, i) => shardState(i + 1, exit))
      writeFleetState(runDir, state)
      const died = state.shardStatuses.filter((s) => s.status === 'died').map((s) => s.index)
      if (died.length > 0) shardNote = `shard ${died.join(', ')} of ${shards} died (its cells are unfinished)`
      if (options.signal?.aborted !== true) await mergeBlobs(blobDir, config, runDir, logFile, env)
    }
    if (options.signal?.aborted === true) throw new Error('aborted by the caller (continue it with fleet run --resume)')
    collectFleetResults(runDir, validation, manifest, state, shardNote)
  } catch (error) {
    state.status = 'failed'
    state.error = error instanceof Error ? error.message : String(error)
  }
  state.endedAt = new Date().toISOString()
  writeFleetState(runDir, state)
  return state
}

/**
 * After the Vitest runs (or the merge): records every cell's run folder or
 * failure in the state and writes the fleet's artifacts (fleet-results.json,
 * csv/, executive-report.html, cell folders) from the cells' run folders;
 * the state ends `finished`.
 */
export function collectFleetResults(runDir: string, validation: FleetValidation, manifest: FleetManifest, state: FleetRunState, shardNote: string | null): void {
  const plans = planProjects(validation, manifest)
  const matrix = expandMatrix(validation.groups, validation.providers, path.dirname(validation.file))
  const casesOf = (plan: { repoId: string; scenario: string }, provider: string): number => matrix.cells.find((c) => c.repoId === plan.repoId && c.scenario === plan.scenario && c.providerId === provider)?.cases ?? 0
  state.cells = collectCells(runDir, plans, validation.providers.map((p) => p.id), casesOf, shardNote)
  writeFleetState(runDir, state)
  writeFleetArtifacts(runDir, { runId: state.runId, manifest, cells: state.cells })
  state.status = 'finished'
}

/** `vitest --merge-reports <blobs>` with the fleet's config: each project's run folder, as an unsharded run gives. */
export function mergeBlobs(blobDir: string, config: string, cwd: string, logFile: string, env: NodeJS.ProcessEnv = process.env): Promise<ChildExit> {
  return runVitest(['run', '--config', config, `--merge-reports=${blobDir}`], { cwd, logFile, env: { ...env, [FLEET_SHARD_ENV]: '' } })
}

export function shardState(index: number, exit: ChildExit): ShardState {
  // Vitest exits 1 when a test fails; a signal (or no exit code) is a shard that died
  const status = exit.signal !== null || exit.code === null ? 'died' : exit.code === 0 ? 'passed' : 'failed'
  return { index, status, exitCode: exit.code, signal: exit.signal }
}
