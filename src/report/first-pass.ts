import { IndexColumns } from '../history/index-columns.ts'
import type { CaseRecord } from '../record/schema.ts'
import { RepeatsAggregator } from './repeats/aggregate.ts'
import { RecordSlimmer } from './slim-record.ts'

/**
 * The first pass of a run's end over its records, in the order they come
 * (results.jsonl's order): each record slimmed (what the numbers, gates and
 * summary.md read, see slim-record.ts), its repeat counted, its dataset file
 * and what the history index keeps of it noted. Nothing here holds a whole
 * record.
 *
 * The reporter feeds it each record as it writes the record to results.jsonl
 * (`add`), so the run's end starts with it done instead of reading and
 * parsing the whole file again; finish-run.ts gives it the records it was not
 * fed (placeholders for tests that never ran) and, when no pass was fed
 * (a merged report read from disk, a resumed run whose file holds an earlier
 * attempt's records), every record.
 */
export class FirstPass {
  readonly #runId: string
  readonly slimmer = new RecordSlimmer()
  /** The slim records, in arrival order. */
  readonly records: CaseRecord[] = []
  readonly repeats = new RepeatsAggregator()
  readonly datasetFiles = new Set<string>()
  /** What the run history index keeps of each record (src/history/): a few numbers a record in columns, no text. */
  readonly indexCases = new IndexColumns()

  constructor(runId: string) {
    this.#runId = runId
  }

  /** Records taken so far. */
  get count(): number {
    return this.records.length
  }

  add(record: CaseRecord): void {
    // the run's id set on the slim copy: no whole copy of each record to slim
    const slim = this.slimmer.slim(record)
    slim.runId = this.#runId
    // read from the slim copy: its names are shared, not a parsed copy per record held by each
    this.repeats.add(slim)
    this.datasetFiles.add(slim.datasetFile)
    this.indexCases.add(slim)
    this.records.push(slim)
  }
}
