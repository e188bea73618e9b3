import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { formatDatasetIssue } from '../dataset/errors.ts'
import { writeFileAtomic } from '../record/atomic-write.ts'
import { stableStringify } from '../record/stable-json.ts'
import { loadManifest } from './load-manifest.ts'
import type { FleetManifestInput } from './manifest-schema.ts'
import { FleetResultsSchema, type FleetResults } from './results/schema.ts'
import { fleetHash, fleetRunId } from './run-id.ts'
import { executeFleet } from './run/execute.ts'
import { displayStatus, readFleetState, writeFleetState, type FleetRunState } from './run/state.ts'
import { validateFleet } from './validate.ts'

/** Where fleet runs go when neither the call nor the manifest says: `fleet-results` in the current directory, as the CLI's default. */
const DEFAULT_BASE_DIR = 'fleet-results'

export interface StartFleetOptions {
  /** The folder of run folders; default the manifest's `output.base_dir`. */
  outputBaseDir?: string
  /** Vitest shards in parallel processes, merged; default the manifest's `output.shards`. */
  shards?: number
  /** Aborting stops the run's Vitest processes: `done` rejects and the run can be resumed (`fleet run --resume`). */
  signal?: AbortSignal
  /** Resolves relative paths of a manifest object (its repositories, its base_dir); default the current directory. */
  cwd?: string
  /** Ask for no API keys (recordings are replayed), as `--replay`. */
  replay?: boolean
}

export interface StartedFleet {
  runId: string
  /** `{base_dir}/{run id}`: fleet-run.json while it runs, then fleet-results.json, csv/, executive-report.html. */
  artifactDir: string
  /** The fleet's results once every cell has run; rejects when the run failed as a whole or was aborted. */
  done: Promise<FleetResults>
}

/** A fleet manifest that does not validate: every problem, at its file:line:column. */
export class FleetManifestError extends Error {
  override name = 'FleetManifestError'
}

/**
 * Starts a fleet run in this process (its Vitest runs are child processes)
 * and resolves at once with its run id and folder; `done` resolves with the
 * fleet's results. `manifest` is a manifest file, or a manifest object whose
 * relative paths are relative to `options.cwd`. A manifest with problems
 * rejects before anything runs; a cell that fails does not stop the others.
 */
export async function startFleet(manifest: string | FleetManifestInput, options: StartFleetOptions = {}): Promise<StartedFleet> {
  const cwd = path.resolve(options.cwd ?? process.cwd())
  const file = typeof manifest === 'string' ? path.resolve(cwd, manifest) : writeManifestObject(manifest, cwd)
  const validation = validateFleet(file, { replay: options.replay })
  const parsed = validation.manifest
  if (parsed === null || validation.issues.length > 0) throw new FleetManifestError(`the fleet manifest has problems:\n${validation.issues.map((i) => formatDatasetIssue(i)).join('\n')}`)
  const manifestDir = path.dirname(validation.file)
  const baseDir = options.outputBaseDir === undefined ? path.resolve(manifestDir, parsed.output.base_dir) : path.resolve(cwd, options.outputBaseDir)
  const files = [...new Set(validation.groups.flatMap((g) => g.files))]
  const runId = fleetRunId(parsed.fleet_id, new Date(), loadManifest(validation.file).source?.data, manifestDir, files)
  const artifactDir = path.join(baseDir, runId)
  const shards = options.shards ?? parsed.output.shards
  mkdirSync(artifactDir, { recursive: true })
  writeFleetState(artifactDir, { runId, fleetId: parsed.fleet_id, manifest: validation.file, status: 'running', pid: process.pid, startedAt: new Date().toISOString(), endedAt: null, shards, shardStatuses: [], cells: [], resumed: 0, error: null })
  const done = executeFleet({ runId, runDir: artifactDir, validation, manifest: parsed, shards, resume: false, signal: options.signal }).then((state) => resultsOf(state, artifactDir))
  // a caller that never awaits `done` must not get an unhandled rejection
  done.catch(() => undefined)
  return { runId, artifactDir, done }
}

export interface FleetLookupOptions {
  /** The folder of run folders; default `fleet-results` in the current directory. */
  baseDir?: string
}

export interface WaitForFleetOptions extends FleetLookupOptions {
  /** How often the run folder is read; default 500 ms. */
  pollMs?: number
  /** Give up (reject) after this long; default never. */
  timeoutMs?: number
  signal?: AbortSignal
}

/**
 * Waits for a fleet run, this process's or another's (it watches the run
 * folder's fleet-run.json), and resolves with its results. Rejects when the
 * run failed, when its process died before finishing, or on timeout.
 */
export async function waitForFleet(runId: string, options: WaitForFleetOptions = {}): Promise<FleetResults> {
  const runDir = runFolder(runId, options)
  const started = Date.now()
  for (;;) {
    const state = readFleetState(runDir)
    if (state === null) throw new Error(`no fleet run "${runId}" in ${path.dirname(runDir)}`)
    const status = displayStatus(state)
    if (status !== 'running') return resultsOf({ ...state, status: status === 'died' ? 'failed' : state.status, error: status === 'died' ? `the process running it (pid ${state.pid}) died before it finished; continue it with fleet run --resume ${runId}` : state.error }, runDir)
    if (options.signal?.aborted === true) throw new Error(`waiting for fleet run ${runId} was aborted`)
    if (options.timeoutMs !== undefined && Date.now() - started > options.timeoutMs) throw new Error(`fleet run ${runId} was still running after ${options.timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 500))
  }
}

/** One fleet run on disk, as `fleet list` shows it. */
export interface FleetRunSummary {
  runId: string
  fleetId: string
  status: 'running' | 'finished' | 'failed' | 'died'
  startedAt: string
  endedAt: string | null
  cells: number
  failedCells: number
  artifactDir: string
}

/** Every fleet run with a state file under the base folder, oldest first. */
export function listFleetRuns(options: FleetLookupOptions = {}): FleetRunSummary[] {
  const baseDir = path.resolve(options.baseDir ?? DEFAULT_BASE_DIR)
  if (!existsSync(baseDir)) return []
  return readdirSync(baseDir)
    .sort()
    .flatMap((name) => {
      const dir = path.join(baseDir, name)
      const state = readFleetState(dir)
      if (state === null) return []
      return [{ runId: state.runId, fleetId: state.fleetId, status: displayStatus(state), startedAt: state.startedAt, endedAt: state.endedAt, cells: state.cells.length, failedCells: state.cells.filter((c) => c.failure !== null).length, artifactDir: dir }]
    })
}

/** A finished run's fleet-results.json, checked against its schema; throws when the run has none (yet). */
export function getFleetResults(runId: string, options: FleetLookupOptions = {}): FleetResults {
  const file = path.join(runFolder(runId, options), 'fleet-results.json')
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new Error(`fleet run ${runId} has no results: no ${file} (still running, failed before its artifacts, or not a run id)`)
  }
  const parsed = FleetResultsSchema.safeParse(JSON.parse(text))
  if (!parsed.success) throw new Error(`${file}: not fleet results: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

function runFolder(runId: string, options: FleetLookupOptions): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId)) throw new Error(`"${runId}" is not a fleet run id`)
  return path.join(path.resolve(options.baseDir ?? DEFAULT_BASE_DIR), runId)
}

function resultsOf(state: FleetRunState, runDir: string): FleetResults {
  if (state.status === 'failed') throw new Error(`fleet run ${state.runId} failed: ${state.error ?? 'see fleet.log'}`)
  return getFleetResults(state.runId, { baseDir: path.dirname(runDir) })
}

/**
 * A manifest object as a file, for the loader's located errors and the run's
 * Vitest config: `.llm-test-bench/fleet-<hash>.json` under `cwd`, its
 * repository paths and base_dir made absolute from `cwd` as the caller meant.
 */
function writeManifestObject(manifest: FleetManifestInput, cwd: string): string {
  const text = `${stableStringify(fromCwd(manifest, cwd), 2)}\n`
  const file = path.join(cwd, '.llm-test-bench', `fleet-${fleetHash(manifest, cwd, [])}.json`)
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileAtomic(file, text)
  return file
}


/** The object with its repositories' `path` and `output.base_dir` resolved from `cwd` (whatever else it holds is left for validation to judge). */
function fromCwd(manifest: FleetManifestInput, cwd: string): unknown {
  if (typeof manifest !== 'object' || manifest === null) return manifest
  const resolve = (value: unknown): unknown => (typeof value === 'string' ? path.resolve(cwd, value) : value)
  const repositories = Array.isArray(manifest.repositories) ? manifest.repositories.map((r: unknown) => (typeof r === 'object' && r !== null && 'path' in r ? { ...r, path: resolve(r.path) } : r)) : manifest.repositories
  const output = typeof manifest.output === 'object' && manifest.output !== null ? { ...manifest.output, base_dir: resolve(manifest.output.base_dir ?? 'fleet-results') } : { base_dir: path.resolve(cwd, 'fleet-results') }
  return { ...manifest, repositories, output }
}
