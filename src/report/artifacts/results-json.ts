import { AtomicFile, writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { stableStringify } from '../../record/stable-json.ts'
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
    this.#out.write(`${this.#cases === 0 ? '[' : ','}\n    ${stableStringify(record, 2).replaceAll('\n', '\n    ')}`)
    this.#cases++
  }

  commit(): void {
    this.#out.write(this.#cases === 0 ? '[]' : '\n  ]')
    for (const text of this.#tail) this.#out.write(text)
    this.#out.flush()
    this.#atomic.commit()
  }

  abort(): void {
    this.#atomic.abort()
  }
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
