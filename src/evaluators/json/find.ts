import { lineColumn, locateError, type JsonErrorLocation } from './position.ts'

export interface FindJsonOptions {
  /** Look for JSON inside the text (a ```json fence, or the first object/array after prose). */
  extract: boolean
  /** The whole output (trimmed) must be JSON; overrides `extract`. */
  strict: boolean
}

export type JsonSource = 'the whole output' | 'a ```json fence' | 'a code fence' | 'embedded in text'

export type FoundJson =
  | { ok: true; value: unknown; source: JsonSource; start: number; end: number; line: number; column: number }
  | JsonFailure

export interface JsonFailure {
  ok: false
  error: JsonErrorLocation
  source: JsonSource
}

const FENCE = /```[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)```/g
/** Openers tried by the embedded scan before giving up (each scan is linear). */
const MAX_OPENERS = 500

/**
 * The JSON value of an output: the whole output when it parses; else (with `extract`) the first
 * ```json fence (then any fence) whose content parses, else the first balanced `{...}`/`[...]`
 * (brackets inside strings ignored) that parses. On failure, the most telling parse error:
 * the whole output's (strict), the first json fence's, the embedded candidate that parsed furthest, or the whole output's.
 */
export function findJson(output: string, options: FindJsonOptions): FoundJson {
  const whole = tryParse(output, 0, output, 'the whole output')
  if (whole.ok || options.strict || !options.extract) return whole
  let jsonFenceFailure: JsonFailure | undefined
  for (const fence of fences(output)) {
    const found = tryParse(output, fence.start, fence.content, fence.json ? 'a ```json fence' : 'a code fence')
    if (found.ok) return found
    if (fence.json) jsonFenceFailure ??= found
  }
  let furthest: { found: JsonFailure; reach: number } | undefined
  let tried = 0
  for (let start = nextOpener(output, 0); start !== -1 && tried < MAX_OPENERS; start = nextOpener(output, start + 1)) {
    tried += 1
    const found = tryParse(output, start, output.slice(start, matchingClose(output, start)), 'embedded in text')
    if (found.ok) return found
    const reach = found.error.position - start
    if (furthest === undefined || reach > furthest.reach) furthest = { found, reach }
  }
  // a candidate that got no further than parsing the whole output did is the whole output's error
  const beyondWhole = furthest !== undefined && furthest.found.error.position > whole.error.position
  return jsonFenceFailure ?? (beyondWhole ? furthest?.found : undefined) ?? whole
}

function tryParse(output: string, start: number, source: string, kind: JsonSource): FoundJson {
  try {
    const value: unknown = JSON.parse(source)
    const leading = source.length - source.trimStart().length
    return { ok: true, value, source: kind, start: start + leading, end: start + source.trimEnd().length, ...lineColumn(output, start + leading) }
  } catch (error) {
    return { ok: false, error: locateError(output, start, source, error), source: kind }
  }
}

function fences(output: string): { start: number; content: string; json: boolean }[] {
  const found = [...output.matchAll(FENCE)].map((match) => {
    const language = (match[1] ?? '').toLowerCase()
    const content = match[2] ?? ''
    return { start: match.index + match[0].indexOf('\n') + 1, content, json: language === 'json' || language === 'jsonc' }
  })
  return [...found.filter((fence) => fence.json), ...found.filter((fence) => !fence.json)]
}

function nextOpener(text: string, from: number): number {
  const brace = text.indexOf('{', from)
  const bracket = text.indexOf('[', from)
  if (brace === -1) return bracket
  if (bracket === -1) return brace
  return Math.min(brace, bracket)
}

/** The end (exclusive) of the bracketed value opening at `start`; string contents and escapes are skipped. The text's end when unbalanced. */
export function matchingClose(text: string, start: number): number {
  let depth = 0
  let inString = false
  for (let i = start; i < text.length; i += 1) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i += 1
      else if (char === '"') inString = false
    } else if (char === '"') {
      inString = true
    } else if (char === '{' || char === '[') {
      depth += 1
    } else if (char === '}' || char === ']') {
      depth -= 1
      if (depth === 0) return i + 1
    }
  }
  return text.length
}
