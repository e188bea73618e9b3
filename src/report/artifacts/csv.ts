import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AtomicFile, writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { compareText } from '../aggregate.ts'
import type { Breakdown, CaseSpread, RunResults } from '../results-schema.ts'
import { caseColumns } from './case-columns.ts'
import type { SpooledCsvLines } from './csv-spool.ts'
import { measurementColumns } from './measurements-csv.ts'
import { distributionColumns, table, type Column } from './columns.ts'
import { guardFormula } from './formula-guard.ts'
import { statsColumns } from './stats-columns.ts'

/**
 * The CSV artifacts of a run, by file name under `csv/`: `summary.csv` (one
 * row: the run), `providers.csv`, `models.csv`, `datasets.csv`,
 * `categories.csv` (one row per group), `cases.csv` (one row per record) and,
 * in bench mode, `case-spread.csv` (one row per case and provider) and, with a load
 * profile, `measurements.csv` (one row per provider × measurement). Columns
 * name their units (`e2e_p50_ms`, `cost_usd`); an unknown cost is an empty
 * cell with a `cost_note`, never 0. RFC 4180 quoting, `\n` line ends.
 */
export function csvArtifacts(results: RunResults): Record<string, string> {
  return Object.fromEntries(csvFiles(results, () => results.cases).map(({ name, chunks }) => [name, [...chunks()].join('')]))
}

/**
 * Writes the CSVs into `<dir>/csv/`, a thousand rows at a time; returns the
 * files written. `records` gives cases.csv's rows (the records in
 * `results.cases`' order, read in one pass); by default `results.cases`.
 */
export function writeCsvArtifacts(dir: string, results: RunResults, records: () => Iterable<CaseRecord> = () => results.cases): string[] {
  const csvDir = join(dir, 'csv')
  mkdirSync(csvDir, { recursive: true })
  return csvFiles(results, records).map(({ name, chunks }) => {
    const file = join(csvDir, name)
    // whole and atomic: a reader never sees a cut CSV; a failed write throws a FileWriteError
    writeFileAtomic(file, (write) => {
      for (const chunk of chunks()) write(chunk)
    })
    return file
  })
}

/**
 * {@link writeCsvArtifacts} with cases.csv filled a record at a time (one
 * pass over a run's records fills every artifact): the files before
 * cases.csv are written when made, cases.csv and the ones after it at
 * `commit`; `abort` drops a cases.csv not committed. `files`: those written.
 */
export class CsvWriter {
  readonly files: string[] = []
  readonly #csvDir: string
  readonly #after: CsvFile[]
  readonly #columns: readonly Column<CaseRecord>[]
  readonly #rows: CsvRows<CaseRecord>
  readonly #cases: AtomicFile
  /** Records whose lines are not made yet, or their lines made while the run went: made together (a batch of rows runs faster than a row between other artifacts' work). */
  #batch: (CaseRecord | string)[] = []
  /** Each record's line made while the run went (csv-spool.ts), in the records' order, or null. */
  readonly #spooled: Iterator<string | null> | null

  /** `spooled`: cases.csv's lines made while the run went, taken where they were made with this run's columns. */
  constructor(dir: string, results: RunResults, spooled?: SpooledCsvLines) {
    this.#csvDir = join(dir, 'csv')
    mkdirSync(this.#csvDir, { recursive: true })
    const matchers = matcherNames(results)
    const all = csvFiles(results, () => [], matchers)
    const at = all.findIndex((f) => f.name === 'cases.csv')
    for (const f of all.slice(0, at)) this.#write(f)
    this.#after = all.slice(at + 1)
    this.#columns = caseColumns(matchers, { variants: results.byVariant !== undefined })
    this.#cases = new AtomicFile(join(this.#csvDir, 'cases.csv'))
    this.#rows = new CsvRows(this.#columns)
    this.#cases.write(csv([this.#columns.map((c) => c.header)]))
    this.#spooled = spooled?.lines(matchers, results.byVariant !== undefined)?.[Symbol.iterator]() ?? null
  }

  /** The next record of `results.cases`' order. */
  add(r: CaseRecord): void {
    const line = this.#spooled?.next().value ?? null
    this.#batch.push(line ?? r)
    if (this.#batch.length === CHUNK_ROWS) this.#flush()
  }

  commit(): void {
    this.#flush()
    this.#spooled?.return?.()
    this.#cases.commit()
    this.files.push(this.#cases.file)
    for (const f of this.#after) this.#write(f)
  }

  abort(): void {
    this.#spooled?.return?.()
    this.#cases.abort()
  }

  #flush(): void {
    if (this.#batch.length === 0) return
    let lines = ''
    for (const r of this.#batch) lines += typeof r === 'string' ? r : this.#rows.line(r)
    this.#cases.write(lines)
    this.#batch = []
  }

  #write(f: CsvFile): void {
    const file = join(this.#csvDir, f.name)
    writeFileAtomic(file, (write) => {
      for (const chunk of f.chunks()) write(chunk)
    })
    this.files.push(file)
  }
}

interface CsvFile {
  name: string
  /** The file's text in pieces: a big run's cases.csv is never one string (nor one table of cells) in memory. */
  chunks: () => Generator<string>
}

function csvFiles(results: RunResults, records: () => Iterable<CaseRecord>, matchers = matcherNames(results)): CsvFile[] {
  const files: CsvFile[] = [
    file('summary.csv', summaryColumns(matchers), [results]),
    file('providers.csv', [label('provider'), label('model'), ...statsColumns<Breakdown>(matchers, (b) => b.stats)], results.byProvider),
    file('models.csv', [label('model'), providersColumn, ...statsColumns<Breakdown>(matchers, (b) => b.stats)], results.byModel),
    file('datasets.csv', [label('dataset'), ...statsColumns<Breakdown>(matchers, (b) => b.stats)], results.byDataset),
    file('categories.csv', [label('category'), ...statsColumns<Breakdown>(matchers, (b) => b.stats)], results.byCategory),
    file('cases.csv', caseColumns(matchers, { variants: results.byVariant !== undefined }), records),
  ]
  // prompt variants (`variants:`): one row per dataset × variant
  if (results.byVariant) files.push(file('variants.csv', [label('dataset'), label('variant'), ...statsColumns<Breakdown>(matchers, (b) => b.stats)], results.byVariant))
  if (results.caseSpread !== null) files.push(file('case-spread.csv', spreadColumns, results.caseSpread))
  if (results.load) files.push(file('measurements.csv', measurementColumns, results.load.measurements))
  return files
}

/** Rows per piece written (a large run's cases.csv is never one string). */
const CHUNK_ROWS = 200

function file<T>(name: string, columns: readonly Column<T>[], rows: readonly T[] | (() => Iterable<T>)): CsvFile {
  return {
    name,
    *chunks() {
      yield csv([columns.map((c) => c.header)])
      const lines = new CsvRows(columns)
      let text = ''
      let count = 0
      for (const row of typeof rows === 'function' ? rows() : rows) {
        text += lines.line(row)
        if (++count === CHUNK_ROWS) {
          yield text
          text = ''
          count = 0
        }
      }
      if (count > 0) yield text
    },
  }
}

/**
 * RFC 4180 rows, each ending in `\n`: a cell with a comma, a quote, a line
 * feed or a carriage return (a lone CR would end a line for some readers) is
 * quoted, its quotes doubled; others are as they are. The same text as
 * csv-stringify with `record_delimiter: 'unix'` and `quoted_match: /\r/`,
 * without its per-cell option handling (cases.csv has a row per record).
 */
export function csv(cells: readonly (readonly string[])[]): string {
  let out = ''
  for (const row of cells) {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i] as string
      if (i > 0) out += ','
      out += NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
    }
    out += '\n'
  }
  return out
}

const NEEDS_QUOTES = /[",\n\r]/

/**
 * The rows' lines as {@link csv} writes `table(columns, rows)` without its
 * header, made a cell at a time (see {@link CsvRows}).
 */
export function csvRows<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = new CsvRows(columns)
  let out = ''
  for (const row of rows) out += lines.line(row)
  return out
}

/**
 * Lines of CSV, a row at a time, as {@link csv} writes `table(columns, rows)`:
 * no table of cells, no array per row. A column's text cells are kept by
 * value while it has few distinct ones (a dataset's, a provider's name: the
 * formula guard and the quoting are then worked out once per name), and no
 * longer once it has many (a case id, a time).
 */
export class CsvRows<T> {
  readonly #columns: readonly Column<T>[]
  readonly #cells: (Map<string, string> | null)[]

  constructor(columns: readonly Column<T>[]) {
    this.#columns = columns
    this.#cells = columns.map(() => new Map())
  }

  /** The row's line, `\n` included. */
  line(row: T): string {
    const columns = this.#columns
    let out = ''
    for (let i = 0; i < columns.length; i++) {
      const value = (columns[i] as Column<T>).value(row)
      const text = typeof value === 'string' ? this.#text(i, value) : value === null ? '' : typeof value === 'number' ? String(value) : value ? 'true' : 'false'
      out = i === 0 ? text : `${out},${text}`
    }
    return `${out}\n`
  }

  #text(column: number, value: string): string {
    const cells = this.#cells[column]
    if (cells === null || cells === undefined) return textCell(value)
    let text = cells.get(value)
    if (text === undefined) {
      text = textCell(value)
      if (cells.size < DISTINCT_CELLS_KEPT) cells.set(value, text)
      else this.#cells[column] = null
    }
    return text
  }
}

/** Distinct text cells a column's cache holds before it is dropped (the column's values do not repeat much). */
const DISTINCT_CELLS_KEPT = 256

/** A text cell as `csv(table(...))` has it: guarded against formulas (cellText), quoted when it must be. */
export function textCell(value: string): string {
  const text = guardFormula(value)
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Every matcher name of the run, sorted: each gets a score column. */
function matcherNames(results: RunResults): string[] {
  const seen = new Set<string>()
  for (const r of results.cases) for (const e of r.evaluations) seen.add(e.name)
  return [...seen].sort(compareText)
}

function label(key: 'provider' | 'model' | 'dataset' | 'category' | 'variant'): Column<Breakdown> {
  return { header: key, value: (b) => b[key] ?? null }
}

const providersColumn: Column<Breakdown> = { header: 'providers', value: (b) => (b.providers ?? []).join(' ') }

function summaryColumns(matchers: readonly string[]): Column<RunResults>[] {
  return [
    { header: 'run_id', value: (r) => r.runId },
    { header: 'project', value: (r) => r.project },
    { header: 'mode', value: (r) => r.mode },
    { header: 'reason', value: (r) => r.reason },
    { header: 'started_at', value: (r) => r.startedAt },
    { header: 'ended_at', value: (r) => r.endedAt },
    { header: 'dataset_failures', value: (r) => r.summary.datasetFailures },
    { header: 'error_classes', value: (r) => Object.entries(r.summary.errorClasses).sort(([a], [b]) => compareText(a, b)).map(([c, n]) => `${c}:${n}`).join(' ') },
    ...statsColumns<RunResults>(matchers, (r) => r.summary),
  ]
}

const spreadColumns: Column<CaseSpread>[] = [
  { header: 'dataset', value: (s) => s.dataset },
  { header: 'case_id', value: (s) => s.caseId },
  { header: 'provider', value: (s) => s.provider },
  { header: 'model', value: (s) => s.model },
  { header: 'samples', value: (s) => s.samples },
  { header: 'passed', value: (s) => s.passed },
  ...distributionColumns<CaseSpread>('e2e', 'ms', (s) => s.e2eMs),
  ...distributionColumns<CaseSpread>('ttft', 'ms', (s) => s.ttftMs),
  { header: 'e2e_cv', value: (s) => s.e2eCv },
]
