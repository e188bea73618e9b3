import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { SQLInputValue, StatementSync } from 'node:sqlite'
import type { Figures } from './figures.ts'
import { IndexColumns } from './index-columns.ts'
import { packOutcomeColumns, unpackOutcomes } from './outcomes-blob.ts'
import { runFigures } from './run-figures.ts'
import { readRunFolder, sourceStamp, type RunIndexInput } from './run-input.ts'
import { DatasetHashesSchema, DDL, GroupRowSchema, RunRowSchema, SCHEMA_VERSION, type GroupRow, type RunRow } from './schema.ts'
import { loadSqlite, type Database } from './sqlite.ts'

/** The index file under an `outputDir`. */
export const HISTORY_FILE = 'history.sqlite'
/** How long a write waits for another process's write to end (two runs ending at once). */
const BUSY_TIMEOUT_MS = 15_000

/** A run as the index has it. */
export interface HistoryRun {
  id: string
  project: string
  mode: string
  startedAt: string
  endedAt: string
  reason: string
  /** The run folder, absolute. */
  folder: string
  git: { commit: string; branch: string | null; dirty: boolean } | null
  configHash: string | null
  datasets: Array<{ file: string; sha256: string }>
  figures: Figures
}

/** A group of one run: dataset × provider × model × variant (`scope: 'all'`), or that × category (`scope: 'category'`). */
export interface HistoryGroup {
  scope: 'all' | 'category'
  dataset: string
  provider: string
  model: string
  variant: string | null
  category: string | null
}

/** One point of a trend: a group of a run, with the run's time and commit. */
export interface TrendPoint extends HistoryGroup {
  runId: string
  project: string
  startedAt: string
  commit: string | null
  branch: string | null
  figures: Figures
}

/** One case of a run's group: its passes over the samples that ran (skipped left out), errors among them. */
export interface HistoryCaseOutcome {
  dataset: string
  provider: string
  model: string
  variant: string | null
  caseId: string
  passes: number
  trials: number
  errors: number
}

export interface RunQuery {
  project?: string | undefined
  /** Only runs with a group of this dataset (its name). */
  dataset?: string | undefined
  /** Only runs with a group on this provider (its id). */
  provider?: string | undefined
  /** The latest N runs (still in time order). */
  last?: number | undefined
}

export interface TrendQuery extends RunQuery {
  model?: string | undefined
  variant?: string | undefined
  /** Per category instead of per dataset × provider × model × variant. */
  byCategory?: boolean | undefined
}

export interface GroupQuery {
  dataset?: string | undefined
  provider?: string | undefined
  model?: string | undefined
  variant?: string | null | undefined
}

/** What a sync did: runs indexed, runs whose folder is gone, folders that could not be read (one line each). */
export interface SyncReport {
  indexed: string[]
  removed: string[]
  problems: string[]
}

export interface OpenOptions {
  /** Index the folders not indexed yet (or changed since), drop runs whose folder is gone. Default true. */
  sync?: boolean | undefined
}

/** Thrown when this Node has no `node:sqlite`. */
export class HistoryUnavailableError extends Error {}

/**
 * The run history of one `outputDir`: `history.sqlite` beside the run folders
 * (WAL, a busy timeout, every write one immediate transaction, so runs ending
 * together each get in). A missing, corrupt or other-version index is rebuilt
 * from the run folders; with `sync` (the default), folders not indexed yet are
 * indexed and runs whose folder is gone are dropped.
 */
export function openHistory(outputDir: string, options: OpenOptions = {}): HistoryStore {
  const store = new HistoryStore(outputDir)
  if (options.sync ?? true) store.sync()
  return store
}

export class HistoryStore {
  readonly outputDir: string
  readonly file: string
  /** Why the index was made afresh on open (missing, unreadable, other version); null when it was used as it was. */
  readonly rebuiltBecause: string | null
  #db: Database
  readonly #statements = new Map<string, StatementSync>()
  readonly #keyIds = new Map<string, number>()
  #runsIndexed = 0
  #keys: Map<number, string> | null = null
  readonly #packed = new Map<string, Map<string, ReturnType<typeof unpackOutcomes>>>()

  constructor(outputDir: string) {
    const sqlite = loadSqlite()
    if (typeof sqlite === 'string') throw new HistoryUnavailableError(sqlite)
    this.outputDir = outputDir
    this.file = join(outputDir, HISTORY_FILE)
    mkdirSync(outputDir, { recursive: true })
    const missing = !existsSync(this.file)
    let problem: string | null = missing ? 'there was none' : null
    let db: Database | null = null
    try {
      db = this.#connect(sqlite.DatabaseSync)
      const version = readVersion(db)
      if (version === null) problem ??= 'it had no tables'
      else if (version !== SCHEMA_VERSION) problem = `it was version ${version}, this is version ${SCHEMA_VERSION}`
    } catch (error) {
      db?.close()
      db = null
      problem = `it could not be read (${(error as Error).message})`
    }
    if (problem !== null && !missing) {
      // folders are the source of truth: the old file goes, and sync() fills the new one
      db?.close()
      db = null
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(this.file + suffix, { force: true })
    }
    db ??= this.#connect(sqlite.DatabaseSync)
    this.#db = db
    this.rebuiltBecause = problem
    if (problem !== null) {
      this.#transaction(() => {
        db.exec(DDL)
        db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION))
      })
    }
  }

  #connect(DatabaseSync: typeof import('node:sqlite').DatabaseSync): Database {
    const db = new DatabaseSync(this.file, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true })
    try {
      db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
    } catch (error) {
      db.close()
      throw error
    }
    return db
  }

  close(): void {
    this.#statements.clear()
    if (this.#db.isOpen) this.#db.close()
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql)
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)))
    return statement
  }

  /** `fn` in one write transaction, begun at once (BEGIN IMMEDIATE), so it waits for another writer instead of failing halfway. */
  #transaction<T>(fn: () => T): T {
    this.#packed.clear()
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      const out = fn()
      this.#db.exec('COMMIT')
      return out
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK')
      // interned case ids of a rolled-back transaction are gone
      this.#keyIds.clear()
      this.#keys = null
      throw error
    }
  }

  /**
   * Indexes one run (its rows replaced: the same run twice gives the same rows).
   * `folder` is the run folder's name under outputDir; `stamp` says which
   * results.json it came from (sync() indexes it again when that changes).
   */
  indexRun(input: RunIndexInput, folder: string = input.runId, stamp: string | null = sourceStamp(join(this.outputDir, folder))): void {
    this.#transaction(() => this.#insertRun(input, folder, stamp ?? ''))
  }

  #insertRun(input: RunIndexInput, folder: string, stamp: string): void {
    const figures = runFigures(input.cases instanceof IndexColumns ? input.cases : IndexColumns.from(input.cases))
    this.#statement('DELETE FROM runs WHERE id = ? OR folder = ?').run(input.runId, folder)
    const git = input.provenance?.git ?? null
    this.#statement(
      `INSERT INTO runs (id, project, mode, started_at, ended_at, reason, folder, source_stamp, git_commit, git_branch, git_dirty, config_hash, datasets, ${FIGURE_SQL_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${FIGURE_PLACEHOLDERS})`,
    ).run(
      input.runId,
      input.project,
      input.mode,
      input.startedAt,
      input.endedAt,
      input.reason,
      folder,
      stamp,
      git?.commit ?? null,
      git?.branch ?? null,
      git === null ? null : git.dirty ? 1 : 0,
      input.provenance?.configHash ?? null,
      JSON.stringify(input.provenance?.datasets ?? []),
      ...figureValues(figures.run),
    )
    const insertGroup = this.#statement(
      `INSERT INTO groups (run_id, scope, group_key, dataset, provider, model, variant, category, ${FIGURE_SQL_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${FIGURE_PLACEHOLDERS})`,
    )
    const insertOutcomes = this.#statement('INSERT INTO outcomes (run_id, group_key, data) VALUES (?, ?, ?)')
    // in key order: the same records in another order give the same rows, and new case keys their ids in the same order
    const groups = figures.groups.map((g) => ({ g, key: groupKey(g) })).sort((a, b) => compare(a.key, b.key))
    const { caseIds } = figures
    const keyIdOf = new Uint32Array(caseIds.length)
    const firstSeen: number[] = []
    const seen = new Uint8Array(caseIds.length)
    for (const { g } of groups) {
      if (g.outcomes === null) continue
      for (const id of g.outcomes.caseId) if (seen[id] === 0) (seen[id] = 1), firstSeen.push(id)
    }
    const keyIds = this.#keyIdsOf(firstSeen.map((id) => caseIds[id] as string))
    firstSeen.forEach((id, i) => (keyIdOf[id] = keyIds[i] as number))
    for (const { g, key } of groups) {
      insertGroup.run(input.runId, g.scope, key, g.dataset, g.provider, g.model, g.variant, g.category, ...figureValues(g.figures))
      if (g.outcomes !== null) insertOutcomes.run(input.runId, key, packOutcomeColumns(g.outcomes.caseId, keyIdOf, g.outcomes))
    }
  }

  /**
   * The interned number of each of these distinct case ids (one row per
   * distinct case id across all runs), new ones numbered in the order given.
   * Two statements for all of them (the ids looked up, the new ones
   * inserted), the case ids passed as one JSON array, not one statement a
   * case id. Runs inside the write transaction: no other writer numbers case
   * keys meanwhile.
   */
  #keyIdsOf(keys: readonly string[]): number[] {
    const ids = keys.map((key) => this.#keyIds.get(key) ?? 0)
    // remembered from a store's second run on (sync indexing many folders): a run's end indexes one run and closes
    const remember = this.#runsIndexed++ > 0
    const learn = (at: number, id: number): void => {
      const key = keys[at] as string
      ids[at] = id
      if (remember) this.#keyIds.set(key, id)
      // the id → key map, once read, stays whole (caseOutcomes reads it)
      this.#keys?.set(id, key)
    }
    const wanted: number[] = []
    let wellFormed = true
    ids.forEach((id, at) => {
      if (id !== 0) return
      wanted.push(at)
      if (!(keys[at] as string).isWellFormed()) wellFormed = false
    })
    if (wanted.length === 0) return ids
    // a string with a lone surrogate would not survive the JSON round trip as a bound string does: then one statement each, in order
    if (!wellFormed) {
      for (const at of wanted) learn(at, this.#keyId(keys[at] as string))
      return ids
    }
    const last = this.#statement('SELECT max(id) AS id FROM case_keys').get()?.id
    const largest = last === null || last === undefined ? 0 : Number(last)
    let missing = wanted
    if (largest > 0) {
      const row = this.#statement("SELECT group_concat(coalesce(c.id, 0), ',' ORDER BY j.key) AS ids FROM json_each(?) j LEFT JOIN case_keys c ON c.key = j.value").get(JSON.stringify(wanted.map((at) => keys[at])))
      const found = String(row?.ids).split(',')
      if (found.length !== wanted.length) throw new Error(`${this.file}: ${found.length} case key ids read for ${wanted.length} case keys`)
      missing = []
      wanted.forEach((at, i) => {
        const id = Number(found[i])
        if (id > 0) learn(at, id)
        else missing.push(at)
      })
    }
    if (missing.length === 0) return ids
    // rows inserted in the array's order, each numbered one more than the largest id so far (SQLite's rowid rule)
    const done = this.#statement('INSERT INTO case_keys (key) SELECT j.value FROM json_each(?) j ORDER BY j.key').run(JSON.stringify(missing.map((at) => keys[at])))
    const next = this.#statement('SELECT max(id) AS id FROM case_keys').get()?.id
    if (Number(done.changes) !== missing.length || Number(next) !== largest + missing.length) {
      throw new Error(`${this.file}: ${missing.length} new case keys did not get the ids ${largest + 1}..${largest + missing.length} (${done.changes} inserted, largest id now ${next})`)
    }
    missing.forEach((at, i) => learn(at, largest + 1 + i))
    return ids
  }

  /** One case id's interned number, by one statement. */
  #keyId(key: string): number {
    const row = this.#statement('INSERT INTO case_keys (key) VALUES (?) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id').get(key)
    return Number(row?.id)
  }

  /** Drops a run's rows. */
  removeRun(runId: string): void {
    this.#transaction(() => this.#statement('DELETE FROM runs WHERE id = ?').run(runId))
  }

  /**
   * Brings the index in line with the run folders: each folder with a
   * results.json not indexed yet, or changed since, is indexed; a run whose
   * folder is gone is dropped. A folder that cannot be read is named in
   * `problems` and left out.
   */
  sync(): SyncReport {
    const report: SyncReport = { indexed: [], removed: [], problems: [] }
    const known = new Map<string, { id: string; stamp: string }>()
    for (const row of this.#statement('SELECT id, folder, source_stamp FROM runs').all()) known.set(String(row.folder), { id: String(row.id), stamp: String(row.source_stamp) })
    const present = new Set<string>()
    for (const folder of runFolderNames(this.outputDir)) {
      present.add(folder)
      const dir = join(this.outputDir, folder)
      const stamp = sourceStamp(dir)
      if (stamp === null || known.get(folder)?.stamp === stamp) continue
      try {
        this.indexRun(readRunFolder(dir), folder, stamp)
        report.indexed.push(folder)
      } catch (error) {
        report.problems.push((error as Error).message.split('\n').join(' '))
      }
    }
    for (const [folder, { id }] of known) {
      if (present.has(folder)) continue
      this.removeRun(id)
      report.removed.push(id)
    }
    return report
  }

  /** Every row dropped and the index made again from the run folders (what `history reindex` does). */
  reindex(): SyncReport {
    this.#transaction(() => this.#db.exec('DELETE FROM runs; DELETE FROM case_keys;'))
    this.#keyIds.clear()
    this.#keys = null
    return this.sync()
  }

  /** Runs in time order (oldest first); with `last`, the latest N. */
  listRuns(query: RunQuery = {}): HistoryRun[] {
    const where: string[] = []
    const params: SQLInputValue[] = []
    if (query.project !== undefined) where.push('project = ?'), params.push(query.project)
    if (query.dataset !== undefined || query.provider !== undefined) {
      const inner = ["g.run_id = runs.id", "g.scope = 'all'"]
      if (query.dataset !== undefined) inner.push('g.dataset = ?'), params.push(query.dataset)
      if (query.provider !== undefined) inner.push('g.provider = ?'), params.push(query.provider)
      where.push(`EXISTS (SELECT 1 FROM groups g WHERE ${inner.join(' AND ')})`)
    }
    const sql = `SELECT * FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC ${limit(query.last, params)}`
    const rows = this.#db.prepare(sql).all(...params).map((row) => RunRowSchema.parse(row))
    return rows.reverse().map((row) => this.#run(row))
  }

  /** One run by id; null when not indexed. */
  getRun(runId: string): HistoryRun | null {
    const row = this.#statement('SELECT * FROM runs WHERE id = ?').get(runId)
    return row ? this.#run(RunRowSchema.parse(row)) : null
  }

  /** Per run × group points in time order (per dataset × provider × model × variant, or per category with `byCategory`). */
  trend(query: TrendQuery = {}): TrendPoint[] {
    const where = ['g.scope = ?']
    const params: SQLInputValue[] = [query.byCategory ? 'category' : 'all']
    if (query.project !== undefined) where.push('r.project = ?'), params.push(query.project)
    if (query.dataset !== undefined) where.push('g.dataset = ?'), params.push(query.dataset)
    if (query.provider !== undefined) where.push('g.provider = ?'), params.push(query.provider)
    if (query.model !== undefined) where.push('g.model = ?'), params.push(query.model)
    if (query.variant !== undefined) where.push('g.variant = ?'), params.push(query.variant)
    let runFilter = ''
    if (query.last !== undefined) {
      // the latest N runs that have such a group
      runFilter = ` AND r.id IN (SELECT r2.id FROM runs r2 JOIN groups g2 ON g2.run_id = r2.id WHERE ${where.join(' AND ').replaceAll('g.', 'g2.').replaceAll('r.', 'r2.')} GROUP BY r2.id ORDER BY r2.started_at DESC, r2.id DESC LIMIT ?)`
      params.push(...params.slice(), Math.max(0, Math.floor(query.last)))
    }
    const sql = `SELECT g.*, r.project AS r_project, r.started_at AS r_started_at, r.git_commit AS r_commit, r.git_branch AS r_branch
      FROM groups g JOIN runs r ON r.id = g.run_id WHERE ${where.join(' AND ')}${runFilter}
      ORDER BY r.started_at, r.id, g.dataset, g.provider, g.model, g.variant, g.category`
    return this.#db
      .prepare(sql)
      .all(...params)
      .map((row) => {
        const group = GroupRowSchema.parse(row)
        return {
          ...groupOf(group),
          runId: group.run_id,
          project: String(row.r_project),
          startedAt: String(row.r_started_at),
          commit: row.r_commit === null ? null : String(row.r_commit),
          branch: row.r_branch === null ? null : String(row.r_branch),
          figures: figuresOfRow(group),
        }
      })
  }

  /** The groups (scope 'all') of a run. */
  groups(runId: string): HistoryGroup[] {
    return this.#statement("SELECT * FROM groups WHERE run_id = ? AND scope = 'all' ORDER BY group_key").all(runId).map((row) => groupOf(GroupRowSchema.parse(row)))
  }

  /** Each case's outcome in a run, per group (dataset × provider × model × variant), sorted by group then case id; only the groups `group` names. */
  caseOutcomes(runId: string, group: GroupQuery = {}): HistoryCaseOutcome[] {
    const out: HistoryCaseOutcome[] = []
    const keys = this.#allKeys()
    const rows = this.#statement("SELECT g.dataset, g.provider, g.model, g.variant, o.data FROM outcomes o JOIN groups g ON g.run_id = o.run_id AND g.group_key = o.group_key WHERE o.run_id = ? ORDER BY o.group_key").all(runId)
    for (const row of rows) {
      const labels = { dataset: String(row.dataset), provider: String(row.provider), model: String(row.model), variant: row.variant === null ? null : String(row.variant) }
      if (group.dataset !== undefined && group.dataset !== labels.dataset) continue
      if (group.provider !== undefined && group.provider !== labels.provider) continue
      if (group.model !== undefined && group.model !== labels.model) continue
      if (group.variant !== undefined && group.variant !== labels.variant) continue
      for (const o of unpackOutcomes(row.data as Uint8Array)) {
        const caseId = keys.get(o.keyId)
        if (caseId === undefined) throw new Error(`${this.file}: case key ${o.keyId} of run ${runId} is missing (run \`llm-test-bench history reindex\`)`)
        out.push({ ...labels, caseId, passes: o.passes, trials: o.trials, errors: o.errors })
      }
    }
    return out
  }

  /**
   * The cases of `after` that ran in `before` too (same group, same case id),
   * counted without making an object per case: how many, and how many went
   * from passing to failing and back (a case passes in a run when it passed in
   * a strict majority of its samples there).
   */
  pairOutcomes(before: string, after: string, group: GroupQuery = {}): { overlapping: number; newlyFailing: number; newlyPassing: number } {
    const earlier = this.#packedByGroup(before, group)
    let overlapping = 0
    let newlyFailing = 0
    let newlyPassing = 0
    for (const [key, current] of this.#packedByGroup(after, group)) {
      const baseline = earlier.get(key)
      if (!baseline) continue
      // case key id → its baseline outcome's position, in a typed array (ids are small whole numbers)
      let max = 0
      for (const o of baseline) if (o.keyId > max) max = o.keyId
      const at = new Int32Array(max + 1).fill(-1)
      baseline.forEach((o, i) => (at[o.keyId] = i))
      for (const o of current) {
        const i = o.keyId <= max ? (at[o.keyId] as number) : -1
        if (i < 0 || o.trials === 0) continue
        const b = baseline[i] as { passes: number; trials: number }
        if (b.trials === 0) continue
        overlapping++
        const passedBefore = b.passes * 2 > b.trials
        const passesNow = o.passes * 2 > o.trials
        if (passedBefore && !passesNow) newlyFailing++
        if (!passedBefore && passesNow) newlyPassing++
      }
    }
    return { overlapping, newlyFailing, newlyPassing }
  }

  /** A run's packed outcomes per group key, for the groups `group` names. */
  #packedByGroup(runId: string, group: GroupQuery): Map<string, ReturnType<typeof unpackOutcomes>> {
    // a table compares each run with the one before it: the last few runs read are kept
    const cacheKey = JSON.stringify([runId, group.dataset, group.provider, group.model, group.variant])
    const cached = this.#packed.get(cacheKey)
    if (cached) return cached
    const out = new Map<string, ReturnType<typeof unpackOutcomes>>()
    this.#packed.set(cacheKey, out)
    if (this.#packed.size > 4) this.#packed.delete(this.#packed.keys().next().value as string)
    const rows = this.#statement('SELECT g.group_key, g.dataset, g.provider, g.model, g.variant, o.data FROM outcomes o JOIN groups g ON g.run_id = o.run_id AND g.group_key = o.group_key WHERE o.run_id = ?').all(runId)
    for (const row of rows) {
      if (group.dataset !== undefined && group.dataset !== row.dataset) continue
      if (group.provider !== undefined && group.provider !== row.provider) continue
      if (group.model !== undefined && group.model !== row.model) continue
      if (group.variant !== undefined && group.variant !== row.variant) continue
      out.set(String(row.group_key), unpackOutcomes(row.data as Uint8Array))
    }
    return out
  }

  #allKeys(): Map<number, string> {
    if (!this.#keys) {
      this.#keys = new Map()
      for (const row of this.#statement('SELECT id, key FROM case_keys').all()) this.#keys.set(Number(row.id), String(row.key))
    }
    return this.#keys
  }

  #run(row: RunRow): HistoryRun {
    return {
      id: row.id,
      project: row.project,
      mode: row.mode,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      reason: row.reason,
      folder: join(this.outputDir, row.folder),
      git: row.git_commit === null ? null : { commit: row.git_commit, branch: row.git_branch, dirty: row.git_dirty === 1 },
      configHash: row.config_hash,
      datasets: DatasetHashesSchema.parse(JSON.parse(row.datasets)),
      figures: figuresOfRow(row),
    }
  }
}

/** The version in `meta`; null when the file has no tables yet. */
function readVersion(db: Database): number | null {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get()
  if (!table) return null
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get()
  return row ? Number(row.value) : -1
}

/** Folder names under outputDir that hold a results.json (a run folder, finished or interrupted). */
function runFolderNames(outputDir: string): string[] {
  let entries
  try {
    entries = readdirSync(outputDir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(outputDir, e.name, 'results.json')))
    .map((e) => e.name)
    .sort()
}

function limit(last: number | undefined, params: SQLInputValue[]): string {
  if (last === undefined) return ''
  params.push(Math.max(0, Math.floor(last)))
  return 'LIMIT ?'
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function groupKey(g: HistoryGroup): string {
  return JSON.stringify([g.scope, g.dataset, g.provider, g.model, g.variant, g.category])
}

function groupOf(row: GroupRow): HistoryGroup {
  return { scope: row.scope, dataset: row.dataset, provider: row.provider, model: row.model, variant: row.variant, category: row.category }
}

const FIGURE_SQL_COLUMNS = 'cases, samples, passed, failed, errored, timed_out, skipped, pass_rate, pass_rate_lower, pass_rate_upper, interval_method, e2e_p50, e2e_p95, ttft_p50, ttft_p95, input_tokens, output_tokens, cost, cost_known, cost_unknown'
const FIGURE_PLACEHOLDERS = FIGURE_SQL_COLUMNS.split(',').map(() => '?').join(', ')

function figureValues(f: Figures): SQLInputValue[] {
  return [f.cases, f.samples, f.passed, f.failed, f.errored, f.timedOut, f.skipped, f.passRate, f.passRateLower, f.passRateUpper, f.intervalMethod, f.e2eP50, f.e2eP95, f.ttftP50, f.ttftP95, f.inputTokens, f.outputTokens, f.cost, f.costKnown, f.costUnknown]
}

function figuresOfRow(row: RunRow | GroupRow): Figures {
  return {
    cases: row.cases,
    samples: row.samples,
    passed: row.passed,
    failed: row.failed,
    errored: row.errored,
    timedOut: row.timed_out,
    skipped: row.skipped,
    passRate: row.pass_rate,
    passRateLower: row.pass_rate_lower,
    passRateUpper: row.pass_rate_upper,
    intervalMethod: row.interval_method,
    e2eP50: row.e2e_p50,
    e2eP95: row.e2e_p95,
    ttftP50: row.ttft_p50,
    ttftP95: row.ttft_p95,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cost: row.cost,
    costKnown: row.cost_known,
    costUnknown: row.cost_unknown,
  }
}
