import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { SystemReport } from '../metrics/system/types.ts'
import { ClientHealthReportSchema } from '../metrics/client-health/schema.ts'
import type { Distribution } from '../metrics/percentile.ts'
import { CaseRecordSchema, VariantSetSchema } from '../record/schema.ts'
import type { GateReport } from './gates/types.ts'
import { LoadReportSchema } from './load/schema.ts'
import { RepeatGroupSchema } from './repeats/schema.ts'
import { BootstrapIntervalSchema, PercentileIntervalsSchema, RateIntervalSchema } from './intervals/schema.ts'
import { PairedVerdictSchema } from './intervals/paired-schema.ts'

/**
 * The format of `results.json`: the single source of truth for `RunResults`
 * and everything in it; the TypeScript types are derived with `z.infer`.
 */

const count = z.int().min(0)
/** Token sums: counts, never negative. */
const tokens = z.number().min(0)
const nullableNumber = z.number().nullable()

/** min, mean, p50/p90/p95/p99 (numpy-linear) and max of a set of values; all null for an empty set. */
export const DistributionSchema = z.object({
  count,
  min: nullableNumber,
  mean: nullableNumber,
  p50: nullableNumber,
  p90: nullableNumber,
  p95: nullableNumber,
  p99: nullableNumber,
  max: nullableNumber,
})

/** USD. `total` sums the records with a known cost (`known` of them); `unknown` had no price and are never counted as 0. */
export const CostSchema = z.object({
  total: z.number(),
  known: count,
  unknown: count,
})

/** One matcher over a set of records. */
export const ScoreStatsSchema = z.object({
  mean: z.number(),
  count,
  passed: count,
  /** 95% seeded bootstrap interval of `mean` over the evaluations; null under 2; absent in older results. */
  meanInterval: BootstrapIntervalSchema.nullable().optional(),
})

/** An LLM judge's own usage (toSatisfyRubric's `details.judge`), apart from the model under test. */
export const JudgeStatsSchema = z.object({
  /** Evaluations that called a judge. */
  evaluations: count,
  /** Judge calls (an invalid verdict is asked for again). */
  calls: count,
  /** Sums over the evaluations whose judge reported counts. */
  inputTokens: tokens,
  outputTokens: tokens,
  cost: CostSchema,
})

/** Quality, latency, token and cost numbers of a set of case records. */
export const StatsSchema = z.object({
  /** Distinct cases (dataset, case id, provider). */
  cases: count,
  /** Records: one per case, or one per sample in bench mode. */
  samples: count,
  passed: count,
  failed: count,
  errored: count,
  timedOut: count,
  skipped: count,
  /** passed / (passed + failed + errored + timed out); null when nothing ran. */
  passRate: z.number().min(0).max(1).nullable(),
  /** 95% interval of `passRate` (Wilson, or clustered by case when a case has several records); null when nothing ran; absent in older results. */
  passRateInterval: RateIntervalSchema.nullable().optional(),
  /** Per matcher name: mean score (0..1), evaluations, passing evaluations. */
  scores: z.record(z.string(), ScoreStatsSchema),
  /** Request sent → end of response. */
  e2eMs: DistributionSchema,
  /** Request sent → first streamed chunk (streamed requests only). */
  ttftMs: DistributionSchema,
  /** 95% seeded bootstrap intervals of `e2eMs.p50` and `.p95`; absent in older results. */
  e2eMsInterval: PercentileIntervalsSchema.optional(),
  /** 95% seeded bootstrap intervals of `ttftMs.p50` and `.p95`; absent in older results. */
  ttftMsInterval: PercentileIntervalsSchema.optional(),
  /** (E2E − TTFT) / (output tokens − 1), per request. */
  tpotMs: DistributionSchema,
  /** Every inter-token gap of every streamed request, pooled. */
  itlMs: DistributionSchema,
  /** Wait for a concurrency/rate-limit slot before the request was sent. */
  queueMs: DistributionSchema,
  tokens: z.object({ input: tokens, output: tokens, total: tokens, recordsWithoutUsage: count }),
  cost: CostSchema,
  judge: JudgeStatsSchema,
  /** Provider calls over all records (0 for a replayed one). */
  attempts: count,
  /** Attempts beyond the first, over all records. */
  retries: count,
  /** Records answered from recordings or the cache (no call made). */
  replayed: count,
  /** Time calls were in flight: the union of the send → last-token intervals of the records that made a call (pauses between them, e.g. a resume, excluded); null when none did. */
  wallMs: nullableNumber,
  /** Output tokens of the records that made a call / wallMs (vLLM's output throughput). */
  outputTokensPerSecond: nullableNumber,
  /** Completed requests that made a call / wallMs. */
  requestsPerSecond: nullableNumber,
})

/** A group of records and its numbers; the labels say which group. */
export const BreakdownSchema = z.object({
  dataset: z.string().optional(),
  provider: z.string().optional(),
  /** The model(s), comma-separated when a group has several. */
  model: z.string().optional(),
  category: z.string().optional(),
  /** byModel: the providers that served the model. */
  providers: z.array(z.string()).optional(),
  /** The dataset's prompt variant (`variants:`): byVariant, and byDatasetProvider when the dataset has variants. */
  variant: z.string().optional(),
  stats: StatsSchema,
})

/** Bench mode: how one case's samples on one provider spread. */
export const CaseSpreadSchema = z.object({
  dataset: z.string(),
  caseId: z.string(),
  provider: z.string(),
  model: z.string(),
  samples: count,
  passed: count,
  e2eMs: DistributionSchema,
  ttftMs: DistributionSchema,
  /** Coefficient of variation of E2E: population standard deviation / mean; null under 2 timed samples. */
  e2eCv: nullableNumber,
})

/** A dataset file that could not be loaded: it ran no case. */
export const DatasetFailureSchema = z.object({
  file: z.string(),
  message: z.string(),
})

/** A value typed as T whose key fields `shape` checks; its problems keep their field paths. */
function shaped<T>(shape: z.ZodType): z.ZodType<T> {
  return z.custom<T>().superRefine((value, ctx) => {
    const result = shape.safeParse(value)
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
  })
}

/** `system` (type: SystemReport, src/metrics/system/types.ts): its key fields checked, the rest kept as is. */
const SystemReportSchema = shaped<SystemReport>(
  z.looseObject({
    gpuUnavailable: z.string().nullable(),
    hosts: z.array(z.string()),
    gpus: z.array(z.looseObject({ index: z.number(), name: z.string(), host: z.string() })),
    gpu: z.looseObject({}),
    host: z.looseObject({}),
    byProvider: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string()),
    samples: z.looseObject({ gpu: z.array(z.unknown()), host: z.array(z.unknown()) }),
  }),
)

/** `gates` (type: GateReport, src/report/gates/types.ts): its key fields checked, the rest kept as is. */
const GateReportSchema = shaped<GateReport>(
  z.looseObject({
    baseline: z.looseObject({ paired: z.array(PairedVerdictSchema).optional() }).nullable(),
    baselineNote: z.string().nullable(),
    gates: z.array(z.looseObject({ gate: z.string(), passed: z.boolean(), message: z.string() })),
    passed: z.boolean(),
  }),
)

/** Where a run came from (src/report/provenance.ts): what the history index and `compare` pair runs by. */
export const ProvenanceSchema = z.object({
  /** The repository's HEAD when the run ended; null outside a repository or without git. */
  git: z.object({ commit: z.string(), branch: z.string().nullable(), dirty: z.boolean() }).nullable(),
  /** sha256 of the stable JSON of the resolved llmBench options, secret and header values left out; null when not computed. */
  configHash: z.string().nullable(),
  /** The dataset files the records came from, relative to the project root, with their sha256 at the run's end. */
  datasets: z.array(z.object({ file: z.string(), sha256: z.string() })),
})

/** What `results.json` holds (keys sorted when written). */
export const RunResultsSchema = z.object({
  runId: z.string(),
  project: z.string(),
  /** run, watch or bench. */
  mode: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** How the run ended in Vitest's words: passed, failed or interrupted. */
  reason: z.string(),
  summary: StatsSchema.extend({
    datasetFailures: count,
    /** Records by error class. */
    errorClasses: z.record(z.string(), count),
  }),
  byDatasetProvider: z.array(BreakdownSchema),
  byProvider: z.array(BreakdownSchema),
  byModel: z.array(BreakdownSchema),
  byDataset: z.array(BreakdownSchema),
  byCategory: z.array(BreakdownSchema),
  /** Per dataset × prompt variant (`variants:`), across providers; absent when no dataset has variants. */
  byVariant: z.array(BreakdownSchema).optional(),
  /** The datasets with prompt variants: each one's variant names in order and its reference variant (by dataset name); absent when none has. */
  variants: z.array(VariantSetSchema).optional(),
  /** Bench mode: per case and provider, how its samples spread; null in other modes. */
  caseSpread: z.array(CaseSpreadSchema).nullable(),
  datasetFailures: z.array(DatasetFailureSchema),
  /** GPU, CPU and memory sampled during the run; null when not sampled. */
  system: SystemReportSchema.nullable(),
  /** The harness's own event-loop delay and CPU while timed requests were in flight; absent or null when not measured. */
  clientHealth: ClientHealthReportSchema.nullable().optional(),
  /** Bench load profiles: per provider × measurement throughput, latency, goodput and the knee (src/report/load/schema.ts); absent outside load profiles. */
  load: LoadReportSchema.nullable().optional(),
  /** Run and watch mode with `repeats: N` > 1: per dataset × provider, each case's passes over its repeats, pass@k, pass^k and flakiness (src/report/repeats/); absent without repeats. */
  repeats: z.array(RepeatGroupSchema).optional(),
  /** Baseline comparison and regression gates; null when not evaluated. */
  gates: GateReportSchema.nullable(),
  /** Git commit, config hash and dataset hashes of the run; absent in results written before it existed. */
  provenance: ProvenanceSchema.optional(),
  /** Every record, ordered by dataset, case id, provider, sample. */
  cases: z.array(CaseRecordSchema),
})

export type Stats = z.infer<typeof StatsSchema>
export type Cost = z.infer<typeof CostSchema>
export type ScoreStats = z.infer<typeof ScoreStatsSchema>
export type JudgeStats = z.infer<typeof JudgeStatsSchema>
export type Breakdown = z.infer<typeof BreakdownSchema>
export type CaseSpread = z.infer<typeof CaseSpreadSchema>
export type DatasetFailure = z.infer<typeof DatasetFailureSchema>
export type RunResults = z.infer<typeof RunResultsSchema>
export type RunSummary = RunResults['summary']
export type Provenance = z.infer<typeof ProvenanceSchema>

// the schema and the Distribution that `summarize` returns must stay one type
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const distributionsAgree: Same<z.infer<typeof DistributionSchema>, Distribution> = true
void distributionsAgree

/** Most problems listed in one error. */
const MAX_ISSUES = 10

/**
 * Reads and validates a `results.json`. Throws an Error naming the file and,
 * for each problem (up to 10), the field path and what was expected.
 */
export function readRunResults(file: string): RunResults {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`${file}: cannot read results: ${(error as Error).message}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`)
  }
  return parseRunResults(data, file)
}

/** Validates parsed `results.json` data; `source` names it in the error. */
export function parseRunResults(data: unknown, source: string): RunResults {
  const parsed = RunResultsSchema.safeParse(data)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues
  const lines = issues.slice(0, MAX_ISSUES).map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`)
  if (issues.length > MAX_ISSUES) lines.push(`  ... and ${issues.length - MAX_ISSUES} more`)
  const noun = issues.length === 1 ? 'problem' : 'problems'
  throw new Error(`${source}: not a valid llm-test-bench results.json (${issues.length} ${noun}):\n${lines.join('\n')}`)
}

/** `summary.e2eMs.p50`, `cases[3].usage.inputTokens`; `(root)` for the document itself. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out === '' ? '(root)' : out
}
