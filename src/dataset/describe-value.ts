/** Plain words for values and types, used in `expected …, found …`. */

const TYPE_WORDS: Record<string, string> = {
  object: 'map',
  record: 'map',
  array: 'list',
  int: 'integer',
  string: 'string',
  number: 'number',
  boolean: 'boolean',
}

/** A zod type name in the words of a YAML/JSON author: `object` → `map`, `array` → `list`. */
export function typeWord(zodType: string): string {
  return TYPE_WORDS[zodType] ?? zodType
}

/** `string "hot"`, `number -5`, `boolean true`, `null`, `list of 2 items`, `map with keys "a" and "b"`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return `string ${quote(value)}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`
  if (Array.isArray(value)) return value.length === 0 ? 'empty list' : `list of ${value.length} item${value.length === 1 ? '' : 's'}`
  if (typeof value === 'object') return describeMap(value)
  return typeof value
}

/** A string in double quotes, cut short when long. */
export function quote(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 37)}...` : text
  return JSON.stringify(short)
}

/** `"a", "b" and "c"` */
export function listWords(words: readonly string[], last = 'and'): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} ${last} ${words.at(-1) ?? ''}`
}

function describeMap(value: object): string {
  const keys = Object.keys(value)
  if (keys.length === 0) return 'empty map'
  const named = listWords(keys.slice(0, 5).map(quote))
  return `map with ${keys.length === 1 ? 'key' : 'keys'} ${named}${keys.length > 5 ? ', ...' : ''}`
}
