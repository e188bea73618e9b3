/**
 * Code inside a Markdown answer: models wrap code in fences (```ts ... ```), often with
 * prose around it. Generic: any matcher that scores code can use it.
 */

export interface CodeBlock {
  /** The code: the block's content, or the whole text when it has no fence. */
  code: string
  /** The fence's language tag, lower-cased (`ts`, `vue`), or null (no tag, or no fence). */
  language: string | null
  /** 0-based line of the text on which `code` starts (the line after the opening fence). */
  startLine: number
  /** Whether `code` came from a fenced block. */
  fenced: boolean
}

export interface ExtractOptions {
  /** Fence languages to prefer (lower-case): the first block tagged with one of them wins, else the first block. */
  prefer?: readonly string[]
}

const OPENING = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`{]*)[^`]*$/
const LINE_BREAK = /\r?\n/

/** Every fenced block of `text`, in order; an unclosed last fence runs to the end (a cut-off answer). */
export function codeBlocks(text: string): CodeBlock[] {
  const lines = text.split(LINE_BREAK)
  const blocks: CodeBlock[] = []
  for (let index = 0; index < lines.length; index++) {
    const opening = OPENING.exec(lines[index] ?? '')
    if (!opening) continue
    const fence = opening[1] ?? '```'
    const language = opening[2] ? opening[2].toLowerCase() : null
    const end = closingLine(lines, index + 1, fence)
    blocks.push({ code: lines.slice(index + 1, end).join('\n'), language, startLine: index + 1, fenced: true })
    index = end
  }
  return blocks
}

function closingLine(lines: readonly string[], from: number, fence: string): number {
  const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`)
  for (let index = from; index < lines.length; index++) if (closing.test(lines[index] ?? '')) return index
  return lines.length
}

/**
 * The code of an answer: the first block whose language is in `prefer`, else the first
 * block, else the whole text (trimmed of nothing: line numbers stay those of the text).
 */
export function extractCodeBlock(text: string, options: ExtractOptions = {}): CodeBlock {
  const blocks = codeBlocks(text)
  const prefer = options.prefer ?? []
  const chosen = blocks.find((block) => block.language !== null && prefer.includes(block.language)) ?? blocks[0]
  return chosen ?? { code: text, language: null, startLine: 0, fenced: false }
}
