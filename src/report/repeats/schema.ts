import { z } from 'zod'

/** One case on one provider over its repeats (`repeats: N`). */
export const RepeatCaseSchema = z.object({
  caseId: z.string(),
  /** Samples that ran (a skipped repeat is no sample). */
  trials: z.int().nonnegative(),
  passes: z.int().nonnegative(),
  /** passes / trials; null when no repeat ran. */
  passFraction: z.number().nullable(),
  kind: z.enum(['always-passes', 'always-fails', 'flaky']).nullable(),
  /** pass@1 (= passFraction) and pass@N (at least one of the N samples passes; unbiased estimator); null when no repeat ran. */
  passAt1: z.number().nullable(),
  passAtN: z.number().nullable(),
  /** pass^N: every one of the N samples passes. */
  passHatN: z.number().nullable(),
})

/** A dataset × provider whose cases ran with repeats: results.json's `repeats[]`. */
export const RepeatGroupSchema = z.object({
  dataset: z.string(),
  provider: z.string(),
  /** The dataset's prompt variant (`variants:`); absent without variants. */
  variant: z.string().optional(),
  /** The most repeats a case of the group ran (N of pass@N). */
  repeats: z.int().positive(),
  /** Cases with at least one repeat that ran. */
  cases: z.int().nonnegative(),
  /** Mean over cases of each case's pass fraction over its repeats (each case counts once); null without cases. */
  meanPassRate: z.number().nullable(),
  alwaysPasses: z.int().nonnegative(),
  alwaysFails: z.int().nonnegative(),
  flaky: z.int().nonnegative(),
  /** flaky / cases; null without cases. */
  flakyShare: z.number().nullable(),
  /** The flaky cases' ids, in case id order. */
  flakyIds: z.array(z.string()),
  /** Per case, in case id order. */
  perCase: z.array(RepeatCaseSchema),
})

export type RepeatCase = z.infer<typeof RepeatCaseSchema>
export type RepeatGroup = z.infer<typeof RepeatGroupSchema>
