import { closeSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { CaseRecord } from '../../record/schema.ts'
import { compareText } from '../aggregate.ts'
import { LineIndex, linesAt } from '../record-source.ts'
import { caseColumns } from './case-columns.ts'
import { CsvRows } from './csv.ts'

/** The spool's file name in the run's folder (removed when the run's end is made, or when the run's end process ends). */
export const CSV_SPOOL_NAME = '.cases.csv.spool'

/**
 * cases.csv's lines of a followed run (followed-run.ts), made as its records
 * come, in arrival order, into a file beside results.jsonl: at the run's end
 * cases.csv copies each record's line in results.json's order instead of
 * making it then (~0.5 s of a 100,000-record end, the end's own time).
 *
 * A line depends on the run's columns: its matchers (a `score_<name>`
 * column each, sorted) and whether it has prompt variants. The spool makes
 * its lines with the columns of the records seen so far; a record that adds
 * a matcher or the first variant starts it again from that record (the
 * records before get their lines at the end, as without a spool). The end
 * takes the lines only when the run's columns are the ones they were made
 * with (`inOrder`); else, or once a write failed, every line is made there.
 * So cases.csv's bytes never depend on the spool.
 */
export class CaseCsvSpool {
  readonly file: string
  #fd: number | null = null
  /** Set once a write failed: nothing more is spooled, the end makes every line. */
  #failed = false
  readonly #matchers = new Set<string>()
  #sortedMatchers: string[] = []
  #variants = false
  #rows: CsvRows<CaseRecord>
  /** The first position spooled: the records before it (before the last start) have no line here. */
  #from = 0
  #count = 0
  readonly #index = new LineIndex()
  /** Bytes written, and the lines not written yet. */
  #bytes = 0
  #pending = ''
  #pendingBytes = 0

  constructor(file: string) {
    this.file = file
    this.#rows = new CsvRows(caseColumns([], { variants: false }))
  }

  /** The next record in arrival order (the position after the last). */
  add(record: CaseRecord): void {
    this.#count++
    if (this.#failed) return
    try {
      if (this.#widens(record)) this.#restart()
      const line = this.#rows.line(record)
      const bytes = Buffer.byteLength(line)
      this.#index.push(this.#bytes + this.#pendingBytes, bytes)
      this.#pending += line
      this.#pendingBytes += bytes
      if (this.#pending.length >= FLUSH_CHARS) this.#flush()
    } catch {
      this.#fail()
    }
  }

  /** Writes the lines made so far (after each read of the followed file: its records' lines are on disk, not in memory). */
  flush(): void {
    if (this.#failed) return
    try {
      this.#flush()
    } catch {
      this.#fail()
    }
  }

  /**
   * The lines of the records at these positions (arrival order; a position past the records
   * added is a record the spool never saw), in that order, when the run's columns are the ones
   * they were made with: each position's line, or null where there is none. Null when they are
   * not.
   */
  inOrder(positions: ArrayLike<number>): SpooledCsvLines {
    return {
      lines: (matchers, variants) => {
        if (this.#failed || !sameList(matchers, this.#sortedMatchers) || variants !== this.#variants) return null
        this.flush()
        return this.#failed ? null : this.#read(positions)
      },
    }
  }

  /** Closes and removes the spool's file. */
  close(): void {
    this.#pending = ''
    this.#pendingBytes = 0
    this.#closeFile()
    removeQuietly(this.file)
  }

  *#read(positions: ArrayLike<number>): Generator<string | null> {
    const from = this.#from
    const spooled = this.#index.length
    // positions mapped into the spool's lines (its first line is position `from`); the others read nothing
    const at = new Uint32Array(positions.length)
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k] as number
      at[k] = p >= from && p - from < spooled ? p - from : spooled + k
    }
    const { offsets, lengths } = this.#index.arrays()
    let k = 0
    try {
      for (const line of linesAt({ file: this.file, offsets, lengths }, at, () => NONE)) {
        k++
        yield line === NONE ? null : Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8')
      }
    } catch {
      // the spool could not be read (removed or cut meanwhile): the other lines are made at the end
    }
    for (; k < positions.length; k++) yield null
  }

  /** Whether the record adds a column: a matcher not seen before, or the run's first variant. */
  #widens(record: CaseRecord): boolean {
    let widened = false
    for (const e of record.evaluations) {
      if (this.#matchers.has(e.name)) continue
      this.#matchers.add(e.name)
      widened = true
    }
    if (record.variant !== undefined && !this.#variants) {
      this.#variants = true
      widened = true
    }
    return widened
  }

  /** Starts again with the columns as they are now, from the record being added. */
  #restart(): void {
    this.#sortedMatchers = [...this.#matchers].sort(compareText)
    this.#rows = new CsvRows(caseColumns(this.#sortedMatchers, { variants: this.#variants }))
    this.#from = this.#count - 1
    this.#index.length = 0
    this.#pending = ''
    this.#pendingBytes = 0
    this.#bytes = 0
    if (this.#fd !== null) ftruncateSync(this.#fd, 0)
  }

  #flush(): void {
    if (this.#pending === '') return
    this.#fd ??= openSync(this.file, 'w')
    const bytes = Buffer.from(this.#pending, 'utf8')
    let written = 0
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written, this.#bytes + written)
    this.#bytes += bytes.length
    this.#pending = ''
    this.#pendingBytes = 0
  }

  #fail(): void {
    this.#failed = true
    this.#index.length = 0
    this.#pending = ''
    this.#pendingBytes = 0
    this.#closeFile()
  }

  #closeFile(): void {
    if (this.#fd === null) return
    try {
      closeSync(this.#fd)
    } catch {
      // closed already
    }
    this.#fd = null
  }
}

/** Removes a spool left in a run's folder (its followed end's process died, or the run was killed). */
export function removeSpool(runDir: string): void {
  removeQuietly(join(runDir, CSV_SPOOL_NAME))
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // never made, or gone already (or not a file: then not ours)
  }
}

/** cases.csv's spooled lines in results.json's order, for the run's columns (see CaseCsvSpool.inOrder). */
export interface SpooledCsvLines {
  /** Each record's line or null (none spooled), in order; null when the lines were made with other columns. */
  lines(matchers: readonly string[], variants: boolean): Iterable<string | null> | null
}

/** Characters of lines kept before they are written. */
const FLUSH_CHARS = 1 << 18

const NONE = new Uint8Array(0)

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}
