/**
 * A small RFC 4180 CSV reader: fields separated by commas, records by CRLF or
 * LF; a field in double quotes may hold commas, line breaks and `""` (one
 * quote). Each record carries the 1-based line it starts on, for error messages.
 */

export interface CsvRecord {
  /** 1-based line of the record's first character. */
  line: number
  fields: string[]
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError'
  readonly line: number
  readonly column: number
  constructor(message: string, line: number, column: number) {
    super(message)
    this.line = line
    this.column = column
  }
}

/**
 * Yields the records of `text` one at a time (a caller that needs only the
 * first N stops early). Empty lines between records are skipped.
 */
export function* parseCsv(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  let lineStart = i
  const length = text.length
  while (i < length) {
    // skip blank lines
    if (text[i] === '\n' || text[i] === '\r') {
      if (text[i] === '\r' && text[i + 1] === '\n') i++
      i++
      line++
      lineStart = i
      continue
    }
    const recordLine = line
    const fields: string[] = []
    for (;;) {
      let value = ''
      if (text[i] === '"') {
        const quoteLine = line
        const quoteColumn = i - lineStart + 1
        i++
        for (;;) {
          if (i >= length) throw new CsvSyntaxError('unterminated quoted field: expected a closing `"`', quoteLine, quoteColumn)
          const next = text.indexOf('"', i)
          if (next === -1) throw new CsvSyntaxError('unterminated quoted field: expected a closing `"`', quoteLine, quoteColumn)
          const chunk = text.slice(i, next)
          for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) {
            line++
            lineStart = i + k + 1
          }
          value += chunk
          i = next + 1
          if (text[i] === '"') {
            value += '"'
            i++
            continue
          }
          break
        }
        const after = text[i]
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          throw new CsvSyntaxError(`expected "," or the end of the line after a quoted field, found ${JSON.stringify(after)}`, line, i - lineStart + 1)
        }
      } else {
        let j = i
        while (j < length) {
          const c = text[j]
          if (c === ',' || c === '\n' || c === '\r') break
          if (c === '"') throw new CsvSyntaxError('a `"` inside an unquoted field: quote the whole field and double the quote (`""`)', line, j - lineStart + 1)
          j++
        }
        value = text.slice(i, j)
        i = j
      }
      fields.push(value)
      if (text[i] === ',') {
        i++
        continue
      }
      break
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i++
    if (i < length) {
      i++
      line++
      lineStart = i
    }
    yield { line: recordLine, fields }
  }
}
