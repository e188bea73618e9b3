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
 * Fed at the run's end, from the record source (finish-run.ts). Feeding it
 * in the reporter as each record is written was measured and set aside (see
 * docs/decisions.md): slim records held through the run cost the run more
 * than the read they save at its end.
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
