import { writeFileAtomic } from '../../record/atomic-write.ts'
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
  const keys = Object.keys(results).sort()
  writeFileAtomic(file, (sink) => {
    const out = new Batch(sink)
    out.write('{')
    let first = true
    for (const key of keys) {
      const value = key === 'cases' ? null : (results as unknown as Record<string, unknown>)[key]
      if (key !== 'cases' && (value === undefined || typeof value === 'function' || typeof value === 'symbol')) continue
      out.write(`${first ? '' : ','}\n  ${JSON.stringify(key)}: `)
      first = false
      if (key === 'cases') writeCases(out, cases)
      else out.write(stableStringify(value, 2).replaceAll('\n', '\n  '))
    }
    out.write(first ? '}\n' : '\n}\n')
    out.flush()
  })
}

function writeCases(out: Batch, cases: () => Iterable<CaseRecord>): void {
  let n = 0
  for (const record of cases()) {
    out.write(`${n === 0 ? '[' : ','}\n    ${stableStringify(record, 2).replaceAll('\n', '\n    ')}`)
    n++
  }
  out.write(n === 0 ? '[]' : '\n  ]')
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
