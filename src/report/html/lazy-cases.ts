import type { CaseRecord } from '../../record/schema.ts'
import { ByteOut } from '../artifacts/byte-out.ts'
import type { RunResults } from '../results-schema.ts'
import { outputFingerprint } from './output-fingerprint.ts'
import { PageCaseBuilder, pageData } from './page-data.ts'
import type { CaseIndex, CaseIndexRow, PageCase, PageData } from './page-model.ts'
import type { PreloadedTexts } from './case-context.ts'

/**
 * Runs with more records than this get a report.html whose cases are in
 * chunk files beside it (`report-cases/0001.js` ...); up to it, the page is
 * one self-contained file, as always.
 */
export const LAZY_CASES_ABOVE = 10_000
/** Cases per chunk file. */
export const CASES_PER_CHUNK = 2_000
/** The chunk files' folder, beside report.html. */
export const CASES_DIR = 'report-cases'
/** A large page's own light rows: the table's first page at its largest size; the rest are in row files. */
export const ROWS_IN_PAGE = 250
/** Light rows per row file (`report-cases/rows-0001.js` ...). */
export const ROWS_PER_FILE = 10_000

/** The name of row file `k` (0-based) under the run's folder: `report-cases/rows-0001.js`. */
export function rowFileName(k: number): string {
  return `${CASES_DIR}/rows-${String(k + 1).padStart(4, '0')}.js`
}

/**
 * A large page's case index: the page holds its first rows only; the others
 * are in `rowFiles` row files (`__llmBenchRows(k, "<JSON of the rows>")`),
 * which the page loads once it is drawn, so its size (what its opening costs)
 * does not grow with the number of cases. `total` rows in all; `bench`: some
 * case has a sample; `filters`: the table's provider and dataset choices.
 */
export interface LazyCaseIndex extends CaseIndex {
  total: number
  rowFiles: number
  rowsPerFile: number
  bench: boolean
  filters: { providerIx: number[]; datasetIx: number[] }
}

/** The name of chunk `k` (0-based) under the run's folder: `report-cases/0001.js`. */
export function chunkName(k: number): string {
  return `${CASES_DIR}/${String(k + 1).padStart(4, '0')}.js`
}

/**
 * A large run's page data, in one pass over the records: each chunk of
 * `chunkSize` page cases is handed to `writeChunk` (its name and its text)
 * as soon as it is full, so only one chunk is in memory; the page keeps its
 * first compact rows and the others go to row files the same way (see
 * LazyCaseIndex).
 *
 * A chunk is a script: `__llmBenchCases(k, "<JSON of the cases>")`. The
 * page's own script (allowed by hash) inserts it, which the CSP's
 * 'strict-dynamic' allows (a `file://` page cannot fetch JSON beside it);
 * the cases travel as one JSON string the page parses, never as code.
 */
export function lazyPageData(results: RunResults, records: () => Iterable<CaseRecord>, writeChunk: WriteChunk, chunkSize = CASES_PER_CHUNK): PageData {
  const cases = new LazyPageCases(results, writeChunk, chunkSize)
  for (const r of records()) cases.add(r)
  return cases.finish()
}

/**
 * Takes a chunk or row file (its name under the run's folder, its text or its
 * UTF-8 bytes); bytes are a view valid during the call only.
 */
export type WriteChunk = (name: string, content: string | Uint8Array) => void

/** {@link lazyPageData} a record at a time (one pass over a run's records fills every artifact). */
export class LazyPageCases {
  readonly #results: RunResults
  readonly #writeChunk: WriteChunk
  readonly #chunkSize: number
  readonly #builder: PageCaseBuilder
  readonly #rows: CaseIndexRow[] = []
  // each case's JSON text, escaped as the chunk's string literal has it, as bytes: no chunk-sized string (nor its garbage)
  readonly #chunk = new ByteOut(1 << 20)
  #inChunk = 0
  #chunks = 0
  // the light rows after the page's own, the same way, a row file at a time
  readonly #rowFile = new ByteOut(1 << 16)
  #inRowFile = 0
  #rowFiles = 0
  #total = 0
  #bench = false
  readonly #providers = new Set<number>()
  readonly #datasets = new Set<number>()

  constructor(results: RunResults, writeChunk: WriteChunk, chunkSize = CASES_PER_CHUNK, texts?: PreloadedTexts) {
    this.#results = results
    this.#writeChunk = writeChunk
    this.#chunkSize = chunkSize
    this.#builder = new PageCaseBuilder(results, texts)
  }

  add(r: CaseRecord): void {
    const c = this.#builder.add(r)
    const row = indexRow(c)
    if (this.#total < ROWS_IN_PAGE) this.#rows.push(row)
    else {
      if (this.#inRowFile === 0) this.#rowFile.text(`__llmBenchRows(${this.#rowFiles}, "[`)
      literalPart(this.#rowFile, this.#inRowFile++, row)
      if (this.#inRowFile === ROWS_PER_FILE) this.#flushRows()
    }
    this.#total++
    if (c.sample !== undefined) this.#bench = true
    this.#providers.add(c.providerIx)
    this.#datasets.add(c.datasetIx)
    if (this.#inChunk === 0) this.#chunk.text(`__llmBenchCases(${this.#chunks}, "[`)
    literalPart(this.#chunk, this.#inChunk++, c)
    if (this.#inChunk === this.#chunkSize) this.#flush()
  }

  finish(): PageData {
    if (this.#inChunk > 0) this.#flush()
    if (this.#inRowFile > 0) this.#flushRows()
    const index: LazyCaseIndex = {
      dir: CASES_DIR,
      chunkSize: this.#chunkSize,
      chunks: this.#chunks,
      rows: this.#rows,
      total: this.#total,
      rowFiles: this.#rowFiles,
      rowsPerFile: ROWS_PER_FILE,
      bench: this.#bench,
      filters: { providerIx: [...this.#providers], datasetIx: [...this.#datasets] },
    }
    return pageData(this.#results, this.#builder, [], index)
  }

  #flushRows(): void {
    this.#writeChunk(rowFileName(this.#rowFiles), script(this.#rowFile))
    this.#rowFiles++
    this.#inRowFile = 0
  }

  #flush(): void {
    this.#writeChunk(chunkName(this.#chunks), script(this.#chunk))
    this.#chunks++
    this.#inChunk = 0
  }
}

/**
 * A file's script is `<call>(k, "[<JSON>,<JSON>...]");\n`: the array's JSON
 * text as one JSON string. JSON string escaping goes a character at a time,
 * and each item's JSON text is whole (a lone surrogate in it is escaped
 * already), so escaping each item's text alone gives the same bytes as
 * escaping the joined text; `[`, `,` and `]` need none. `part`: the item's
 * place in its file (the call and `"[` are written before the first).
 */
function literalPart(out: ByteOut, part: number, value: unknown): void {
  const escaped = JSON.stringify(JSON.stringify(value))
  if (part > 0) out.byte(0x2c)
  out.text(escaped.slice(1, -1))
}

/** The script whose parts are gathered in `parts` (emptied): a view valid until `parts` is written again. */
function script(parts: ByteOut): Uint8Array {
  parts.text(']");\n')
  return parts.take()
}

/**
 * A case's light row. Its times are kept to 0.001 ms and its score to 0.0001,
 * finer than the table shows them (the whole case, opened from its chunk,
 * keeps every digit): the page's size, which is what a large page's opening
 * costs, goes down by about a third at 100,000 records.
 */
function indexRow(c: PageCase): CaseIndexRow {
  return [
    c.datasetIx,
    c.caseId,
    c.categoryIx,
    c.providerIx,
    c.modelIx,
    c.status,
    rounded(c.score, 1e4),
    c.usage.output,
    c.cost,
    c.output === null ? 0 : 1,
    c.timings ? rounded(c.timings.ttftMs, 1e3) : null,
    c.timings ? rounded(c.timings.e2eMs, 1e3) : null,
    c.sample ?? null,
    c.variantIx ?? -1,
    c.output === null ? null : outputFingerprint(c.output),
  ]
}

const rounded = (value: number | null, scale: number): number | null => (value === null ? null : Math.round(value * scale) / scale)
