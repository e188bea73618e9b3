import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../../record/atomic-write.ts'

/** `{run}/fleet-run.json`: where a fleet run stands, written atomically at every step. */
export const FLEET_STATE_FILE = 'fleet-run.json'

export const FleetCellStateSchema = z.strictObject({
  repoId: z.string(),
  scenario: z.string(),
  provider: z.string(),
  /** The llmBench project of the cell (`{repo_id}__{scenario}`). */
  projectName: z.string(),
  /** The project's run folder (results.jsonl, results.json...), null until it has one. */
  runDir: z.string().nullable(),
  /** Why the cell has no results or did not finish, or null. */
  failure: z.string().nullable(),
})

export const ShardStateSchema = z.strictObject({
  /** 1-based, as in `--shard=i/N`. */
  index: z.int().positive(),
  /** reported: its blob arrived from another machine without a shard record, so how it exited is not known here. */
  status: z.enum(['running', 'passed', 'failed', 'died', 'reported']),
  exitCode: z.int().nullable(),
  signal: z.string().nullable(),
})

export const FleetRunStateSchema = z.strictObject({
  runId: z.string(),
  fleetId: z.string(),
  /** Absolute path of the manifest. */
  manifest: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  /** The process running the fleet (the detached one without --wait). */
  pid: z.int(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  shards: z.int().positive(),
  shardStatuses: z.array(ShardStateSchema),
  cells: z.array(FleetCellStateSchema),
  /** How many times the run was resumed. */
  resumed: z.int().min(0).default(0),
  /** Why the run failed as a whole, or null. */
  error: z.string().nullable().default(null),
})

export type FleetRunState = z.output<typeof FleetRunStateSchema>
export type FleetCellState = z.output<typeof FleetCellStateSchema>
export type ShardState = z.output<typeof ShardStateSchema>

export function statePath(runDir: string): string {
  return path.join(runDir, FLEET_STATE_FILE)
}

export function writeFleetState(runDir: string, state: FleetRunState): void {
  writeFileAtomic(statePath(runDir), `${JSON.stringify(FleetRunStateSchema.parse(state), null, 2)}\n`)
}

/** The state file of a run folder, or null when there is none; a file that does not fit the schema throws, naming it. */
export function readFleetState(runDir: string): FleetRunState | null {
  let text: string
  try {
    text = readFileSync(statePath(runDir), 'utf8')
  } catch {
    return null
  }
  const result = FleetRunStateSchema.safeParse(JSON.parse(text))
  if (!result.success) throw new Error(`${statePath(runDir)}: not a fleet run state: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return result.data
}

/** A pid that no longer runs: `running` in the file, dead in fact, shows as `died`. */
export function displayStatus(state: FleetRunState, alive: (pid: number) => boolean = pidAlive): 'running' | 'finished' | 'failed' | 'died' {
  return state.status === 'running' && !alive(state.pid) ? 'died' : state.status
}

/**
 * Whether the process runs. A process killed with no parent left to reap it stays a zombie (a
 * container whose PID 1 reaps nothing): signal 0 still reaches it, so on Linux its state in
 * /proc says whether it is dead.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  return !isZombie(pid)
}

/** `/proc/<pid>/stat`'s state field is `Z` (or `X`, dead); false where there is no /proc. */
function isZombie(pid: number): boolean {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return false
  }
  // the command name is in parentheses and may hold spaces: the state follows the last ')'
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
  return state === 'Z' || state === 'X'
}
