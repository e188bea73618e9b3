import { z } from 'zod'

/**
 * The data `history.html` embeds (one JSON block, drawn by the page's own
 * script): the single source of truth for the page's format; the types are
 * derived with `z.infer`. Points name their run by its index in `runs`
 * (1,000 runs × 20 groups: 20,000 points; a run id each would add ~0.7 MB).
 */

const rate = z.number().min(0).max(1)
const nullableNumber = z.number().nullable()

/** One run, oldest first. */
export const HistoryPageRunSchema = z.object({
  id: z.string(),
  project: z.string(),
  /** ISO 8601. */
  startedAt: z.string(),
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  /** The working tree had uncommitted changes; null when unknown. */
  dirty: z.boolean().nullable(),
  /** The run's report.html relative to history.html's folder ('/' separators, each segment URI-encoded); null when the file does not exist. */
  report: z.string().nullable(),
  cases: z.int().min(0),
  passRate: rate.nullable(),
})

/** One run of one series. */
export const HistoryPointSchema = z.object({
  /** Index into `runs`. */
  r: z.int().min(0),
  passRate: rate.nullable(),
  /** The pass rate's 95% interval (Wilson over the cases that ran). */
  lower: rate.nullable(),
  upper: rate.nullable(),
  p95E2eMs: nullableNumber,
  /** USD of the group's records with a known price; null when none had one. */
  costUsd: nullableNumber,
  cases: z.int().min(0),
})

/** The paired change of a group from one run to the next (mid-p McNemar on the cases both ran). */
export const HistoryChangeSchema = z.object({
  overlapping: z.int().min(0),
  newlyFailing: z.int().min(0),
  newlyPassing: z.int().min(0),
  pValue: z.number().min(0).max(1),
  /** Set only when the change is significant (p < 0.05). */
  verdict: z.enum(['regressed', 'improved']).nullable(),
})

/** A dataset × provider (× variant) over the runs it was in, oldest first. */
export const HistorySeriesSchema = z.object({
  dataset: z.string(),
  provider: z.string(),
  /** The model(s) of the latest point. */
  model: z.string(),
  variant: z.string().nullable(),
  points: z.array(HistoryPointSchema),
  /** The latest point's paired change from the point before; null when not known (no index, one point, no overlapping case). */
  latestChange: HistoryChangeSchema.nullable(),
})

/** The latest run of one provider/model: the model comparison's row. */
export const HistoryModelRowSchema = z.object({
  provider: z.string(),
  model: z.string(),
  /** Index into `runs`. */
  r: z.int().min(0),
  passRate: rate.nullable(),
  lower: rate.nullable(),
  upper: rate.nullable(),
  p50E2eMs: nullableNumber,
  p95E2eMs: nullableNumber,
  costUsd: nullableNumber,
  cases: z.int().min(0),
  datasets: z.array(z.string()),
})

export const HistoryPageSchema = z.object({
  /** ISO 8601: when the page was written. */
  generatedAt: z.string(),
  /** The projects whose runs are shown. */
  projects: z.array(z.string()),
  runs: z.array(HistoryPageRunSchema),
  series: z.array(HistorySeriesSchema),
  models: z.array(HistoryModelRowSchema),
})

export type HistoryPageRun = z.infer<typeof HistoryPageRunSchema>
export type HistoryPoint = z.infer<typeof HistoryPointSchema>
export type HistoryChange = z.infer<typeof HistoryChangeSchema>
export type HistorySeries = z.infer<typeof HistorySeriesSchema>
export type HistoryModelRow = z.infer<typeof HistoryModelRowSchema>
export type HistoryPage = z.infer<typeof HistoryPageSchema>
