import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml'
import { DatasetError, expectedFound, type DatasetIssue } from './errors.ts'
import { findJsonSyntaxError } from './json-syntax.ts'
import { deepestPlace, isStackOverflow, jsonTooDeep, NESTING_EXPECTED, NESTING_MESSAGE, yamlTooDeep } from './nesting.ts'

/** A dataset file's text, parsed, with what is needed to map fields back to lines. */
export interface ParsedSource {
  /** Absolute path of the file. */
  file: string
  format: 'yaml' | 'json'
  /** The file's text. */
  text: string
  /** The parsed document: its nodes carry source offsets (for JSON, parsed on first use). */
  document: Document
  lineCounter: LineCounter
  /** The plain data (objects, arrays, scalars). */
  data: unknown
}

/** The format a file name implies: `.json` is JSON, anything else YAML. */
export function sourceFormat(file: string): 'yaml' | 'json' {
  return file.toLowerCase().endsWith('.json') ? 'json' : 'yaml'
}

/**
 * Parses `text` as YAML or JSON (by the file's extension). Throws a DatasetError
 * listing every syntax error. Duplicate keys are not syntax errors here: they are
 * found with positions and paths by `findDuplicateKeys`.
 */
export function parseSource(file: string, text: string): ParsedSource {
  return sourceFormat(file) === 'json' ? parseJson(file, text) : parseYaml(file, text)
}

function parseYaml(file: string, text: string): ParsedSource {
  const { document, lineCounter } = parseGuarded(file, text, 'yaml')
  const issues = uniqueIssues(document.errors.map((error) => yamlIssue(file, lineCounter, error)))
  if (issues.length > 0) throw new DatasetError(file, issues)
  const deep = yamlTooDeep(document)
  if (deep !== null) throw new DatasetError(file, [nestingIssue(file, lineCounter.linePos(deep))])
  return { file, format: 'yaml', text, document, lineCounter, data: toPlainData(file, document) }
}

function nestingIssue(file: string, { line, col }: { line: number; col: number }): DatasetIssue {
  return { file, line, column: col, path: '', expected: NESTING_EXPECTED, found: 'deeper nesting', message: NESTING_MESSAGE }
}

/** Plain data from a parsed document; aliases beyond `yaml`'s limit (a "billion laughs") throw. */
function toPlainData(file: string, document: Document): unknown {
  try {
    return document.toJS()
  } catch (error) {
    const message = `invalid YAML: ${error instanceof Error ? error.message : String(error)}`
    throw new DatasetError(file, [{ file, line: 1, column: 1, path: '', expected: null, found: null, message }])
  }
}

/** JSON.parse decides validity and gives the data; `yaml` (JSON is YAML 1.2) gives node positions. */
function parseJson(file: string, text: string): ParsedSource {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new DatasetError(file, [jsonIssue(file, text, error)])
  }
  const deep = jsonTooDeep(text)
  if (deep !== null) throw new DatasetError(file, [nestingIssue(file, linePosition(text, deep))])
  // positions are only needed to locate a problem: parse for them on first use
  let positions: { document: Document; lineCounter: LineCounter } | undefined
  const located = (): { document: Document; lineCounter: LineCounter } => (positions ??= parseGuarded(file, text, 'json'))
  return {
    file,
    format: 'json',
    text,
    data,
    get document() {
      return located().document
    },
    get lineCounter() {
      return located().lineCounter
    },
  }
}

/**
 * The parser recurses once per nesting level: a file nested thousands deep can
 * overflow the call stack before any depth check sees a document. That is the
 * nesting error too, placed by a scan of the text.
 */
function parseGuarded(file: string, text: string, format: 'yaml' | 'json'): { document: Document; lineCounter: LineCounter } {
  try {
    return parseWithPositions(text, format)
  } catch (error) {
    if (!(error instanceof RangeError) || !isStackOverflow(error.message)) throw error
    throw new DatasetError(file, [nestingIssue(file, deepestPlace(text))])
  }
}

/** YAML gets `<<` merge keys (shared blocks via anchors); JSON keeps `"<<"` as a plain key. */
function parseWithPositions(text: string, format: 'yaml' | 'json'): { document: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: format === 'yaml' })
  return { document, lineCounter }
}

function yamlIssue(file: string, lineCounter: LineCounter, error: YAMLError): DatasetIssue {
  const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0])
  if (isStackOverflow(error.message)) return nestingIssue(file, { line, col })
  if (error.code === 'MULTIPLE_DOCS') {
    const expected = 'one YAML document'
    const found = 'a second document (after "---")'
    return { file, line, column: col, path: '', expected, found, message: `${expectedFound(expected, found)}; a dataset file holds one dataset` }
  }
  const message = `invalid YAML: ${firstLine(error.message)}`
  return { file, line, column: col, path: '', expected: null, found: null, message }
}

function jsonIssue(file: string, text: string, error: unknown): DatasetIssue {
  const syntax = findJsonSyntaxError(text)
  const offset = syntax?.offset ?? 0
  const { line, col } = linePosition(text, offset)
  const detail = syntax ? expectedFound(syntax.expected, syntax.found) : String(error)
  const base = { file, line, column: col, path: '', message: `invalid JSON: ${detail}` }
  return { ...base, expected: syntax?.expected ?? null, found: syntax?.found ?? null }
}

function linePosition(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 }
}

/** `yaml` messages end with ` at line N, column M:` and a code excerpt; keep the sentence. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, '')
}

function uniqueIssues(issues: DatasetIssue[]): DatasetIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => {
    // a parser that overflowed its stack may say so at several places: once is enough
    const key = issue.message === NESTING_MESSAGE ? NESTING_MESSAGE : `${issue.line}:${issue.column}:${issue.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
