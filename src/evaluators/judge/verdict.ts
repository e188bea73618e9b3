import { z } from 'zod'
import { findJson } from '../json/find.ts'
import { describeFailure } from '../json/describe.ts'
import { criterionKey, type Criterion } from './rubric.ts'

const VerdictSchema = z.object({
  criteria: z
    .array(
      z.object({
        name: z.string(),
        score: z.number().min(0).max(10),
        reasoning: z.string().default(''),
      }),
    )
    .min(1),
  overall: z.number().min(0).max(10).optional(),
})

export interface CriterionVerdict {
  name: string
  /** 0..1 (a 0..10 answer divided by 10). */
  score: number
  weight: number
  reasoning: string
}

export interface Verdict {
  criteria: CriterionVerdict[]
  /** The judge's own overall score (0..1), when it gave one; informative only. */
  overall: number | null
  /** 10 when the judge answered on a 0..10 scale. */
  scale: 1 | 10
}

export type ParsedVerdict = { ok: true; verdict: Verdict } | { ok: false; problem: string }

/**
 * The judge's answer checked: JSON found in it (whole, fenced or embedded), the shape
 * `{ criteria: [{ name, score, reasoning }], overall? }`, one entry per rubric criterion.
 * Scores all within 0..1 are taken as they are; otherwise (all within 0..10) they are divided by 10.
 */
export function parseVerdict(answer: string, criteria: readonly Criterion[]): ParsedVerdict {
  if (answer.trim() === '') return { ok: false, problem: 'the answer was empty; expected a JSON object' }
  const found = findJson(answer, { extract: true, strict: false })
  if (!found.ok) return { ok: false, problem: `no valid JSON object in the answer (${describeFailure(found)})` }
  const parsed = VerdictSchema.safeParse(found.value)
  if (!parsed.success) return { ok: false, problem: `the JSON does not have the expected shape: ${z.prettifyError(parsed.error).replaceAll('\n', '; ')}` }
  const byName = new Map(parsed.data.criteria.map((c) => [criterionKey(c.name), c]))
  const missing = criteria.filter((c) => !byName.has(criterionKey(c.name))).map((c) => JSON.stringify(c.name))
  if (missing.length > 0) return { ok: false, problem: `missing criteria: ${missing.join(', ')}` }
  const scores = parsed.data.criteria.map((c) => c.score)
  if (parsed.data.overall !== undefined) scores.push(parsed.data.overall)
  const scale = scores.every((s) => s <= 1) ? 1 : 10
  const judged = criteria.map((c): CriterionVerdict => {
    const entry = byName.get(criterionKey(c.name))
    return { name: c.name, weight: c.weight, score: (entry?.score ?? 0) / scale, reasoning: entry?.reasoning ?? '' }
  })
  return { ok: true, verdict: { criteria: judged, overall: parsed.data.overall === undefined ? null : parsed.data.overall / scale, scale } }
}
