import { dirname, join } from 'node:path'
import type { CaseRecord } from '../record/schema.ts'
import { finishAfterFirstPass, type FinishedRun, type FinishRunInput } from './finish-run.ts'
import { CaseCsvSpool, CSV_SPOOL_NAME } from './artifacts/csv-spool.ts'
import { FirstPass } from './first-pass.ts'
import { TextsAhead } from './html/texts-ahead.ts'
import { JsonlFollower } from './jsonl-follower.ts'

/**
 * A run's end whose first pass is made while the run goes: its results.jsonl
 * is read as it grows (jsonl-follower.ts) and each record fed to pass 1 (and
 * to report.html's read-ahead of the dataset texts), so at the end only the
 * last lines, the records not in the file, the numbers and the artifacts are
 * left. The same end as `finishRun` over the finished file: pass 1 sees the
 * same records in the same order.
 */
export class FollowedRun {
  readonly file: string
  readonly #follower: JsonlFollower
  readonly #first: FirstPass
  readonly #texts: TextsAhead | null
  readonly #csv: CaseCsvSpool | null

  /** `artifacts`: the run's report.html and CSVs are written (their work made as records come: dataset texts read ahead, cases.csv's lines spooled). */
  constructor(file: string, runId: string, artifacts: { html: boolean; csv: boolean }) {
    this.file = file
    this.#follower = new JsonlFollower(file)
    this.#first = new FirstPass(runId)
    // the run goes meanwhile: the files quick to read are read as they are seen, not in the end
    this.#texts = artifacts.html ? new TextsAhead({ readHere: true }) : null
    this.#csv = artifacts.csv ? new CaseCsvSpool(join(dirname(file), CSV_SPOOL_NAME)) : null
  }

  /** Takes the records appended since the last read; `last`: the file is finished. */
  read(last = false): void {
    this.#follower.read((record) => this.#add(record), last)
    this.#csv?.flush()
  }

  /** The run's end: the file's last lines, then `extra` (the records not in it), then the numbers and artifacts. */
  finish(input: Omit<FinishRunInput, 'records'>, extra: readonly CaseRecord[]): FinishedRun {
    try {
      this.read(true)
      for (const record of extra) this.#add(record)
      return finishAfterFirstPass({ ...input, records: this.#follower.source(extra) }, this.#first, this.#texts, this.#csv ?? undefined)
    } finally {
      this.close()
    }
  }

  close(): void {
    this.#texts?.preload?.close()
    this.#csv?.close()
  }

  #add(record: CaseRecord): void {
    this.#first.add(record)
    this.#csv?.add(record)
    this.#texts?.see(this.#first)
  }
}
