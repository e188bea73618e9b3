import { isMap, isPair, isSeq, type Document } from 'yaml'

/**
 * How deep lists and maps may nest in a dataset file. Real datasets nest a
 * dozen levels (a JSON Schema inside an assertion, twenty or so); a file
 * nested thousands deep would overflow the call stack of the parser or of the
 * checks after it, so it is refused with the place where it gets too deep.
 */
export const MAX_NESTING = 100

export const NESTING_EXPECTED = `at most ${MAX_NESTING} levels of nested lists and maps`

/** `nesting too deep: expected at most 100 levels of nested lists and maps, found more` */
export const NESTING_MESSAGE = `nesting too deep: expected ${NESTING_EXPECTED}, found more`

/** Whether an error the YAML parser caught is a call stack overflow (its message is the engine's). */
export function isStackOverflow(message: string): boolean {
  return message.includes('Maximum call stack size exceeded')
}

/** Offset of the first list or map nested deeper than MAX_NESTING in a parsed YAML document; null when none. */
export function yamlTooDeep(document: Document): number | null {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: document.contents, depth: 1 }]
  while (stack.length > 0) {
    const { node, depth } = stack.pop() ?? { node: null, depth: 0 }
    if (!isMap(node) && !isSeq(node)) continue
    if (depth > MAX_NESTING) return node.range?.[0] ?? 0
    for (const item of node.items) {
      if (isPair(item)) stack.push({ node: item.value, depth: depth + 1 }, { node: item.key, depth: depth + 1 })
      else stack.push({ node: item, depth: depth + 1 })
    }
  }
  return null
}

/** Offset of the first `[` or `{` nested deeper than MAX_NESTING in JSON text; null when none. */
export function jsonTooDeep(text: string): number | null {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '[' || char === '{') {
      depth++
      if (depth > MAX_NESTING) return i
    } else if (char === ']' || char === '}') depth--
  }
  return null
}

/**
 * Where YAML text gets too deep, estimated without parsing (for when the parser
 * itself overflowed): each deeper indentation opens a level, each `[` or `{`
 * too. Quotes and comments are not understood; the first line past
 * MAX_NESTING levels is close enough to point at.
 */
export function deepestPlace(text: string): { line: number; col: number } {
  const indents: number[] = []
  let flow = 0
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    const indent = line.length - line.trimStart().length
    if (line.trim() !== '' && flow === 0) {
      while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop()
      indents.push(indent)
    }
    for (let column = 0; column < line.length; column++) {
      const char = line[column]
      if (char === '[' || char === '{') flow++
      else if (char === ']' || char === '}') flow = Math.max(0, flow - 1)
      if (indents.length + flow > MAX_NESTING) return { line: index + 1, col: column + 1 }
    }
  }
  return { line: 1, col: 1 }
}
