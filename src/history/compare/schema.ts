import { z } from 'zod'
import { CaseStatusSchema } from '../../record/schema.ts'

/**
 * The format of `llm-test-bench compare --json`: the single source of truth
 * for `RunComparison` (the types are derived with `z.infer`). Version 1.
 */
export const COMPARISON_VERSION = 1

const rate = z.number().min(0).max(1)

/** Which run, as the comparison names it. */
export const ComparedRunSchema = z.strictObject({
  runId: z.string(),
  /** The results.json read. */
  file: z.string(),
  mode: z.string(),
  startedAt: z.string(),
  /** From results.json's provenance; null when the run has none. */
  commit: z.string().nullable(),
  branch: z.string().nullable(),
})

/** A verdict of src/report/stats/verdict.ts: the change (current − base) with its interval, and the sentence. */
export const VerdictSchema = z.strictObject({
  verdict: z.enum(['regressed', 'improved', 'no detectable change']),
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
  confidence: z.number(),
  minimumDetectableChange: z.number(),
  sentence: z.string(),
})

/** One side of a changed case. */
export const CaseSideSchema = z.strictObject({
  status: CaseStatusSchema,
  /** Trials (bench samples, repeats) that passed, of those that ran. */
  passes: z.int().min(0),
  trials: z.int().min(0),
  scores: z.record(z.string(), rate),
  /** Cut at 2,000 characters (`…`); null without an output. */
  output: z.string().nullable(),
  /** Why it failed (the error or the first failing matcher's reason), cut at 500 characters; null when it passed. */
  reason: z.string().nullable(),
})

export const CaseKeySchema = z.strictObject({
  dataset: z.string(),
  caseId: z.string(),
  provider: z.string(),
  /** null: the dataset has no variants. */
  variant: z.string().nullable(),
})

/** A case in both runs whose outcome or score changed. */
export const ChangedCaseSchema = CaseKeySchema.extend({ base: CaseSideSchema, current: CaseSideSchema })

/** One matcher's score of one case that moved by more than the epsilon. */
export const ScoreChangeSchema = CaseKeySchema.extend({
  matcher: z.string(),
  base: rate,
  current: rate,
})

/** A matcher over the cases both runs scored with it. */
export const MatcherChangeSchema = z.strictObject({
  matcher: z.string(),
  cases: z.int().min(0),
  base: rate.nullable(),
  current: rate.nullable(),
  /** Paired bootstrap on the per-case mean scores; null under 5 cases scored in both. */
  verdict: VerdictSchema.nullable(),
})

/** Percentiles in ms; null when nothing was measured. */
const PercentilesSchema = z.strictObject({ p50: z.number().nullable(), p95: z.number().nullable() })

/** One side of a provider's numbers: latency over records that called the provider (replayed ones carry recorded timings). */
export const ProviderSideSchema = z.strictObject({
  model: z.string(),
  /** Cases that ran. */
  cases: z.int().min(0),
  passRate: rate.nullable(),
  /** Records that called the provider (not replayed or cached). */
  measured: z.int().min(0),
  e2eMs: PercentilesSchema,
  ttftMs: PercentilesSchema,
  /** USD over the measured records with a price; null when none had one. */
  cost: z.number().min(0).nullable(),
})

export const ProviderChangeSchema = z.strictObject({
  provider: z.string(),
  /** null: the provider did not run on that side. */
  base: ProviderSideSchema.nullable(),
  current: ProviderSideSchema.nullable(),
  /** Cases of this provider in both runs. */
  paired: z.int().min(0),
  /** Paired pass-rate verdict over them; null under 5 paired. */
  verdict: VerdictSchema.nullable(),
})

export const RunComparisonSchema = z.strictObject({
  version: z.literal(COMPARISON_VERSION),
  project: z.string(),
  base: ComparedRunSchema,
  current: ComparedRunSchema,
  /** Cases that ran in both runs (skipped ones left out). */
  paired: z.int().min(0),
  /** Pass rate over the paired cases (mean of their pass fractions). */
  passRate: z.strictObject({ base: rate.nullable(), current: rate.nullable() }),
  /** The paired pass-rate verdict (clustered standard error); null under 5 paired cases (too few for one). */
  verdict: VerdictSchema.nullable(),
  /** Mid-p McNemar on the paired cases (a case passes when it passed in a majority of its trials). */
  mcnemar: z.strictObject({ newlyFailing: z.int().min(0), newlyPassing: z.int().min(0), pValue: z.number().min(0).max(1) }),
  newlyFailing: z.array(ChangedCaseSchema),
  newlyPassing: z.array(ChangedCaseSchema),
  /** Same pass/fail, a matcher's score moved by more than `scoreEpsilon`. */
  scoreChanges: z.array(ScoreChangeSchema),
  scoreEpsilon: z.number(),
  matchers: z.array(MatcherChangeSchema),
  providers: z.array(ProviderChangeSchema),
  /** Ran in the base run only / in the current run only. */
  onlyInBase: z.array(CaseKeySchema),
  onlyInCurrent: z.array(CaseKeySchema),
})

export type RunComparison = z.infer<typeof RunComparisonSchema>
export type ComparedRun = z.infer<typeof ComparedRunSchema>
export type VerdictJson = z.infer<typeof VerdictSchema>
export type ChangedCase = z.infer<typeof ChangedCaseSchema>
export type CaseSide = z.infer<typeof CaseSideSchema>
export type CaseKey = z.infer<typeof CaseKeySchema>
export type ScoreChange = z.infer<typeof ScoreChangeSchema>
export type MatcherChange = z.infer<typeof MatcherChangeSchema>
export type ProviderChange = z.infer<typeof ProviderChangeSchema>
export type ProviderSide = z.infer<typeof ProviderSideSchema>
