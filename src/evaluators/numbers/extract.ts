import { findWordNumbers } from './words.ts'

/** One number found in a text. */
export interface NumberCandidate {
  value: number
  /** As written (in the normalised text): `$1,234.50`, `3/4`, `forty-two`, `12%`. */
  text: string
  index: number
  /** Written with `%` or "percent": it also matches its value / 100. */
  percent: boolean
  /** In words. */
  words: boolean
  /** The lone word "one", used only when nothing else is found. */
  weak: boolean
}

/** The answer number of a text and where it came from. */
export interface ExtractedAnswer extends NumberCandidate {
  /** `final-answer marker "####"`, `final-answer marker "the answer is"`, `last number`, ... */
  source: string
}

const SCALE_WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 }

/**
 * A number written with digits: sign (not after a letter or digit: "GPT-4" is 4, "3-4" is 3 and 4),
 * currency, thousands separators, decimals, exponent (`1.5e3`, `1.5 × 10^3`), a fraction
 * (`3/4`, mixed `1 1/2`), a scale word (`1.2 million`) and a percent sign.
 */
const DIGITS = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.])(?<sign>-(?=[$€£¥]?\s?\.?\d))?(?:[$€£¥]\s?)?(?<sign2>-)?` +
    String.raw`(?<body>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:\.\d+)?|\.\d+)` +
    String.raw`(?:[eE](?<exp>[-+]?\d+)|\s?[×x*]\s?10\^(?<pow>[-+]?\d+))?` +
    String.raw`(?:(?<mixed>\s\d+)?\/(?<den>\d+)(?![\d/]))?` +
    String.raw`(?:\s(?<scale>thousand|million|billion|trillion)\b)?` +
    String.raw`(?<pct>\s?%|\s?percent\b)?`,
  'gu',
)

/** Final-answer markers, strongest first; within one kind the last occurrence wins. */
const MARKERS: readonly { name: string; pattern: RegExp }[] = [
  { name: '####', pattern: /####/g },
  { name: '\\boxed{}', pattern: /\\boxed\s*\{/g },
  {
    name: 'answer',
    pattern: /\b(?:final answer|answer)\s*(?:is|was|would be|will be|should be|equals|=|:)(?:\s*:)?/gi,
  },
]

/** How far after a marker its number may start, and what may not sit in between (a sentence end). */
const MARKER_REACH = 60
const SENTENCE_END = /[.!?](?:\s|$)|\n\s*\n/

/** The normalised form the candidates index into: NFKC, unicode minus, GSM8K `<<...>>` notes and LaTeX fractions rewritten. */
export function normalizeNumberText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\uFE63\uFF0D]/g, '-')
    .replace(/\u2044/g, '/')
    .replace(/<<[^<>]*>>/g, '')
    .replace(/\\[dt]?frac\{\s*(-?\d+)\s*\}\{\s*(\d+)\s*\}/g, '$1/$2')
    .replace(/\\\$/g, '$')
    .replace(/\\(?:,|!|;)/g, '')
}

/** Every number in `text` (already normalised), in order of position. */
export function findNumbers(text: string): NumberCandidate[] {
  const digits = [...text.matchAll(DIGITS)].flatMap((match): NumberCandidate[] => {
    const value = digitValue(match.groups ?? {})
    if (value === null) return []
    return [{ value, text: match[0].trim(), index: match.index, percent: match.groups?.pct !== undefined, words: false, weak: false }]
  })
  const words = findWordNumbers(text.toLowerCase()).map(
    (found): NumberCandidate => ({
      value: found.value,
      text: text.slice(found.index, found.index + found.length),
      index: found.index,
      percent: false,
      words: true,
      weak: found.weak,
    }),
  )
  return [...digits, ...words].sort((a, b) => a.index - b.index)
}

function digitValue(groups: Record<string, string | undefined>): number | null {
  const { sign, sign2, body = '', exp, pow, mixed, den, scale } = groups
  const exponent = exp ?? pow
  let value = Number(`${body.replace(/,/g, '')}${exponent === undefined ? '' : `e${exponent}`}`)
  if (den !== undefined) {
    const denominator = Number(den)
    if (denominator === 0) return null
    value = mixed === undefined ? value / denominator : value + Number(mixed) / denominator
  }
  if (scale !== undefined) value *= SCALE_WORDS[scale] ?? 1
  if (sign !== undefined || sign2 !== undefined) value = -value
  return Number.isFinite(value) ? value : null
}

/**
 * The answer number of a text: the first number right after the last final-answer marker
 * (`#### 72`, `\boxed{72}`, "The answer is 72", "Answer: 72"), else the last number
 * (numbers in digits first; the lone word "one" only when there is nothing else).
 */
export function extractAnswer(raw: string): ExtractedAnswer | null {
  const text = normalizeNumberText(raw)
  const candidates = findNumbers(text)
  for (const marker of MARKERS) {
    const found = afterLastMarker(text, candidates, marker.pattern)
    if (found !== null) return { ...found.candidate, source: `final-answer marker ${JSON.stringify(found.marker)}` }
  }
  const strong = candidates.filter((candidate) => !candidate.weak)
  const pool = strong.length > 0 ? strong : candidates
  const last = pool[pool.length - 1]
  if (last === undefined) return null
  return { ...last, source: pool.length === 1 ? 'the only number' : `the last of ${pool.length} numbers` }
}

function afterLastMarker(
  text: string,
  candidates: readonly NumberCandidate[],
  pattern: RegExp,
): { candidate: NumberCandidate; marker: string } | null {
  const matches = [...text.matchAll(pattern)]
  for (let m = matches.length - 1; m >= 0; m -= 1) {
    const match = matches[m]
    if (match === undefined) continue
    const end = match.index + match[0].length
    const next = candidates.find((candidate) => candidate.index >= end)
    if (next === undefined || next.index - end > MARKER_REACH || SENTENCE_END.test(text.slice(end, next.index))) continue
    return { candidate: next, marker: match[0].trim() }
  }
  return null
}
