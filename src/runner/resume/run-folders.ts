import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A run id's parts: `<name>-<YYYYMMDD-HHMMSS>-<8 hex>` with `-<n>` for a second run in the same second (see report/run-id.ts). */
export interface ParsedRunId {
  name: string
  startedAt: Date
  hash: string
  /** 1 for the first run of that second, then 2, 3, ... */
  n: number
}

const RUN_ID = /^(.+)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-([0-9a-f]{8})(?:-(\d+))?$/

export function parseRunId(id: string): ParsedRunId | null {
  const m = RUN_ID.exec(id)
  if (!m) return null
  const [year, month, day, hours, minutes, seconds] = m.slice(2, 8).map(Number) as [number, number, number, number, number, number]
  return {
    name: m[1] as string,
    startedAt: new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds)),
    hash: m[8] as string,
    n: m[9] === undefined ? 1 : Number(m[9]),
  }
}

/** The name part of a project's run ids (`report/run-id.ts` makes the name safe the same way). */
export function runIdName(projectName: string, bench = false): string {
  const name = projectName + (bench ? '-bench' : '')
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run'
}

/** How a run folder stands. */
export interface RunFolder {
  id: string
  dir: string
  /** The name part of the id: the project name, with `-bench` for a bench run. */
  name: string
  startedAt: Date
  /** `results.json` is there and the run was not interrupted: the run got to its end. */
  finished: boolean
  /** Vitest's reason from `results.json` (passed, failed, interrupted); null without one. */
  reason: string | null
}

/**
 * The run folders under `outputDir` (folders whose name is a run id), oldest
 * first; only those of run-id name `name` when given. A missing `outputDir` has none.
 */
export function listRunFolders(outputDir: string, name?: string): RunFolder[] {
  let entries: string[]
  try {
    entries = readdirSync(outputDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return []
    throw error
  }
  const folders: (RunFolder & { n: number })[] = []
  for (const id of entries) {
    const parsed = parseRunId(id)
    if (!parsed || (name !== undefined && parsed.name !== name)) continue
    const dir = join(outputDir, id)
    const reason = resultsReason(dir)
    folders.push({ id, dir, name: parsed.name, startedAt: parsed.startedAt, n: parsed.n, finished: reason !== null && reason !== 'interrupted', reason })
  }
  folders.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.n - b.n || a.id.localeCompare(b.id))
  return folders.map(({ n: _n, ...folder }) => folder)
}

/** The `reason` of a run's `results.json`; null when there is none (or it cannot be read). */
function resultsReason(dir: string): string | null {
  try {
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { reason?: unknown }
    return typeof results.reason === 'string' ? results.reason : 'unknown'
  } catch {
    return null
  }
}
