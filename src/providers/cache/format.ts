import { basename } from 'node:path'
import { Document, LineCounter, isCollection, isNode, isScalar, parseDocument, visit, type Document as YamlDocument } from 'yaml'
import { CorruptRecordingError } from './errors.ts'
import { sortKeys } from '../../record/stable-json.ts'
import { RECORDING_VERSION, RecordingEntrySchema, RecordingFileSchema, compareEntries, entryKey, type RecordingEntry } from './entry.ts'

/** Small maps written on one line each, so an entry reads as request, output, numbers. */
const FLOW_KEYS = new Set(['target', 'params', 'usage', 'timings', 'serverTimings'])

/**
 * The recording file's text (always the current version): a header comment,
 * `version`, `dataset`, and the entries sorted by case id, provider, request hash. Multi-line prompts and
 * outputs are YAML block scalars and lines are never folded, so a changed
 * prompt or output is a diff of the lines that changed. Each entry's text is
 * made once and kept, so rewriting a large file after one more entry is cheap.
 */
export function serializeRecording(entries: readonly RecordingEntry[], datasetFile: string): string {
  const name = basename(datasetFile)
  const head = new Document({ version: RECORDING_VERSION, dataset: name }).toString({ lineWidth: 0 })
  const header =
    `# Recorded LLM responses for ${name}, written by llm-test-bench: one entry per case, provider and request.\n` +
    `# Replayed with cache 'read-write' or 'replay'; re-record with LLM_BENCH_CACHE=record; drop unused entries with llm-test-bench recordings prune.\n`
  if (entries.length === 0) return `${header}${head}entries: []\n`
  return `${header}${head}entries:\n${[...entries].sort(compareEntries).map(entryText).join('')}`
}

const texts = new WeakMap<RecordingEntry, string>()

/** One entry as an item of the `entries` list (indented under it). */
function entryText(entry: RecordingEntry): string {
  const cached = texts.get(entry)
  if (cached !== undefined) return cached
  const doc = new Document([canonical(entry)])
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value === 'string' && FLOW_KEYS.has(pair.key.value) && isCollection(pair.value)) {
        pair.value.flow = true
      }
    },
  })
  // shifting every line alike keeps block scalars (and their indentation indicators) intact
  const text = doc
    .toString({ lineWidth: 0 })
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n')
  texts.set(entry, text)
  return text
}

/**
 * Entries of a recording file's text, of any version this reader knows
 * (migrated on read, written back in the current one); a
 * `CorruptRecordingError` names the file, line, field and problem.
 */
export function parseRecording(text: string, file: string): RecordingEntry[] {
  if (text.trim() === '') return []
  const conflict = /^(?:<{7}|={7}|>{7})(?: |$)/m.exec(text)
  if (conflict) throw new CorruptRecordingError(file, lineAt(text, conflict.index), 1, 'unresolved merge conflict markers')
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  const syntax = doc.errors[0]
  if (syntax) {
    const pos = syntax.linePos?.[0]
    const message = (syntax.message.split('\n')[0] ?? syntax.code).replace(/ at line \d+, column \d+:?$/, '')
    throw new CorruptRecordingError(file, pos?.line ?? null, pos?.col ?? null, message)
  }
  const parsed = RecordingFileSchema.safeParse(doc.toJS())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = (issue?.path ?? []).filter((s): s is string | number => typeof s !== 'symbol')
    const pos = positionOf(doc, path, lineCounter)
    const field = formatPath(path)
    throw new CorruptRecordingError(file, pos?.line ?? null, pos?.col ?? null, `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`)
  }
  // one entry per case, provider and request; should a bad merge leave two, the later wins
  const byKey = new Map<string, RecordingEntry>()
  for (const entry of parsed.data.entries) byKey.set(entryKey(entry), entry)
  return [...byKey.values()]
}

/**
 * The entry with its keys in one order whatever made it (a provider's
 * response, or a file read back): the schema's order, unknown keys after,
 * parameters sorted. Re-serializing an entry read from a file gives its text.
 */
function canonical(entry: RecordingEntry): RecordingEntry {
  const parsed = RecordingEntrySchema.safeParse(entry)
  if (!parsed.success) return entry
  const { request } = parsed.data
  return { ...parsed.data, request: { ...request, params: sortKeys(request.params) as typeof request.params } } as RecordingEntry
}

/** Where the deepest existing node on `path` starts. */
function positionOf(doc: YamlDocument, path: readonly (string | number)[], lineCounter: LineCounter): { line: number; col: number } | null {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true)
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0])
  }
  return null
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('')
}

function lineAt(text: string, index: number): number {
  let line = 1
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
