/**
 * GitHub-flavoured Markdown from untrusted text (case ids, model output,
 * error messages): one line, every character that Markdown or GitHub would
 * read as syntax backslash-escaped, so it shows as typed and cannot end a
 * table cell, open a link, raw HTML or math.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\t/g, ' ')
    .replace(/[\\`*_[\]<>|~&$#!]/g, (c) => `\\${c}`)
    .trim()
}

/** At most `max` characters (before escaping), an ellipsis marking a cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** A table: `numeric` columns right-aligned. Cells are used as given (escape untrusted text first). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`
  const rule = `|${header.map((_, i) => (numeric.includes(i) ? ' ---: ' : ' --- ')).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}

/** A fenced code block that the text cannot close: the fence is longer than any backtick run in it. */
export function fenced(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`
}
