import { costFor } from '../../providers/pricing/index.ts'
import type { ChatMessage, Usage } from '../../providers/types.ts'
import type { ProviderSpec } from '../../providers/spec.ts'
import { judgePriceTarget } from './judge-provider.ts'
import { callJudge, type LazyJudge } from './recorded-judge-call.ts'
import { buildJudgeMessages, correctionMessage, type JudgeContext } from './prompt.ts'
import type { Criterion } from './rubric.ts'
import { parseVerdict, type Verdict } from './verdict.ts'

export interface JudgeRunOptions {
  /** Extra attempts after an invalid answer (each told what was wrong). */
  retries: number
  /** Most tokens the judge may write per attempt. */
  maxTokens: number
  /** Longest part of an invalid answer sent back to the judge in the retry. */
  echoChars?: number
}

/** One judge call: what it answered and, when it was invalid, why. */
export interface JudgeAttempt {
  answer: string
  problem: string | null
}

/** The judge's own usage and cost, counted apart from the model under test. */
export interface JudgeUsage {
  provider: string
  model: string
  calls: number
  /** Calls answered from the recordings (no call made, no cost). */
  replayed: number
  inputTokens: number | null
  outputTokens: number | null
  /** USD; null when the price or the counts are unknown. */
  cost: number | null
  costNote: string | null
}

export type JudgeOutcome =
  | { ok: true; verdict: Verdict; attempts: JudgeAttempt[]; usage: JudgeUsage }
  | { ok: false; problem: string; attempts: JudgeAttempt[]; usage: JudgeUsage }

/**
 * Asks the judge (temperature 0) for its verdict; an invalid answer is answered with
 * what was wrong and asked again, up to `retries` times. A call that throws ends the run
 * with `ok: false` (the error's message as the problem); nothing here throws for a bad judge.
 */
export async function runJudge(
  judge: LazyJudge,
  criteria: readonly Criterion[],
  output: string,
  context: JudgeContext,
  options: JudgeRunOptions,
): Promise<JudgeOutcome> {
  const messages: ChatMessage[] = buildJudgeMessages(criteria, output, context)
  const attempts: JudgeAttempt[] = []
  const usages: Array<Usage & { replayed: boolean }> = []
  const echo = options.echoChars ?? 1000
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    let answer: string
    try {
      const response = await callJudge(judge, { messages: [...messages], params: { temperature: 0, max_tokens: options.maxTokens } })
      usages.push({ ...response.usage, replayed: response.replayed })
      answer = response.output
    } catch (error) {
      const problem = `the judge call failed: ${(error as Error).message}`
      return { ok: false, problem, attempts, usage: judgeUsage(judge.spec, usages) }
    }
    const parsed = parseVerdict(answer, criteria)
    if (parsed.ok) {
      attempts.push({ answer, problem: null })
      return { ok: true, verdict: parsed.verdict, attempts, usage: judgeUsage(judge.spec, usages) }
    }
    attempts.push({ answer, problem: parsed.problem })
    messages.push({ role: 'assistant', content: answer.length > echo ? `${answer.slice(0, echo)}…` : answer }, correctionMessage(parsed.problem, criteria))
  }
  const last = attempts.at(-1)?.problem ?? 'no answer'
  const problem = `the judge gave no valid verdict in ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}; last problem: ${last}`
  return { ok: false, problem, attempts, usage: judgeUsage(judge.spec, usages) }
}

/** Tokens over every call; cost over the calls really made (a replayed one cost nothing this run). */
function judgeUsage(spec: ProviderSpec, usages: ReadonlyArray<Usage & { replayed: boolean }>): JudgeUsage {
  const sum = (key: 'inputTokens' | 'outputTokens'): number | null =>
    usages.length === 0 ? 0 : usages.some((u) => u[key] === null) ? null : usages.reduce((n, u) => n + (u[key] ?? 0), 0)
  const inputTokens = sum('inputTokens')
  const outputTokens = sum('outputTokens')
  const source = usages.every((u) => u.source === 'provider') ? 'provider' : usages.some((u) => u.source === 'none') ? 'none' : 'tokenizer'
  const live = usages.filter((u) => !u.replayed)
  const liveSum = (key: 'inputTokens' | 'outputTokens'): number | null => (live.some((u) => u[key] === null) ? null : live.reduce((n, u) => n + (u[key] ?? 0), 0))
  const { cost, note } = live.length === 0 ? { cost: 0, note: null } : costFor(judgePriceTarget(spec), { inputTokens: liveSum('inputTokens'), outputTokens: liveSum('outputTokens'), source })
  return { provider: spec.id, model: spec.model, calls: usages.length, replayed: usages.length - live.length, inputTokens, outputTokens, cost, costNote: note }
}
