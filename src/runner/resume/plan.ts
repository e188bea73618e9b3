import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { caseSlotString, isFinished, resumeKeyString, type ResumeEntry, type ResumeIndex } from './keys.ts'
import { forEachRecordLine, type CorruptLine } from './read-records.ts'
import { listRunFolders, parseRunId, runIdName } from './run-folders.ts'
import type { ResumeSetting } from './setting.ts'

/** A run to continue: its folder and id are reused, its finished cases are not run again. */
export interface ResumePlan {
  id: string
  dir: string
  /** When the run first started (from its id). */
  startedAt: Date
  /** What every worker is provided: each finished case's key, request hash and where its record is in `results.jsonl` (not the records). */
  provided: ResumeIndex
  /** How many finished cases it has. */
  finished: number
  /** Lines of its `results.jsonl` that are no records (dropped when the run ends), with why. */
  corrupt: CorruptLine[]
}

export interface ResumeDecision {
  plan: ResumePlan | null
  /** What to tell the user (why a new run starts, or what is resumed). */
  message: string | null
}

export interface ResumeTarget {
  /** Absolute `outputDir` of the project. */
  outputDir: string
  projectName: string
  mode: 'run' | 'watch' | 'bench'
}

/**
 * Which run a project continues: the latest unfinished run of the project
 * (no `results.json`, or an interrupted one), or the run id given. Nothing to
 * resume means a new run. A given run id of this project that has no folder
 * is an error; a run id of another project leaves this project to a new run.
 */
export function planResume(target: ResumeTarget, setting: ResumeSetting): ResumeDecision {
  if (setting.kind === 'off') return { plan: null, message: null }
  const name = runIdName(target.projectName)
  if (target.mode === 'bench') return { plan: null, message: `resume does not apply to bench runs: project ${target.projectName} starts a new run` }
  if (setting.kind === 'latest') {
    const unfinished = listRunFolders(target.outputDir, name).filter((run) => !run.finished)
    const latest = unfinished.at(-1)
    if (!latest) return { plan: null, message: `no unfinished run of project ${target.projectName} in ${target.outputDir} to resume: starting a new run` }
    return described(planFor(latest.id, latest.dir, latest.startedAt))
  }
  const parsed = parseRunId(setting.runId)
  if (!parsed) throw new Error(`llm-test-bench: cannot resume "${setting.runId}": not a run id (<name>-<YYYYMMDD-HHMMSS>-<8 hex>)`)
  if (parsed.name !== name) return { plan: null, message: `run ${setting.runId} is not a run of project ${target.projectName}: it starts a new run` }
  const dir = join(target.outputDir, setting.runId)
  if (!existsSync(dir)) throw new Error(`llm-test-bench: cannot resume run ${setting.runId}: no folder ${dir}${knownRuns(target.outputDir, name)}`)
  return described(planFor(setting.runId, dir, parsed.startedAt))
}

function planFor(id: string, dir: string, startedAt: Date): ResumePlan {
  const file = join(dir, 'results.jsonl')
  const { cases, corrupt } = finishedCases(file)
  return { id, dir, startedAt, provided: { file, cases }, finished: Object.keys(cases).length, corrupt }
}

/**
 * The finished cases of a `results.jsonl`, streamed: memory holds a key and
 * four numbers per case, never the records. A case counts by its newest line,
 * as compaction keeps it (jsonl-repair.ts): of two records of one case, the
 * later one; a case whose newest record is unfinished (cancelled) runs again.
 */
export function finishedCases(file: string, chunkBytes?: number): { cases: Record<string, ResumeEntry>; corrupt: CorruptLine[] } {
  const newest = new Map<string, { key: string; entry: ResumeEntry | null }>()
  const corrupt = forEachRecordLine(
    file,
    ({ line, offset, length, record }) => {
      if (!record) return
      const slot = caseSlotString(record)
      // a Map keeps a key where it was first set: delete, so the order is that of the newest lines
      newest.delete(slot)
      newest.set(slot, { key: resumeKeyString(record), entry: isFinished(record) ? [record.requestHash, offset, length, line] : null })
    },
    chunkBytes,
  )
  const cases: Record<string, ResumeEntry> = {}
  for (const { key, entry } of newest.values()) if (entry) cases[key] = entry
  return { cases, corrupt }
}

function described(plan: ResumePlan): ResumeDecision {
  const resumed = `resuming run ${plan.id}: ${plan.finished} finished case${plan.finished === 1 ? '' : 's'} will not run again`
  return { plan, message: plan.corrupt.length === 0 ? resumed : `${resumed}\n${corruptText(plan.corrupt)}` }
}

/** Shown per line up to this many, then "and N more". */
const CORRUPT_SHOWN = 10

/** `results.jsonl: 2 corrupt lines dropped (they are no records; their cases run again):` and one line each. */
export function corruptText(corrupt: readonly CorruptLine[]): string {
  const shown = corrupt.slice(0, CORRUPT_SHOWN).map((c) => `  line ${c.line}: ${c.problem}`)
  const more = corrupt.length > CORRUPT_SHOWN ? [`  and ${corrupt.length - CORRUPT_SHOWN} more`] : []
  const count = `${corrupt.length} corrupt line${corrupt.length === 1 ? '' : 's'}`
  return [`results.jsonl: ${count} dropped (not case records, so not reused):`, ...shown, ...more].join('\n')
}

function knownRuns(outputDir: string, name: string): string {
  const runs = listRunFolders(outputDir, name)
  if (runs.length === 0) return ''
  return ` (runs there: ${runs.map((r) => r.id).join(', ')})`
}
