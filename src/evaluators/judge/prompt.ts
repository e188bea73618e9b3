import type { ChatMessage } from '../../providers/types.ts'
import type { Criterion } from './rubric.ts'

/** What the judge is told about the case, when known. */
export interface JudgeContext {
  /** The prompt (or the last user message) the model under test answered. */
  prompt?: string | null | undefined
  /** The reference answer. */
  expected?: string | null | undefined
}

export const JUDGE_SYSTEM =
  'You are a strict, impartial evaluator of AI assistant outputs. You grade an output against a rubric and ' +
  'answer with one JSON object only, no prose and no code fence.'

/** The JSON shape the judge is asked for, for the criteria given. */
export function answerShape(criteria: readonly Criterion[]): string {
  const items = criteria.map((c) => `    { "name": ${JSON.stringify(c.name)}, "score": <number 0..1>, "reasoning": "<one or two sentences>" }`)
  return ['{', '  "criteria": [', items.join(',\n'), '  ],', '  "overall": <number 0..1, optional>', '}'].join('\n')
}

/** The judge's messages: a system prompt, then the criteria, the case (when known), the output and the answer shape. */
export function buildJudgeMessages(criteria: readonly Criterion[], output: string, context: JudgeContext = {}): ChatMessage[] {
  const parts: string[] = ['Grade the OUTPUT below against each criterion of the rubric.', '', 'RUBRIC:']
  for (const c of criteria) parts.push(`- ${c.name}: ${c.description}`)
  if (context.prompt) parts.push('', 'PROMPT given to the assistant:', fence(context.prompt))
  if (context.expected) parts.push('', 'EXPECTED (reference) answer:', fence(context.expected))
  parts.push('', 'OUTPUT to grade:', fence(output))
  parts.push(
    '',
    'Score each criterion from 0 (not met at all) to 1 (fully met); partial credit is allowed.',
    'Answer with exactly this JSON object (every criterion, same names, in this order):',
    answerShape(criteria),
  )
  return [
    { role: 'system', content: JUDGE_SYSTEM },
    { role: 'user', content: parts.join('\n') },
  ]
}

/** The follow-up after an invalid answer: what was wrong, and the shape again. */
export function correctionMessage(problem: string, criteria: readonly Criterion[]): ChatMessage {
  return {
    role: 'user',
    content: `Your answer was not valid: ${problem}\nAnswer again with only this JSON object, nothing else:\n${answerShape(criteria)}`,
  }
}

/** Text between `<<<` and `>>>` lines, so that an output cannot close the block. */
function fence(text: string): string {
  return `<<<\n${text.replaceAll('>>>', '> > >')}\n>>>`
}
