import { AtomicFile, writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { sortKeys, stableStringify } from '../../record/stable-json.ts'
import type { RunResults } from '../results-schema.ts'

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
  readonly #out: Batch
  readonly #atomic: AtomicFile
  readonly #tail: string[]
  #cases = 0
  /** Records (keys sorted) waiting to be stringified together. */
  #pending: unknown[] = []

  constructor(file: string, results: RunResults) {
    this.file = file
    const atomic = new AtomicFile(file)
    this.#atomic = atomic
    this.#out = new Batch((chunk) => atomic.write(chunk))
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
    for (const text of head) this.#out.write(text)
  }

  add(record: CaseRecord): void {
    this.#pending.push(isKeySorted(record) ? record : sortKeys(record))
    if (this.#pending.length === RECORDS_PER_STRINGIFY) this.#stringifyPending()
  }

  commit(): void {
    this.#stringifyPending()
    this.#out.write(this.#cases === 0 ? '[]' : '\n  ]')
    for (const text of this.#tail) this.#out.write(text)
    this.#out.flush()
    this.#atomic.commit()
  }

  abort(): void {
    this.#atomic.abort()
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
    this.#out.write(`${this.#cases === 0 ? '[' : ','}${text.slice(BATCH_HEAD.length, text.length - BATCH_TAIL.length)}`)
    this.#cases++
  }
}

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

/** Joins small writes into chunks of about 1 MiB. */
class Batch {
  readonly #sink: (chunk: string) => void
  #parts: string[] = []
  #size = 0

  constructor(sink: (chunk: string) => void) {
    this.#sink = sink
  }

  write(text: string): void {
    this.#parts.push(text)
    this.#size += text.length
    if (this.#size >= 1 << 20) this.flush()
  }

  flush(): void {
    if (this.#parts.length === 0) return
    this.#sink(this.#parts.join(''))
    this.#parts = []
    this.#size = 0
  }
}
