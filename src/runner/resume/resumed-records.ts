import type { TaskMeta } from 'vitest'
import type { CaseRecord } from '../../record/schema.ts'
import { redactValue } from '../../providers/redaction/registry.ts'
import { resumeKeyString, type ResumeKey } from './keys.ts'
import { parseRecord, readBytes } from './read-records.ts'

/** Where a finished record is in the resumed run's `results.jsonl`. */
export interface RecordLocation {
  line: number
  offset: number
  length: number
}

/**
 * Main side of resume: the finished records of the run being resumed stay in
 * its `results.jsonl` (the run appends to it; a complete line never moves), and
 * only where each one is is kept in memory. A worker reports a resumed case as
 * a stub (key and outcome); `restore` puts the whole record in its place.
 */
export class ResumedRecords {
  readonly file: string
  readonly #locations: Map<string, RecordLocation>

  constructor(file: string, locations: Map<string, RecordLocation>) {
    this.file = file
    this.#locations = locations
  }

  get size(): number {
    return this.#locations.size
  }

  /** The whole record of a finished case, read back from the file and checked to be that case's with that request. */
  read(key: ResumeKey): CaseRecord {
    const name = `${key.dataset}/${key.caseId} › ${key.provider}`
    const at = this.#locations.get(resumeKeyString(key))
    if (!at) throw new Error(`${this.file}: no finished record of ${JSON.stringify(name)} to resume`)
    const { record, problem } = parseRecord(readBytes(this.file, at.offset, at.length).toString('utf8'))
    if (!record || resumeKeyString(record) !== resumeKeyString(key) || record.requestHash !== key.requestHash) {
      const found = record ? `the record of ${JSON.stringify(`${record.dataset}/${record.caseId} › ${record.provider}`)}` : problem
      throw new Error(`${this.file}:${at.line}: expected the record of ${JSON.stringify(name)} (request ${key.requestHash}), found ${found}: the file changed during the run`)
    }
    return record
  }

  /**
   * Puts the whole records in place of a test's resumed stubs, and its
   * evaluations on the test's meta (as a case that ran has them). Returns why a
   * record could not be read back, one line each (the stub stays).
   */
  restore(meta: TaskMeta): string[] {
    const own = meta.llmBench
    if (!own?.records.some((r) => r.resumed)) return []
    const problems: string[] = []
    own.records = own.records.map((stub) => {
      if (!stub.resumed) return stub
      try {
        const record = redactValue(this.read(stub))
        meta.llmBenchEvaluations = record.evaluations
        return { ...record, resumed: true }
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error))
        return stub
      }
    })
    return problems
  }
}
