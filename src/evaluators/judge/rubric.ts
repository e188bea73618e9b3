import { z } from 'zod'

/** One criterion of a rubric: what the judge scores, and its weight in the overall score. */
export const CriterionSchema = z.strictObject({
  name: z.string().trim().min(1),
  description: z.string().trim().min(1),
  /** Relative weight (default 1); the score is the weighted mean. */
  weight: z.number().min(0).default(1),
})
export type CriterionInput = z.input<typeof CriterionSchema>
export type Criterion = z.output<typeof CriterionSchema>

/** A rubric: one free-text criterion, or a list of named criteria. */
export const RubricSchema = z.union([z.string().trim().min(1), z.array(CriterionSchema).min(1)])
export type Rubric = string | readonly CriterionInput[]

/** A string rubric becomes one criterion named `rubric`; names must be unique; weights must not all be 0. */
export function normalizeRubric(rubric: Rubric): Criterion[] {
  const parsed = RubricSchema.safeParse(rubric)
  if (!parsed.success) throw new Error(`toSatisfyRubric: invalid rubric: ${z.prettifyError(parsed.error)}`)
  const criteria = typeof parsed.data === 'string' ? [{ name: 'rubric', description: parsed.data, weight: 1 }] : parsed.data
  const seen = new Set<string>()
  for (const c of criteria) {
    const key = criterionKey(c.name)
    if (seen.has(key)) throw new Error(`toSatisfyRubric: the criterion name "${c.name}" is used twice`)
    seen.add(key)
  }
  if (criteria.every((c) => c.weight === 0)) throw new Error('toSatisfyRubric: every criterion has weight 0')
  return criteria
}

/** How criterion names are compared with the judge's: trimmed, case-insensitive. */
export function criterionKey(name: string): string {
  return name.trim().toLowerCase()
}

/** The weighted mean of the scores (0..1) of `criteria`, by name. */
export function weightedScore(criteria: readonly Criterion[], scores: ReadonlyMap<string, number>): number {
  let total = 0
  let weights = 0
  for (const c of criteria) {
    const score = scores.get(criterionKey(c.name)) ?? 0
    total += score * c.weight
    weights += c.weight
  }
  return weights === 0 ? 0 : Math.min(1, Math.max(0, total / weights))
}
