import type * as Sqlite from 'node:sqlite'

export type SqliteModule = typeof Sqlite
export type Database = Sqlite.DatabaseSync

/**
 * `node:sqlite`, loaded only when the history is used: Node 22.13+ and 24 have
 * it; Node 20 has none (and 22.5–22.12 only behind a flag). Returns why not
 * instead of throwing, so a run on such a Node goes on without its index.
 */
export function loadSqlite(): SqliteModule | string {
  let sqlite: SqliteModule | undefined
  try {
    sqlite = process.getBuiltinModule('node:sqlite') as SqliteModule | undefined
  } catch {
    sqlite = undefined
  }
  return sqlite?.DatabaseSync ? sqlite : `node:sqlite is not available in Node ${process.versions.node} (the run history needs Node 22.13 or later)`
}
