import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { getJudge, resolveJudgeSpec } from '../judge/judge-provider.ts'
import { runJudge } from '../judge/run-judge.ts'
import { CriterionSchema, criterionKey, normalizeRubric, weightedScore, type Rubric } from '../judge/rubric.ts'
import { formatScore, preview } from '../text.ts'

export type { Rubric, CriterionInput } from '../judge/rubric.ts'

const JudgeSpecSchema = z.union([z.string().min(1), z.record(z.string(), z.unknown())])

const MatcherOptionsSchema = z.strictObject({
  /** Weighted score (0..1) needed to pass. */
  min: z.number().min(0).max(1).default(0.7),
  /** The judge: a provider spec (string or object); default env LLM_BENCH_JUDGE. */
  judge: JudgeSpecSchema.optional(),
  /** Extra attempts after an invalid judge answer, each told what was wrong. */
  retries: z.int().min(0).max(5).default(2),
  /** Most tokens the judge may write per attempt. */
  maxTokens: z.int().positive().default(1024),
  /** The prompt the output answers, shown to the judge. */
  prompt: z.string().nullish(),
  /** A reference answer, shown to the judge. */
  expected: z.string().nullish(),
})

export type SatisfyRubricOptions = z.input<typeof MatcherOptionsSchema>

/** Dataset form: `- toSatisfyRubric: { criteria: [...] | rubric: '...', min, judge }`. */
const DatasetOptionsSchema = MatcherOptionsSchema.omit({ prompt: true, expected: true }).extend({
  criteria: z.array(CriterionSchema).min(1).optional(),
  rubric: z.string().min(1).optional(),
})

/**
 * LLM-as-judge: a judge model scores the output against each criterion (0..1, or 0..10
 * normalised), answering JSON that is validated and, when invalid, asked for again with what
 * was wrong. Score = the weighted mean of the criterion scores; an invalid verdict scores 0
 * with the reason. The judge's usage and cost are in `details.judge`, apart from the model under test.
 */
export default defineEvaluator({
  name: 'toSatisfyRubric',
  description: 'An LLM judge scores the output against rubric criteria: score = weighted mean of criterion scores, pass when score >= min.',
  options: DatasetOptionsSchema,
  argsFromCase(testCase, options): [Rubric, SatisfyRubricOptions] {
    const { criteria, rubric, ...rest } = options
    const chosen = criteria ?? rubric
    if (chosen === undefined) {
      throw new Error(`toSatisfyRubric: case "${testCase.id}" gives no rubric; set \`criteria: [{ name, description, weight? }]\` or \`rubric: '...'\``)
    }
    const lastUser = testCase.messages?.filter((m) => m.role === 'user').at(-1)?.content ?? null
    return [chosen, { ...rest, prompt: testCase.prompt ?? lastUser, expected: testCase.expected }]
  },
  async evaluate(received: string, rubric: Rubric, options?: SatisfyRubricOptions) {
    const settings = parseMatcherOptions('toSatisfyRubric', MatcherOptionsSchema, options)
    const criteria = normalizeRubric(rubric)
    const spec = resolveJudgeSpec(settings.judge)
    const judge = { spec, provider: async () => (await getJudge(spec)).provider }
    const outcome = await runJudge(judge, criteria, received, { prompt: settings.prompt, expected: settings.expected }, {
      retries: settings.retries,
      maxTokens: settings.maxTokens,
    })
    const attempts = outcome.attempts.map((a) => ({ answer: a.answer.length > 2000 ? `${a.answer.slice(0, 2000)}…` : a.answer, problem: a.problem }))
    const judgeDetails = { ...outcome.usage, attempts: outcome.attempts.length, retries: Math.max(0, outcome.attempts.length - 1) }
    if (!outcome.ok) {
      return {
        pass: false,
        score: 0,
        threshold: settings.min,
        reason: `judge ${spec.id}: ${outcome.problem}`,
        details: { error: outcome.problem, criteria: criteria.map((c) => ({ name: c.name, weight: c.weight, score: null, reasoning: null })), judge: judgeDetails, attempts },
      }
    }
    const scores = new Map(outcome.verdict.criteria.map((c) => [criterionKey(c.name), c.score]))
    const score = weightedScore(criteria, scores)
    const pass = score >= settings.min
    const lowest = [...outcome.verdict.criteria].sort((a, b) => a.score - b.score)[0]
    const summary = outcome.verdict.criteria.map((c) => `${c.name} ${formatScore(c.score)}`).join(', ')
    const why = !pass && lowest !== undefined && lowest.reasoning !== '' ? `; lowest: ${lowest.name}: ${preview(lowest.reasoning, 200)}` : ''
    return {
      pass,
      score,
      threshold: settings.min,
      reason: `judge ${spec.id}: weighted score ${formatScore(score)} ${pass ? '>=' : '<'} ${formatScore(settings.min)} (${summary})${why}`,
      details: { criteria: outcome.verdict.criteria, overall: outcome.verdict.overall, scale: outcome.verdict.scale, judge: judgeDetails, attempts },
    }
  },
})
