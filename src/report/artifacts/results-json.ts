import { AtomicFile, writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { sortKeys, stableStringify } from '../../record/stable-json.ts'
import type { RunResults } from '../results-schema.ts'
import { ByteOut } from './byte-out.ts'
import { indentRecordLine } from './indent-json-line.ts'

/**
 * Writes `results.json` with its `cases` taken from `cases` (one pass, each
 * record stringified alone) instead of `results.cases`: the same bytes as
 * `writeStableJsonFile(file, { ...results, cases: [...cases()] }, 2)` — keys
 * sorted, two-space indent, a final newline — without the records in memory.
 * Atomic and whole (see atomic-write.ts).
 */
export function writeResultsJson(file: string, results: RunResults, cases: () => Iterable<CaseRecord>): void {
  const writer = new ResultsJsonWriter(file, results)
  try {
    for (const record of cases()) writer.add(record)
    writer.commit()
  } finally {
    writer.abort()
  }
}

/**
 * `results.json` filled as the records come (see {@link writeResultsJson}):
 * `add` each record in order, then `commit`; `abort` leaves no file. Opened
 * on a temporary file (atomic-write.ts), so it can be filled in the same pass
 * as the other artifacts and dropped when one of them fails.
 */
export class ResultsJsonWriter {
  readonly file: string
  readonly #out = new ByteOut(BATCH_BYTES + (1 << 16))
  readonly #atomic: AtomicFile
  readonly #tail: string[]
  #cases = 0
  /** Records (keys sorted) waiting to be stringified together. */
  #pending: unknown[] = []
  /** The last run id's JSON text (every record of a run has the same). */
  #runId: { id: string | null; json: Uint8Array } = { id: null, json: Buffer.from('null') }
  #ended = false

  /** `temporary`: the temporary file's name (see AtomicFile). */
  constructor(file: string, results: RunResults, temporary?: string) {
    this.file = file
    this.#atomic = new AtomicFile(file, temporary === undefined ? {} : { temporary })
    const keys = Object.keys(results).sort()
    // the keys before `cases` now, the ones after it at the end
    const head: string[] = ['{']
    const tail: string[] = []
    let part = head
    let first = true
    for (const key of keys) {
      const value = key === 'cases' ? null : (results as unknown as Record<string, unknown>)[key]
      if (key !== 'cases' && (value === undefined || typeof value === 'function' || typeof value === 'symbol')) continue
      part.push(`${first ? '' : ','}\n  ${JSON.stringify(key)}: `)
      first = false
      if (key === 'cases') part = tail
      else part.push(stableStringify(value, 2).replaceAll('\n', '\n  '))
    }
    tail.push('\n}\n')
    this.#tail = tail
    for (const text of head) this.#out.text(text)
  }

  add(record: CaseRecord): void {
    this.#pending.push(isKeySorted(record) ? record : sortKeys(record))
    if (this.#pending.length === RECORDS_PER_STRINGIFY) this.#stringifyPending()
  }

  /**
   * A record with the JSON line it was read from (`line`: its value, but for
   * its runId, which is the record's): the line's text is copied in, indented
   * (see indent-json-line.ts), with no parse or serialisation; a line not
   * written as JSON.stringify writes is serialised from the record instead.
   */
  addLine(record: CaseRecord, line: Uint8Array | null): void {
    if (line === null || !this.#copyLine(line, record.runId)) this.add(record)
  }

  /** {@link addLine} from the line alone (`runId`: the record's), parsed only when it is not copied. */
  addLineText(line: Uint8Array, runId: string | null): void {
    if (this.#copyLine(line, runId)) return
    const value: unknown = JSON.parse(Buffer.from(line.buffer, line.byteOffset, line.length).toString('utf8'))
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`results.json: a line is not a record (${line.length} bytes)`)
    this.add({ ...(value as CaseRecord), runId })
  }

  /** Every record written and flushed to the disk (see AtomicFile.prepare): `commit` then only renames the file. */
  end(): void {
    if (this.#ended) return
    this.#stringifyPending()
    this.#out.text(this.#cases === 0 ? '[]' : '\n  ]')
    for (const text of this.#tail) this.#out.text(text)
    this.#flush()
    this.#atomic.prepare()
    this.#ended = true
  }

  commit(): void {
    this.end()
    this.#atomic.commit()
  }

  abort(): void {
    this.#atomic.abort()
  }

  /** The line's text copied in, indented; false (nothing written) when it is not written as JSON.stringify writes. */
  #copyLine(line: Uint8Array, runId: string | null): boolean {
    this.#stringifyPending()
    const out = this.#out
    const before = out.length
    out.byte(this.#cases === 0 ? OPEN_ARRAY : COMMA)
    out.copy(RECORD_BREAK, 0, RECORD_BREAK.length)
    if (!indentRecordLine(line, 2, this.#runIdJson(runId), out)) {
      out.length = before
      return false
    }
    this.#cases++
    if (out.length >= BATCH_BYTES) this.#flush()
    return true
  }

  /**
   * The waiting records as `results.json` has them: one native stringify of
   * `{ "cases": [...] }` at two-space indent puts each record at the depth
   * (four spaces) it has in the file, so the text between the array's brackets
   * is the file's text, with no re-indenting copy of each record.
   */
  #stringifyPending(): void {
    if (this.#pending.length === 0) return
    const text = JSON.stringify({ cases: this.#pending }, null, 2)
    this.#pending = []
    this.#out.text(`${this.#cases === 0 ? '[' : ','}${text.slice(BATCH_HEAD.length, text.length - BATCH_TAIL.length)}`)
    this.#cases++
    if (this.#out.length >= BATCH_BYTES) this.#flush()
  }

  #flush(): void {
    if (this.#out.length > 0) this.#atomic.write(this.#out.take())
  }

  #runIdJson(id: string | null): Uint8Array {
    if (this.#runId.id !== id) this.#runId = { id, json: Buffer.from(JSON.stringify(id)) }
    return this.#runId.json
  }
}

/** Bytes gathered before they go to the file. */
const BATCH_BYTES = 1 << 20
const OPEN_ARRAY = 0x5b
const COMMA = 0x2c
/** Before each record in `cases`: a line break and its four spaces. */
const RECORD_BREAK = Buffer.from('\n    ')

const RECORDS_PER_STRINGIFY = 256
const BATCH_HEAD = '{\n  "cases": ['
const BATCH_TAIL = '\n  ]\n}'

/**
 * Whether stringifying the value as it is gives `stableStringify`'s text: every
 * object a plain one whose keys are in ascending order already (a record read
 * from a file written with sorted keys), so no sorted copy is needed.
 */
function isKeySorted(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && !isKeySorted(item)) return false
    return true
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  let previous = ''
  let first = true
  for (const key in value) {
    if (!first && !(previous < key)) return false
    first = false
    previous = key
    if (!isKeySorted((value as Record<string, unknown>)[key])) return false
  }
  return true
}
