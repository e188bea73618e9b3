/** Numbers written in English words: "forty-two", "one hundred and five", "three quarters", "two and a half". */

export interface WordNumber {
  value: number
  /** Index of the phrase in the text it was found in, and its length. */
  index: number
  length: number
  /** The phrase is the single word "one" (often a pronoun: "no one", "one of them"). */
  weak: boolean
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
}
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 }
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 }
const DENOMINATORS: Record<string, number> = {
  half: 2, halves: 2, third: 3, thirds: 3, quarter: 4, quarters: 4, fourth: 4, fourths: 4, fifth: 5, fifths: 5,
  sixth: 6, sixths: 6, seventh: 7, sevenths: 7, eighth: 8, eighths: 8, ninth: 9, ninths: 9, tenth: 10, tenths: 10,
}

/** "a half", "a quarter": only singular denominators follow "a". */
const SINGULAR_DENOMINATORS: Record<string, number> = Object.fromEntries(
  Object.entries(DENOMINATORS).filter(([name]) => !name.endsWith('s')),
)

interface Token {
  word: string
  index: number
  end: number
}

const WORD = /[a-z]+/g
/** What may sit between two words of one number: spaces or a hyphen. */
const JOINER = /^(?:\s+|\s*-\s*)$/

/** Every number phrase in `text` (expected lower-cased), in order. */
export function findWordNumbers(text: string): WordNumber[] {
  const runs = tokenRuns(text)
  const found: WordNumber[] = []
  for (const run of runs) {
    let i = 0
    while (i < run.length) {
      const parsed = parsePhrase(run, i)
      if (parsed === null) {
        i += 1
        continue
      }
      const first = run[i] as Token
      const last = run[parsed.end - 1] as Token
      const weak = parsed.end - i === 1 && first.word === 'one'
      found.push({ value: parsed.value, index: first.index, length: last.end - first.index, weak })
      i = parsed.end
    }
  }
  return found
}

/** Words split into runs of adjacent words (joined by spaces or hyphens only). */
function tokenRuns(text: string): Token[][] {
  const runs: Token[][] = []
  let run: Token[] = []
  for (const match of text.matchAll(WORD)) {
    const token = { word: match[0], index: match.index, end: match.index + match[0].length }
    const previous = run[run.length - 1]
    if (previous !== undefined && !JOINER.test(text.slice(previous.end, token.index))) {
      runs.push(run)
      run = []
    }
    run.push(token)
  }
  if (run.length > 0) runs.push(run)
  return runs
}

const word = (run: Token[], i: number): string | undefined => run[i]?.word

/** A number starting at `run[start]`: integer words, then an optional fraction part. */
function parsePhrase(run: Token[], start: number): { value: number; end: number } | null {
  let i = start
  const negative = word(run, i) === 'negative'
  if (negative) i += 1
  const integer = parseInteger(run, i)
  let value: number
  if (integer === null) {
    // "a half", "a quarter", "one half" is handled below; "a hundred" by parseInteger
    const denominator = word(run, i) === 'a' ? SINGULAR_DENOMINATORS[word(run, i + 1) ?? ''] : undefined
    if (denominator === undefined) return null
    value = 1 / denominator
    i += 2
  } else {
    value = integer.value
    i = integer.end
    const denominator = DENOMINATORS[word(run, i) ?? '']
    if (denominator !== undefined && integer.value > 0) {
      value = integer.value / denominator
      i += 1
    } else if (word(run, i) === 'and') {
      const fraction = parseFraction(run, i + 1)
      if (fraction !== null) {
        value += fraction.value
        i = fraction.end
      }
    } else if (word(run, i) === 'point') {
      const decimals = parseDecimals(run, i + 1)
      if (decimals !== null) {
        value = Number(`${integer.value}.${decimals.digits}`)
        i = decimals.end
      }
    }
  }
  if (negative && i === start + 1) return null
  return { value: negative ? -value : value, end: i }
}

/** "a half", "three quarters" after "and" in "two and a half". */
function parseFraction(run: Token[], i: number): { value: number; end: number } | null {
  const head = word(run, i)
  const single = head === 'a' || head === 'an'
  const numerator = single ? 1 : UNITS[head ?? '']
  const denominator = (single ? SINGULAR_DENOMINATORS : DENOMINATORS)[word(run, i + 1) ?? '']
  if (numerator === undefined || numerator === 0 || denominator === undefined) return null
  return { value: numerator / denominator, end: i + 2 }
}

function parseDecimals(run: Token[], i: number): { digits: string; end: number } | null {
  let digits = ''
  let end = i
  for (let digit = UNITS[word(run, end) ?? '']; digit !== undefined && digit < 10; digit = UNITS[word(run, end) ?? '']) {
    digits += String(digit)
    end += 1
  }
  return digits === '' ? null : { digits, end }
}

/** Cardinal words: "one hundred and five", "twenty-one thousand", "a dozen". */
function parseInteger(run: Token[], start: number): { value: number; end: number } | null {
  let total = 0
  let current = 0
  let i = start
  let last: 'none' | 'unit' | 'teen' | 'ten' | 'hundred' | 'scale' = 'none'
  if (word(run, i) === 'a' || word(run, i) === 'an') {
    const next = word(run, i + 1) ?? ''
    if (next !== 'hundred' && next !== 'dozen' && SCALES[next] === undefined) return null
    current = 1
    last = 'unit'
    i += 1
  }
  for (;;) {
    const w = word(run, i) ?? ''
    const unit = UNITS[w]
    const ten = TENS[w]
    if (unit !== undefined && (last === 'none' || last === 'hundred' || last === 'scale' || (last === 'ten' && unit < 10 && unit > 0))) {
      current += unit
      last = unit < 10 ? 'unit' : 'teen'
    } else if (ten !== undefined && (last === 'none' || last === 'hundred' || last === 'scale')) {
      current += ten
      last = 'ten'
    } else if (w === 'hundred' && (last === 'unit' || last === 'teen') && current < 100) {
      current *= 100
      last = 'hundred'
    } else if (w === 'dozen' && last !== 'none' && last !== 'scale') {
      current *= 12
      last = 'hundred'
    } else if (SCALES[w] !== undefined && last !== 'none' && last !== 'scale') {
      total += current * (SCALES[w] ?? 1)
      current = 0
      last = 'scale'
    } else if (w === 'and' && (last === 'hundred' || last === 'scale') && startsCardinal(word(run, i + 1))) {
      // British "one hundred and five"
    } else {
      break
    }
    i += 1
  }
  if (last === 'none') return null
  return { value: total + current, end: i }
}

function startsCardinal(candidate: string | undefined): boolean {
  return candidate !== undefined && (UNITS[candidate] !== undefined || TENS[candidate] !== undefined)
}
