/**
 * Whether valid JSON text repeats a key inside one object (`JSON.parse` keeps
 * the last one silently). A linear scan, so a clean JSON dataset never needs
 * the slower positional parse; only a file with duplicates gets one, to say
 * where they are.
 */
export function jsonHasDuplicateKeys(text: string): boolean {
  const objects: (Set<string> | null)[] = [] // null: inside an array
  let expectKey = false
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const end = stringEnd(text, i)
      const keys = objects.at(-1)
      if (keys && expectKey) {
        const raw = text.slice(i, end)
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1)
        if (keys.has(key)) return true
        keys.add(key)
        expectKey = false
      }
      i = end
      continue
    }
    if (c === OPEN_BRACE) {
      objects.push(new Set())
      expectKey = true
    } else if (c === OPEN_BRACKET) objects.push(null)
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) objects.pop()
    else if (c === COMMA) expectKey = objects.at(-1) != null
    i++
  }
  return false
}

const QUOTE = 34
const BACKSLASH = 92
const COMMA = 44
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93

/** Index just after the string that starts at `start` (a quote). */
function stringEnd(text: string, start: number): number {
  let i = start + 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === BACKSLASH) i += 2
    else if (c === QUOTE) return i + 1
    else i++
  }
  return i
}
