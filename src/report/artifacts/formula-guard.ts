/**
 * A spreadsheet opening a CSV runs a cell that begins with `=`, `+`, `-` or
 * `@` as a formula (`=HYPERLINK(...)`, `=cmd|'/C calc'!A0`), and some also
 * after a leading tab or carriage return. OWASP's rule for CSV injection: such
 * a text cell is written with a `'` in front, which spreadsheets take as "this
 * is text". Only text cells are guarded: a number (a negative score or
 * latency) is written as the number it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/

/** The text, with a `'` in front when a spreadsheet would take it for a formula. */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}
