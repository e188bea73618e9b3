/** Where JSON.parse failed, as an offset and a 1-based line:column. */
export interface JsonErrorLocation {
  message: string
  /** Offset in the whole output. */
  position: number
  line: number
  column: number
}

/**
 * The offset at which `source` stops being JSON: from V8's "at position N" when the message has it,
 * else by bisecting for the longest prefix that is still a viable JSON prefix.
 */
export function parseErrorOffset(source: string, message: string): number {
  const stated = /at position (\d+)/.exec(message)
  if (stated?.[1] !== undefined) return Number(stated[1])
  let good = 0
  let bad = source.length
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2)
    if (isViablePrefix(source.slice(0, middle))) good = middle
    else bad = middle
  }
  return isViablePrefix(source) ? source.length : good
}

/** A prefix that parses, or fails only because the input ended. */
function isViablePrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix)
    return true
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/Unexpected end of JSON input/.test(message)) return true
    const stated = /at position (\d+)/.exec(message)
    return stated?.[1] !== undefined && Number(stated[1]) >= prefix.length
  }
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const lines = before.split('\n')
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 }
}

/** JSON.parse's message without V8's own position and its echo of the input, and the location in the whole output. */
export function locateError(output: string, start: number, source: string, error: unknown): JsonErrorLocation {
  const raw = error instanceof Error ? error.message : String(error)
  const position = start + parseErrorOffset(source, raw)
  const message = raw
    .replace(/ (?:in JSON )?at position \d+(?: \(line \d+ column \d+\))?$/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/^Unexpected token '(.*)'$/s, (_, token: string) => `Unexpected token ${JSON.stringify(token)}`)
  return { message, position, ...lineColumn(output, position) }
}
