import { z } from 'zod'
import { CaseStatusSchema } from '../../record/schema.ts'

/** The format version this code writes and reads. */
export const BASELINE_VERSION = 1

const score = z.number().min(0).max(1)

/** One case (dataset, case id, provider) of the run the baseline was taken from. */
export const BaselineCaseSchema = z.strictObject({
  dataset: z.string(),
  caseId: z.string(),
  provider: z.string(),
  /** The dataset's prompt variant (`variants:`); absent without variants. */
  variant: z.string().optional(),
  model: z.string(),
  /** passed when every sample passed; else error, timeout or failed; skipped when nothing ran. */
  status: CaseStatusSchema,
  /** Records behind the status: 1, or the bench samples or repeats. */
  samples: z.int().positive(),
  /**
   * Samples or repeats that ran (not skipped), and how many of them passed: what the
   * significance-aware gates pair on and the majority rule counts. Absent in baselines
   * written before they existed: the pass-rate gate is then unpaired and says so.
   */
  trials: z.int().min(0).optional(),
  passes: z.int().min(0).optional(),
  /** Mean of every evaluation score, 0..1; null without evaluations. */
  score: score.nullable(),
  /** Mean score per matcher name. */
  scores: z.record(z.string(), score),
  /** Mean E2E latency in ms; null without timings. */
  e2eMs: z.number().min(0).nullable(),
  /** USD; null when unknown (no price). */
  cost: z.number().min(0).nullable(),
  /** Answered from recordings: its latency and cost say nothing about the provider. */
  replayed: z.boolean(),
}).superRefine(checkTally)

/** passes ≤ trials, and both or neither: a tally the gates can use. */
function checkTally(c: { passes?: number | undefined; trials?: number | undefined }, ctx: z.core.$RefinementCtx): void {
  if ((c.passes === undefined) !== (c.trials === undefined)) {
    const missing = c.passes === undefined ? 'passes' : 'trials'
    ctx.addIssue({ code: 'custom', path: [missing], input: undefined, message: `missing (expected a whole number with ${missing === 'passes' ? 'trials' : 'passes'})` })
  } else if (c.passes !== undefined && c.trials !== undefined && c.passes > c.trials) {
    ctx.addIssue({ code: 'custom', path: ['passes'], input: c.passes, message: `expected at most trials (${c.trials})` })
  }
}

/** One provider's aggregates, as the latency and cost gates compare them. */
export const BaselineProviderSchema = z.strictObject({
  provider: z.string(),
  model: z.string(),
  /** Cases that ran (not skipped). */
  cases: z.int().min(0),
  passRate: score.nullable(),
  /** Records that called the provider (not replayed, not skipped). */
  measured: z.int().min(0),
  /** Records answered from recordings. */
  replayed: z.int().min(0),
  /** E2E p95 in ms over the measured records; null when there were none. */
  e2eP95Ms: z.number().min(0).nullable(),
  /** USD over the measured records with a price; null when none had one. */
  cost: z.number().min(0).nullable(),
  /** Measured records with an output and no price. */
  costUnknown: z.int().min(0),
})

/**
 * `llm-baseline.json`: the outcome of one finished run, committed by the user and
 * compared with later runs. Written with sorted keys and sorted lists so that a
 * changed baseline reads as a small diff in a pull request.
 */
export const BaselineSchema = z.strictObject({
  version: z.literal(BASELINE_VERSION),
  /** When this file was written (ISO 8601). */
  createdAt: z.iso.datetime(),
  /** The run it was taken from. */
  runId: z.string().min(1),
  /** The llmBench project (its `name` option). */
  project: z.string().min(1),
  /** run, watch or bench. */
  mode: z.string(),
  /** Pass rate over the cases that ran (a bench case passes when all of its samples passed). */
  passRate: score.nullable(),
  /** Sorted by provider. */
  providers: z.array(BaselineProviderSchema),
  /** Sorted by dataset, case id, provider. */
  cases: z.array(BaselineCaseSchema),
})

export type Baseline = z.infer<typeof BaselineSchema>
export type BaselineCase = z.infer<typeof BaselineCaseSchema>
export type BaselineProvider = z.infer<typeof BaselineProviderSchema>
