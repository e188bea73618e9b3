import { mkdirSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { errnoCode, FileWriteError, writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import type { RecordLine } from '../record-source.ts'
import type { RunResults } from '../results-schema.ts'
import { CsvWriter } from './csv.ts'
import type { SpooledCsvLines } from './csv-spool.ts'
import { formatSummaryMarkdown } from './markdown.ts'
import { RawResponseWriter } from './raw-responses.ts'
import { ResultsJsonWriter } from './results-json.ts'
import { ResultsJsonThread, type ResultsJsonLines } from './results-json-thread.ts'
import { LAZY_CASES_ABOVE } from '../html/lazy-cases.ts'
import { reportHtmlPass } from '../html/render.ts'
import type { PreloadedTexts } from '../html/case-context.ts'

/** Which artifacts to write beside `results.json` (the `report` option, resolved). */
export interface ArtifactOptions {
  /** `csv/*.csv`. */
  csv: boolean
  /** `summary.md`. */
  markdown: boolean
  /** `responses/<dataset>/<case>.<provider>[.<sample>].txt`. */
  rawResponses: boolean
  /** `report.html`, the dashboard (default false). */
  html?: boolean
  /** Markdown sections appended to `summary.md` (e.g. the gate report). */
  extraMarkdown?: string[]
  /**
   * Why the run's records are not all on disk (a failed `results.jsonl`), one
   * line each: with any, `results.json` is not written, so the run stays
   * unfinished and resumable (see `written.finished`).
   */
  notSaved?: string[]
  /**
   * The whole records, in `results.cases`' order, read in one pass each time
   * it is called: what results.json, cases.csv, the raw responses and
   * report.html show. By default `results.cases` (a run's end passes slimmed
   * records there, see slim-record.ts, and the records from their source here).
   */
  records?: () => Iterable<CaseRecord>
  /** `records` with the JSON line each was read from, when it was (results.json copies the line); used instead of `records` when given. */
  recordLines?: () => Iterable<RecordLine>
  /** report.html's side-by-side texts, read ahead from the dataset files (see html/case-context-preload.ts); else read when wanted. */
  caseTexts?: PreloadedTexts
  /**
   * Where the records' lines are (the same records as `recordLines`, in the same order): then
   * results.json is written from them on a thread (results-json-thread.ts) while this one makes
   * the other artifacts. Without it, or without a thread to be had, it is written here.
   */
  resultsJsonLines?: ResultsJsonLines
  /** cases.csv's lines made while the run went (csv-spool.ts), in the records' order: taken where they fit the run's columns. */
  caseCsvLines?: SpooledCsvLines
}

/** What was written: every file in writing order, summary.md's text, and the artifacts that could not be made. */
export interface WrittenArtifacts {
  files: string[]
  /** summary.md's text when written (for `$GITHUB_STEP_SUMMARY`), else null. */
  markdown: string | null
  /** One line per artifact that could not be made (the others are written). */
  problems: string[]
  /** `results.json` was written: the run is finished (it is written last, only when every other file was). */
  finished: boolean
}

/**
 * Writes a finished run's artifacts into its folder: the enabled ones, then
 * `results.json` (sorted keys, stable order: equal results give equal bytes).
 * `results.jsonl` is not written here: the reporter appends it as cases end.
 *
 * Every file is written whole and atomically (a reader never sees a cut
 * file). A file that cannot be written (a full disk, a read-only mount) is one
 * line in `problems` and the others are still tried; `results.json`, which
 * marks a run finished, comes last and only when every other file and every
 * record is on disk, so a failed write leaves a run that `--resume` finishes.
 */
export function writeArtifacts(dir: string, results: RunResults, options: ArtifactOptions): WrittenArtifacts {
  const files: string[] = []
  const problems: string[] = [...(options.notSaved ?? [])]
  let writeFailed = problems.length > 0
  const attempt = (what: string, fn: () => void): void => {
    try {
      fn()
    } catch (error) {
      // a folder that cannot be made throws node's own errno error (its message names the path)
      if (!(error instanceof FileWriteError) && errnoCode(error) === null) throw error
      writeFailed = true
      // the header names the run folder: each line names its file within it
      if (error instanceof FileWriteError) problems.push(`${relative(dir, error.file).split(sep).join('/')}: ${error.reason}`)
      else problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  const write = (name: string, text: string, fsync = true): void => {
    const file = join(dir, name)
    if (!fsync) mkdirSync(dirname(file), { recursive: true })
    writeFileAtomic(file, text, { fsync })
    files.push(file)
  }
  const records = options.recordLines ?? withoutLines(options.records ?? ((): Iterable<CaseRecord> => results.cases))
  let markdown = options.markdown ? formatSummaryMarkdown(results, options.extraMarkdown ?? []) : null
  if (markdown !== null) {
    const text = markdown
    attempt('summary.md', () => write('summary.md', text))
    if (!files.includes(join(dir, 'summary.md'))) markdown = null
  }
  // one pass over the records fills every per-record artifact: each record is read (parsed) once
  const passes: RecordPass[] = []
  const open = (what: string, make: () => Omit<RecordPass, 'what' | 'failed'>, onError: (error: unknown) => void = (error) => attempt(what, () => { throw error })): void => {
    try {
      passes.push({ what, failed: onError, ...make() })
    } catch (error) {
      onError(error)
    }
  }
  if (options.csv) open('csv/', () => {
    const csv = new CsvWriter(dir, results, options.caseCsvLines)
    return { add: (r) => csv.add(r), commit: () => void (csv.commit(), files.push(...csv.files)), abort: () => void (csv.abort(), files.push(...csv.files)) }
  })
  if (options.rawResponses) open('responses/', () => {
    const raw = new RawResponseWriter(dir)
    return { add: (r) => raw.add(r), commit: () => void files.push(...raw.files), abort: () => void files.push(...raw.files) }
  })
  if (options.html === true) {
    // a large run: the cases in chunk files beside the page, written as they are made (a failed write is a problem like any other)
    const chunks: string[] = []
    const writeChunk = (name: string, text: string | Uint8Array): void => {
      const file = join(dir, name)
      mkdirSync(dirname(file), { recursive: true })
      writeFileAtomic(file, text, { fsync: false })
      chunks.push(file)
    }
    // the dashboard is a view of results.json, which is written: a page that cannot be made is said and the run goes on
    const htmlFailed = (error: unknown): void => {
      if (error instanceof FileWriteError || errnoCode(error) !== null) attempt('report.html', () => { throw error })
      else problems.push(`report.html not written: ${error instanceof Error ? error.message : String(error)}`)
    }
    open('report.html', () => {
      const page = reportHtmlPass(results, results.cases.length > LAZY_CASES_ABOVE ? writeChunk : undefined, options.caseTexts)
      return {
        add: (r) => page.add(r),
        commit: () => {
          let html: string
          try {
            html = page.finish()
          } finally {
            files.push(...chunks)
          }
          write('report.html', html)
        },
        abort: () => void files.push(...chunks),
      }
    }, htmlFailed)
  }
  // results.json is filled in the same pass (or meanwhile on a thread), and kept only when every other file was written
  const resultsFile = join(dir, 'results.json')
  let thread = !writeFailed && options.resultsJsonLines ? ResultsJsonThread.start(resultsFile, results, options.resultsJsonLines) : null
  let resultsJson: ResultsJsonWriter | null = null
  if (!writeFailed && !thread) attempt('results.json', () => void (resultsJson = new ResultsJsonWriter(resultsFile, results)))
  let json = resultsJson as ResultsJsonWriter | null
  // the records go to the other artifacts a batch at a time: each artifact's code runs over a batch in a row, which
  // costs less than each record going through every artifact in turn; results.json takes its line as it is read
  const batch: CaseRecord[] = []
  const addBatch = (): void => {
    for (const pass of passes) for (let i = 0; i < batch.length && !pass.done; i++) add(pass, batch[i] as CaseRecord)
    batch.length = 0
  }
  try {
    // with results.json on a thread and no other artifact, no record is read here
    for (const { record: r, line } of passes.length > 0 || json ? records() : []) {
      if (passes.length > 0 && batch.push(r) === RECORDS_PER_BATCH) addBatch()
      if (json) {
        const writer = json
        attempt('results.json', () => {
          try {
            writer.addLine(r, line)
          } catch (error) {
            json = null
            writer.abort()
            throw error
          }
        })
      }
    }
    addBatch()
    for (const pass of passes) {
      if (pass.done) continue
      pass.done = true
      try {
        pass.commit()
      } catch (error) {
        pass.abort()
        pass.failed(error)
      }
    }
    // the thread's results.json: written by now, or (a thread lost) written here after all
    const written = thread
    if (written && !writeFailed) {
      attempt('results.json', () => {
        if (written.written()) return
        thread = null
        json = resultsJsonHere(resultsFile, results, records)
      })
    }
  } catch (error) {
    json?.abort()
    thread?.abort()
    for (const pass of passes) if (!pass.done) pass.abort()
    throw error
  }
  if (writeFailed) {
    json?.abort()
    thread?.abort()
    problems.push(`results.json not written: the run stays unfinished, so \`--resume\` can finish it once the disk takes writes again`)
    return { files, markdown, problems, finished: false }
  }
  // streamed: a big run's results.json is never one string in memory (same bytes as stableStringify)
  const finalThread = thread as ResultsJsonThread | null
  if (finalThread) attempt('results.json', () => {
    finalThread.commit()
    files.push(finalThread.file)
  })
  const finalJson = json as ResultsJsonWriter | null
  if (finalJson) attempt('results.json', () => {
    finalJson.commit()
    files.push(finalJson.file)
  })
  return { files, markdown, problems, finished: files.includes(join(dir, 'results.json')) }
}

/** results.json written here in a pass of its own (its thread was lost), ready to commit; a failure leaves no file. */
function resultsJsonHere(file: string, results: RunResults, records: () => Iterable<RecordLine>): ResultsJsonWriter {
  const writer = new ResultsJsonWriter(file, results)
  try {
    for (const { record, line } of records()) writer.addLine(record, line)
    return writer
  } catch (error) {
    writer.abort()
    throw error
  }
}

/** Records handed to the artifacts other than results.json together. */
const RECORDS_PER_BATCH = 200

/** Records without lines: each serialised for results.json. */
function withoutLines(records: () => Iterable<CaseRecord>): () => Iterable<RecordLine> {
  return function* () {
    for (const record of records()) yield { record, line: null }
  }
}

/** One artifact filled in the records' pass; a failed one is aborted (its temporary files gone) and said once. */
interface RecordPass {
  what: string
  add(record: CaseRecord): void
  commit(): void
  abort(): void
  failed(error: unknown): void
  done?: boolean
}

function add(pass: RecordPass, record: CaseRecord): void {
  try {
    pass.add(record)
  } catch (error) {
    pass.done = true
    pass.abort()
    pass.failed(error)
  }
}
