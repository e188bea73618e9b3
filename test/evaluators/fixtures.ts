import type { ResolvedCase } from '../../src/dataset/types.ts'

/** Outputs in the style of the tiny stories model the local provider runs. */
export const STORY =
  'Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her dog, Max. ' +
  'One day, Lily saw a big red ball under a tree. She ran to get it, but the ball was stuck!'

export const STORY_WITH_ODD_SPACING = 'Once upon a time,\n\n  there was a   little girl\tnamed LILY.\u00A0She had a\u200B dog.'

/** A resolved case with every field at its neutral value, overridden by `fields`. */
export function makeCase(fields: Partial<ResolvedCase> = {}): ResolvedCase {
  return {
    id: 'story-1',
    category: null,
    description: null,
    prompt: 'Write a story about a girl named Lily.',
    messages: null,
    system: null,
    params: {},
    timeoutMs: null,
    providers: null,
    expected: null,
    references: [],
    assertions: [],
    metadata: {},
    ...fields,
  }
}
