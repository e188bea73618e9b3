/** Small text helpers shared by the scoring functions and the matcher messages. */

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu
const WHITESPACE_RUN = /\s+/gu

/** Unicode NFKC, zero-width characters removed, whitespace runs collapsed to one space, trimmed. */
export function normalizeSpacing(text: string): string {
  return text.normalize('NFKC').replace(ZERO_WIDTH, '').replace(WHITESPACE_RUN, ' ').trim()
}

/**
 * Case folding as close as JavaScript gets without tables: upper-casing first folds
 * characters such as `ß` (-> `SS` -> `ss`) that lower-casing alone leaves alone.
 */
export function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase()
}

/** `"text"` as a JSON string, cut to `max` characters with an ellipsis and the full length. */
export function preview(text: string, max = 160): string {
  if (text.length <= max) return JSON.stringify(text)
  return `${JSON.stringify(text.slice(0, max))}… (${text.length} chars)`
}

/** A score or threshold for a message: `0.67`. */
export function formatScore(value: number): string {
  return value.toFixed(2)
}
