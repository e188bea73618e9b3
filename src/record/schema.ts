import { z } from 'zod'
import type { SystemSamples } from '../metrics/system/types.ts'
import type { WorkerHealth } from '../metrics/client-health/schema.ts'

/** One evaluator's verdict on one output. */
export const EvaluationSchema = z.object({
  name: z.string(),
  pass: z.boolean(),
  /** 0..1 */
  score: z.number().min(0).max(1),
  /** The score needed to pass, 0..1. */
  threshold: z.number().min(0).max(1),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
})

export const TimingsSchema = z.object({
  queueMs: z.number(),
  ttftMs: z.number().nullable(),
  e2eMs: z.number(),
  tpotMs: z.number().nullable(),
  itlMs: z.array(z.number()),
  streamed: z.boolean(),
})

export const UsageSchema = z.object({
  /** All input tokens, prompt-cache reads and writes included. */
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  /** Part of inputTokens read from the provider's prompt cache; absent when the provider does not report it. */
  cacheReadTokens: z.number().nullable().optional(),
  /** Part of inputTokens written to the provider's prompt cache; absent when the provider does not report it. */
  cacheWriteTokens: z.number().nullable().optional(),
  source: z.enum(['provider', 'tokenizer', 'none']),
})

/** One failed attempt of a provider call (the record's `attemptErrors`). */
export const AttemptErrorSchema = z.object({
  /** 1-based attempt number. */
  attempt: z.number().int().min(1),
  class: z.string(),
  message: z.string(),
  /** HTTP status, when there was one. */
  status: z.number().int().optional(),
  /** How long the client waited before the next attempt, in ms (absent after the last one). */
  backoffMs: z.number().optional(),
})

/**
 * One model call a case made from code (`provider(...)` inside a function provider or a
 * hand-written test): the record's `calls`. Its tokens and cost are included in the record's own
 * `usage` and `cost`.
 */
export const ModelCallSchema = z.object({
  /** The configured provider's id. */
  provider: z.string(),
  /** The model that answered (as the server names it), or the configured one when none answered. */
  model: z.string(),
  usage: UsageSchema,
  /** USD; null when the price is unknown (never 0 for an unknown); 0 for a replayed call. */
  cost: z.number().nullable(),
  costNote: z.string().optional(),
  /** Queue wait, time to first token (streamed calls) and end-to-end time, ms; null when the call failed. */
  timings: z.object({ queueMs: z.number(), ttftMs: z.number().nullable(), e2eMs: z.number() }).nullable(),
  /** Replayed from a recording: no request was sent. */
  cached: z.boolean(),
  attempts: z.number().int().min(0),
  /** Why the call failed (redacted); absent when it answered. */
  error: z.object({ class: z.string(), message: z.string() }).optional(),
})

/**
 * One measurement of a load profile (vLLM `bench serve` / GuideLLM style): the load level a
 * request was sent under.
 */
export const LoadPointSchema = z.object({
  /** 0-based index of the measurement in the order they ran. */
  measurement: z.int().min(0),
  /** Its name in tables, CSVs, the report and gates: `concurrency=4`, `rate=10/s`, `synchronous`, `throughput`. */
  label: z.string(),
  kind: z.enum(['concurrency', 'rate', 'synchronous', 'throughput']),
  /** Requests allowed in flight at once (concurrency, synchronous = 1, throughput = the maximum); null for rate. */
  concurrency: z.int().positive().nullable(),
  /** Requests per second the arrivals were scheduled at; null for concurrency levels. */
  ratePerS: z.number().positive().nullable(),
  /** When this request was due, ms after the measurement began (rate levels); null when it was sent as a slot freed. */
  scheduledMs: z.number().nullable(),
})

export const CaseStatusSchema = z.enum(['passed', 'failed', 'error', 'timeout', 'skipped'])

/**
 * One attempt at one case on one provider: written to `results.jsonl` as soon
 * as it ends and attached to the test's `task.meta.llmBench`.
 */
export const CaseRecordSchema = z.object({
  /** Set by the reporter when it writes the record (a worker does not know the run). */
  runId: z.string().nullable(),
  dataset: z.string(),
  datasetFile: z.string(),
  caseId: z.string(),
  category: z.string().nullable(),
  provider: z.string(),
  providerType: z.string(),
  model: z.string(),
  /** sha256 (hex, 16 chars) of the exact request: provider type, model, params, messages/prompt. */
  requestHash: z.string(),
  prompt: z.string(),
  output: z.string().nullable(),
  finishReason: z.string().nullable(),
  status: CaseStatusSchema,
  /** `stack`: where a function provider (the user's code) threw, redacted. */
  error: z.object({ class: z.string(), message: z.string(), stack: z.string().optional() }).nullable(),
  usage: UsageSchema,
  /** Null when the price is unknown, never 0 for an unknown price. */
  cost: z.number().nullable(),
  /** Why `cost` is null (unknown price or token counts) or how it was estimated; absent when it is exact. */
  costNote: z.string().optional(),
  timings: TimingsSchema.nullable(),
  serverTimings: z.record(z.string(), z.number()).nullable(),
  attempts: z.number().int().min(0),
  retries: z.number().int().min(0),
  /**
   * Why each failed attempt failed (retries are explained): one entry per attempt that did not
   * succeed, in order; messages redacted. Absent on records from older runs.
   */
  attemptErrors: z.array(AttemptErrorSchema).optional(),
  cached: z.boolean(),
  /** The response was replayed from a recording (`__recordings__/`): no call was made, `timings` are the recorded ones. */
  replayed: z.boolean().optional(),
  evaluations: z.array(EvaluationSchema),
  /** Bench mode: index of this sample (0-based) among the measured iterations; null outside bench mode. */
  sample: z.number().int().nullable(),
  /**
   * Run and watch mode with `repeats: N` > 1: which independent sample of the case this is (0…N-1).
   * Absent: the case's only sample. Repeat 0 has the request's own hash; a later repeat's hash is
   * derived from it (record/request-hash.ts `repeatHash`), so each repeat has its own recording.
   */
  repeat: z.number().int().nonnegative().optional(),
  /**
   * The dataset's prompt variant (`variants:`) this record ran with: its name. Absent when the
   * dataset declares no variants. The request hash includes it, so two variants never share a
   * recording or a resume key.
   */
  variant: z.string().optional(),
  /**
   * Bench mode with a load profile (`bench.load`): the measurement (one load level) this request
   * belongs to. Absent outside load profiles.
   */
  load: LoadPointSchema.optional(),
  /** The machine that ran the case (os.hostname()): ties GPU samples to cases on a sharded fleet. */
  host: z.string().optional(),
  startedAt: z.string(),
  endedAt: z.string(),
  /**
   * The response could not be written to the recordings (`__recordings__`): the case keeps its
   * output, usage and cost, and this says why the recording failed. Absent when it was written
   * or nothing was to be recorded.
   */
  recordingError: z.string().optional(),
  /**
   * Model calls the case made from code (`provider(...)` in a function provider or a hand-written
   * test), in the order they ended; absent when it made none. Their tokens and cost are already
   * part of `usage` and `cost`.
   */
  calls: z.array(ModelCallSchema).optional(),
  /** Set when a resumed run reused this record from the run's earlier attempt instead of calling the provider again. */
  resumed: z.literal(true).optional(),
})

/**
 * A dataset's prompt variants (`variants:`): their names in the file's order and the one the
 * others are compared with (`reference_variant`, else the first). A dataset module carries it in
 * its meta (`llmBenchVariants`) to the reporter, which lists it in results.json's `variants`.
 */
export const VariantSetSchema = z.object({
  dataset: z.string(),
  names: z.array(z.string()).min(1),
  reference: z.string(),
})

export type VariantSet = z.infer<typeof VariantSetSchema>
export type Evaluation = z.infer<typeof EvaluationSchema>
export type CaseRecord = z.infer<typeof CaseRecordSchema>
export type CaseStatus = z.infer<typeof CaseStatusSchema>
export type AttemptError = z.infer<typeof AttemptErrorSchema>
export type ModelCall = z.infer<typeof ModelCallSchema>
export type LoadPoint = z.infer<typeof LoadPointSchema>

/** A case record's compact form in a test's meta: its status, scores and timing, no texts. */
export interface CaseSummary {
  status: CaseStatus
  /** Reused from the run's earlier attempt (resume). */
  resumed?: true
  /** Bench sample, or null. */
  sample: number | null
  scores: { name: string; score: number; pass: boolean }[]
  ttftMs: number | null
  e2eMs: number | null
  outputTokens: number | null
  cost: number | null
}

/** What a test carries in `task.meta` for the reporter (and a shard merge). */
export interface LlmBenchTaskMeta {
  /** Which case this test is: set when the test is created, so it is there even if the case never ran. */
  case: { dataset: string; datasetFile: string; caseId: string; category: string | null; provider: string; repeat?: number; variant?: string }
  /**
   * One record per case; in bench mode, one per measured sample. Full only on the way to the main
   * process: once there and written to results.jsonl they give way to `summaries` (see
   * report/case-summary.ts), unless a blob reporter needs them (`--merge-reports`); a worker empties
   * them once they were sent (runner/release-sent-records.ts).
   */
  records: CaseRecord[]
  /** What the main process keeps of each record after writing it to results.jsonl (the progress and Vitest's UI read these). */
  summaries?: CaseSummary[]
  /**
   * The test's annotations (output, scores, metrics: see runner/case-annotations.ts), also here
   * because Vitest's JSON reporter writes a test's meta but not its annotations.
   */
  annotations?: { type: string; message: string }[]
}

declare module 'vitest' {
  interface TaskMeta {
    llmBench?: LlmBenchTaskMeta
    /** Evaluations recorded by matchers in hand-written tests. */
    llmBenchEvaluations?: Evaluation[]
    /**
     * On a dataset file's module: what the main process had sampled (GPU, CPU, memory) when the
     * module ended, so a shard's blob carries its machine's samples to `--merge-reports`.
     */
    llmBenchSystem?: SystemSamples
    /** On a dataset file's module: its worker's event-loop delay and CPU while timed requests were in flight. */
    llmBenchClientHealth?: WorkerHealth
    /** On a dataset file's module with prompt variants: its variants and their reference. */
    llmBenchVariants?: VariantSet
  }
}
