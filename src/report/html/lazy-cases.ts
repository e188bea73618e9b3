import type { CaseRecord } from '../../record/schema.ts'
import type { RunResults } from '../results-schema.ts'
import { PageCaseBuilder, pageData } from './page-data.ts'
import type { CaseIndexRow, PageCase, PageData } from './page-model.ts'

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

/** The name of chunk `k` (0-based) under the run's folder: `report-cases/0001.js`. */
export function chunkName(k: number): string {
  return `${CASES_DIR}/${String(k + 1).padStart(4, '0')}.js`
}

/**
 * A large run's page data, in one pass over the records: each chunk of
 * `chunkSize` page cases is handed to `writeChunk` (its name and its text)
 * as soon as it is full, so only one chunk is in memory; the page keeps a
 * compact row per case (see CaseIndex).
 *
 * A chunk is a script: `__llmBenchCases(k, "<JSON of the cases>")`. The
 * page's own script (allowed by hash) inserts it, which the CSP's
 * 'strict-dynamic' allows (a `file://` page cannot fetch JSON beside it);
 * the cases travel as one JSON string the page parses, never as code.
 */
export function lazyPageData(results: RunResults, records: () => Iterable<CaseRecord>, writeChunk: (name: string, text: string) => void, chunkSize = CASES_PER_CHUNK): PageData {
  const builder = new PageCaseBuilder(results)
  const rows: CaseIndexRow[] = []
  // each case as its JSON text at once: the chunk holds strings, not objects
  let chunk: string[] = []
  let chunks = 0
  const flush = (): void => {
    writeChunk(chunkName(chunks), `__llmBenchCases(${chunks}, ${JSON.stringify(`[${chunk.join(',')}]`)});\n`)
    chunks++
    chunk = []
  }
  for (const r of records()) {
    const c = builder.add(r)
    rows.push(indexRow(c))
    chunk.push(JSON.stringify(c))
    if (chunk.length === chunkSize) flush()
  }
  if (chunk.length > 0) flush()
  return pageData(results, builder, [], { dir: CASES_DIR, chunkSize, chunks, rows })
}

function indexRow(c: PageCase): CaseIndexRow {
  return [
    c.datasetIx,
    c.caseId,
    c.categoryIx,
    c.providerIx,
    c.modelIx,
    c.status,
    c.score,
    c.usage.output,
    c.cost,
    c.output === null ? 0 : 1,
    c.timings ? c.timings.ttftMs : null,
    c.timings ? c.timings.e2eMs : null,
    c.sample ?? null,
  ]
}
