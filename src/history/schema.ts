import { z } from 'zod'

/**
 * The history index's tables (`<outputDir>/history.sqlite`). A change to any
 * of them bumps SCHEMA_VERSION: an index of another version is rebuilt from
 * the run folders, which stay the source of truth.
 */
export const SCHEMA_VERSION = 1

/** The figures columns a run and a group share (see figures.ts). */
const FIGURE_COLUMNS = `
  cases INTEGER NOT NULL, samples INTEGER NOT NULL, passed INTEGER NOT NULL, failed INTEGER NOT NULL,
  errored INTEGER NOT NULL, timed_out INTEGER NOT NULL, skipped INTEGER NOT NULL,
  pass_rate REAL, pass_rate_lower REAL, pass_rate_upper REAL, interval_method TEXT,
  e2e_p50 REAL, e2e_p95 REAL, ttft_p50 REAL, ttft_p95 REAL,
  input_tokens INTEGER NOT NULL, output_tokens INTEGER NOT NULL,
  cost REAL NOT NULL, cost_known INTEGER NOT NULL, cost_unknown INTEGER NOT NULL`

export const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY,
  project TEXT NOT NULL, mode TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT NOT NULL, reason TEXT NOT NULL,
  folder TEXT NOT NULL, source_stamp TEXT NOT NULL,
  git_commit TEXT, git_branch TEXT, git_dirty INTEGER, config_hash TEXT, datasets TEXT NOT NULL,
  ${FIGURE_COLUMNS}
);
CREATE INDEX IF NOT EXISTS runs_by_project ON runs (project, started_at);
CREATE TABLE IF NOT EXISTS groups (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  scope TEXT NOT NULL, group_key TEXT NOT NULL,
  dataset TEXT NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL, variant TEXT, category TEXT,
  ${FIGURE_COLUMNS},
  PRIMARY KEY (run_id, group_key)
);
CREATE TABLE IF NOT EXISTS outcomes (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  group_key TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (run_id, group_key)
);
CREATE INDEX IF NOT EXISTS groups_by_series ON groups (dataset, provider, scope);
CREATE TABLE IF NOT EXISTS case_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
`

const count = z.number().int().min(0)
const real = z.number().nullable()

/** The figures as read back from a row. */
const FiguresRow = {
  cases: count,
  samples: count,
  passed: count,
  failed: count,
  errored: count,
  timed_out: count,
  skipped: count,
  pass_rate: real,
  pass_rate_lower: real,
  pass_rate_upper: real,
  interval_method: z.enum(['wilson', 'clustered']).nullable(),
  e2e_p50: real,
  e2e_p95: real,
  ttft_p50: real,
  ttft_p95: real,
  input_tokens: z.number().min(0),
  output_tokens: z.number().min(0),
  cost: z.number(),
  cost_known: count,
  cost_unknown: count,
}

/** A `runs` row as SQLite returns it. */
export const RunRowSchema = z.object({
  id: z.string(),
  project: z.string(),
  mode: z.string(),
  started_at: z.string(),
  ended_at: z.string(),
  reason: z.string(),
  folder: z.string(),
  git_commit: z.string().nullable(),
  git_branch: z.string().nullable(),
  git_dirty: z.number().int().nullable(),
  config_hash: z.string().nullable(),
  datasets: z.string(),
  ...FiguresRow,
})

/** A `groups` row as SQLite returns it (without its outcomes). */
export const GroupRowSchema = z.object({
  run_id: z.string(),
  scope: z.enum(['all', 'category']),
  dataset: z.string(),
  provider: z.string(),
  model: z.string(),
  variant: z.string().nullable(),
  category: z.string().nullable(),
  ...FiguresRow,
})

/** `runs.datasets`: the dataset files and their sha256, as results.json's provenance has them. */
export const DatasetHashesSchema = z.array(z.object({ file: z.string(), sha256: z.string() }))

export type RunRow = z.infer<typeof RunRowSchema>
export type GroupRow = z.infer<typeof GroupRowSchema>
