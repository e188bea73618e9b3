import { z } from 'zod'

const rate = z.number().min(0).max(1)

/**
 * One dataset × provider of a run compared with the gates' baseline on the
 * same cases (results.json `gates.baseline.paired[]`, summary.md's paired
 * section): the change in pass rate with its interval, the mid-p McNemar test
 * on per-case pass/fail, the paired bootstrap on mean scores, and the verdict.
 */
export const PairedVerdictSchema = z.object({
  dataset: z.string(),
  provider: z.string(),
  /** Cases that ran in both runs (paired on dataset, case id, provider and variant when present). */
  cases: z.int().min(0),
  /** Whether the baseline held each case's passes of its repeats; false: a baseline case's status counts as 1 trial. */
  exact: z.boolean(),
  /** Mean over the paired cases of each case's pass fraction, before and now; change = after − before with its 95% interval (stats/paired.ts). */
  passRate: z.object({ before: rate, after: rate, change: z.number(), lower: z.number(), upper: z.number(), confidence: z.number() }),
  /** Mid-p McNemar on the cases whose majority pass/fail flipped. */
  mcnemar: z.object({ newlyFailing: z.int().min(0), newlyPassing: z.int().min(0), pValue: z.number().min(0).max(1) }),
  /** Mean evaluation score of the cases scored in both runs, and the paired bootstrap interval of its change; null when fewer than 2 such cases. */
  score: z.object({ cases: z.int().min(0), before: z.number(), after: z.number(), change: z.number(), lower: z.number(), upper: z.number(), confidence: z.number() }).nullable(),
  verdict: z.enum(['regressed', 'improved', 'no detectable change']),
  /** The smallest pass-rate change this sample detects (80% power, 95%); null when no paired case changed at all. */
  minimumDetectableChange: z.number().nullable(),
  /** The verdict in plain words. */
  sentence: z.string(),
})

export type PairedVerdict = z.infer<typeof PairedVerdictSchema>
