import type { Answer } from './types.ts'

export const DEFAULT_ANSWER = 'Once upon a time there was a little robot.'

/** The tokens of an answer: a text's words (a space before every one but the first), or the exact tokens given. */
export function toTokens(answer: Answer): string[] {
  if (typeof answer !== 'string') return [...answer]
  return answer
    .split(' ')
    .filter((w) => w !== '')
    .map((w, i) => (i === 0 ? w : ` ${w}`))
}

/** At most `max` tokens (none given, or negative: all); `length` when some were cut. */
export function limitTokens(tokens: readonly string[], max: number | undefined): { tokens: string[]; finish: 'stop' | 'length' } {
  if (max === undefined || max < 0 || max >= tokens.length) return { tokens: [...tokens], finish: 'stop' }
  return { tokens: tokens.slice(0, max), finish: 'length' }
}

/** Words in a text: what the server reports as input tokens by default. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length
}

/** The text of message contents given as a string or as blocks with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((block: unknown) =>
      typeof block === 'object' && block !== null && 'text' in block && typeof block.text === 'string' ? block.text : '',
    )
    .join(' ')
}

/** All message contents of a body's `messages`, joined. */
export function messagesText(messages: unknown): string {
  if (!Array.isArray(messages)) return ''
  return messages
    .map((m: unknown) => (typeof m === 'object' && m !== null && 'content' in m ? contentText(m.content) : ''))
    .join(' ')
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}
