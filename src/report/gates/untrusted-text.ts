/**
 * Case ids, dataset and provider names come from users' files and may hold
 * anything: these make them safe to print in a terminal or a Markdown table.
 */

// C0 and C1 control characters (ESC starts a terminal escape sequence), DEL, line and paragraph separators
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** One line for a terminal: control characters (escape sequences, newlines) become a space; cut at `max`. */
export function terminalText(text: string, max = 200): string {
  return cut(text.replace(CONTROL, ' '), max)
}

/**
 * Literal text in a Markdown table cell or paragraph: HTML and Markdown syntax
 * escaped (no tags, links, emphasis or code spans), pipes escaped, `@` kept
 * from mentioning anyone, one line, cut at `max`.
 */
export function markdownText(text: string, max = 200): string {
  return cut(text.replace(CONTROL, ' '), max)
    .replace(/[\\`*_[\]#!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
