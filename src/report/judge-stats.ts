import { z } from 'zod'
import type { JudgeStats } from './results-schema.ts'

/** What a judge matcher (toSatisfyRubric) leaves in `details.judge`; only what is counted here. */
const JudgeDetailsSchema = z.object({
  calls: z.number().min(0),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  cost: z.number().nullable(),
})

/** No judge usage yet. */
export function emptyJudgeStats(): JudgeStats {
  return { evaluations: 0, calls: 0, inputTokens: 0, outputTokens: 0, cost: { total: 0, known: 0, unknown: 0 } }
}

/** Adds one evaluation's `details.judge` to `stats` (details that are not a judge's counts are left out). */
export function addJudge(stats: JudgeStats, details: unknown): void {
  const parsed = JudgeDetailsSchema.safeParse(details)
  if (!parsed.success) return
  const judge = parsed.data
  stats.evaluations++
  stats.calls += judge.calls
  stats.inputTokens += judge.inputTokens ?? 0
  stats.outputTokens += judge.outputTokens ?? 0
  if (judge.cost !== null) {
    stats.cost.total += judge.cost
    stats.cost.known++
  } else if (judge.calls > 0) stats.cost.unknown++
}
