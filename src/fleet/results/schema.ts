import { z } from 'zod'
import { FleetHostSystemSchema } from './host-samples.ts'
import { StatsSchema } from '../../report/results-schema.ts'

/**
 * `fleet-results.json`: the aggregated results of one fleet run. The single
 * source of truth of the format; written with sorted keys and a stable order
 * (repositories, providers, scenarios and categories in code-unit order).
 * Durations are end-to-end case times (`timings.e2eMs`), ms. A cost is null
 * when no record of it had a price (never 0 for an unknown price); the
 * `costUnknown` counts say how many records had output but no price.
 */

export const FLEET_RESULTS_VERSION = 1

const Rate = z.number().min(0).max(1).nullable()
const Ms = z.number().nullable()

/** The 19 fleet metrics of the seed, then ours. */
export const FleetSummarySchema = z.object({
  totalRepositories: z.int().min(0),
  /** Records (a bench sample is one test). */
  totalTests: z.int().min(0),
  totalSucceeded: z.int().min(0),
  /** Status `failed` or `error`. */
  totalFailed: z.int().min(0),
  totalTimeout: z.int().min(0),
  totalSkipped: z.int().min(0),
  /** totalSucceeded / totalTests (the seed's formula: skipped tests count); null for no tests. */
  successRate: Rate,
  avgDurationMs: Ms,
  p50DurationMs: Ms,
  p95DurationMs: Ms,
  p99DurationMs: Ms,
  minDurationMs: Ms,
  maxDurationMs: Ms,
  /** Input + output tokens of every record with usage. */
  totalTokens: z.number().min(0),
  /** totalTokens / totalTests. */
  avgTokensPerRequest: z.number().nullable(),
  /** Sum of known costs, USD; null when none was known and some were not. */
  totalCost: z.number().nullable(),
  avgCostPerRepository: z.number().nullable(),
  avgTestsPerRepository: z.number().nullable(),
  /** First record's start to last record's end, ms. */
  totalDurationMs: Ms,
  // ours
  ttftP50Ms: Ms,
  ttftP95Ms: Ms,
  tpotP50Ms: Ms,
  tpotP95Ms: Ms,
  /** Output tokens of records that made a call (not replayed) per second of totalDurationMs. */
  outputTokensPerSecond: z.number().nullable(),
  /** Records with a price. */
  costKnown: z.int().min(0),
  /** Records with output but no price (their cost is not in totalCost). */
  costUnknown: z.int().min(0),
  /** Error class → records (status failed/error/timeout with an error). */
  errorsByClass: z.record(z.string(), z.int().min(0)),
  /** Cells (repository × provider × scenario) that did not run. */
  cellsNotRun: z.int().min(0),
})

export const FleetGateSchema = z.object({
  gate: z.string(),
  limit: z.number(),
  actual: z.number().nullable(),
  pass: z.boolean(),
  detail: z.string(),
})

export const FleetGatesSchema = z.object({
  /** null when the manifest sets no gate the fleet applies. */
  pass: z.boolean().nullable(),
  applied: z.array(FleetGateSchema),
  /** Gates set in the manifest that need something a fleet aggregate has not (a baseline, load profiles, client health). */
  notApplied: z.array(z.object({ gate: z.string(), why: z.string() })),
})

export const FleetProviderSchema = z.object({
  provider: z.string(),
  repositoryCount: z.int().min(0),
  totalTests: z.int().min(0),
  totalSucceeded: z.int().min(0),
  successRate: Rate,
  /** Mean matcher score over every evaluation (quality). */
  meanScore: z.number().nullable(),
  totalTokens: z.number().min(0),
  totalCost: z.number().nullable(),
  costUnknown: z.int().min(0),
  p50DurationMs: Ms,
  p95DurationMs: Ms,
  ttftP50Ms: Ms,
})

export const FleetRepositoryResultSchema = z.object({
  repoId: z.string(),
  /** Every run metric (as a run's results.json summary), over the repository's records. */
  stats: StatsSchema,
})

export const FleetCategorySchema = z.object({
  category: z.string(),
  totalTests: z.int().min(0),
  totalSucceeded: z.int().min(0),
  successRate: Rate,
  avgDurationMs: Ms,
})

export const FleetGridCellSchema = z.object({
  repoId: z.string(),
  provider: z.string(),
  totalTests: z.int().min(0),
  totalSucceeded: z.int().min(0),
  successRate: Rate,
  /** Scenarios of this pair that did not run. */
  cellsNotRun: z.int().min(0),
})

export const FleetCellSchema = z.object({
  repoId: z.string(),
  provider: z.string(),
  scenario: z.string(),
  projectName: z.string(),
  /** `ran`, or `not-run` with `failure` saying why. */
  status: z.enum(['ran', 'not-run']),
  failure: z.string().nullable(),
  /** The cell's folder, relative to the run folder (`repo/provider/scenario`, names made safe); null when not run. */
  folder: z.string().nullable(),
  totalTests: z.int().min(0),
  totalSucceeded: z.int().min(0),
  successRate: Rate,
  p50DurationMs: Ms,
  totalCost: z.number().nullable(),
})

export const FleetFailingCaseSchema = z.object({
  repoId: z.string(),
  provider: z.string(),
  scenario: z.string(),
  dataset: z.string(),
  caseId: z.string(),
  status: z.string(),
  errorClass: z.string().nullable(),
  message: z.string().nullable(),
})

export const FleetResultsSchema = z.object({
  version: z.literal(FLEET_RESULTS_VERSION),
  runId: z.string(),
  fleetId: z.string(),
  manifestVersion: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  summary: FleetSummarySchema,
  gates: FleetGatesSchema,
  byProvider: z.array(FleetProviderSchema),
  byRepository: z.array(FleetRepositoryResultSchema),
  byCategory: z.array(FleetCategorySchema),
  grid: z.array(FleetGridCellSchema),
  cells: z.array(FleetCellSchema),
  /** Hosts that ran cases (records' `host`), with their record counts. */
  hosts: z.array(z.object({ host: z.string(), tests: z.int().min(0), /** CPU, memory and GPU of the host while its cells ran (their runs' system samples); null when none were taken. */ system: FleetHostSystemSchema.nullable().optional() })),
  /** The first failing cases (at most FAILING_CASES_LIMIT), in cell order; `failingCasesTotal` counts all. */
  failingCases: z.array(FleetFailingCaseSchema),
  failingCasesTotal: z.int().min(0),
})

export const FAILING_CASES_LIMIT = 200

export type FleetResults = z.infer<typeof FleetResultsSchema>
export type FleetSummary = z.infer<typeof FleetSummarySchema>
export type FleetGates = z.infer<typeof FleetGatesSchema>
export type FleetGate = z.infer<typeof FleetGateSchema>
export type FleetProviderResult = z.infer<typeof FleetProviderSchema>
export type FleetRepositoryResult = z.infer<typeof FleetRepositoryResultSchema>
export type FleetCategoryResult = z.infer<typeof FleetCategorySchema>
export type FleetGridCell = z.infer<typeof FleetGridCellSchema>
export type FleetCell = z.infer<typeof FleetCellSchema>
export type FleetFailingCase = z.infer<typeof FleetFailingCaseSchema>
