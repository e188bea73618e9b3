import type { CaseRecord } from '../record/schema.ts'
import { caseSlotString } from '../runner/resume/keys.ts'
import { jsonlSource, type RecordLine, type RecordSource } from './record-source.ts'

/**
 * Where a run's records are at its end, as plain data (it is sent to the end
 * of run's own process, finish-run-process.ts): its results.jsonl, the records
 * not in it (kept in memory after a disk failure, placeholders of tests that
 * never produced one), and the slots of the records a resume reused.
 */
export interface RecordsPlan {
  file: string
  /** Records after the file's lines, in this order. */
  extra: CaseRecord[]
  /** The slots (`caseSlotString`) of the file's records that a resumed run reused: read as `resumed: true`. */
  resumed: string[]
}

/** The plan's records, read in passes (see record-source.ts). */
export function recordSourceOf(plan: RecordsPlan): RecordSource {
  const file = jsonlSource(plan.file, { extra: plan.extra })
  return plan.resumed.length > 0 ? markResumed(file, new Set(plan.resumed)) : file
}

/** A source whose records of these slots say `resumed: true` (the file has them as their earlier attempt wrote them). */
function markResumed(source: RecordSource, slots: ReadonlySet<string>): RecordSource {
  const mark = (record: CaseRecord): CaseRecord => (slots.has(caseSlotString(record)) ? { ...record, resumed: true } : record)
  const pass = (): Iterable<CaseRecord> => ({
    *[Symbol.iterator]() {
      for (const record of source()) yield mark(record)
    },
  })
  const { inOrder, linesInOrder } = source
  if (!inOrder) return pass
  return Object.assign(pass, {
    *inOrder(positions: ArrayLike<number>): Generator<CaseRecord> {
      for (const record of inOrder(positions)) yield mark(record)
    },
    // a marked record is no longer its line's value: it goes without its line
    ...(linesInOrder
      ? {
          *linesInOrder(positions: ArrayLike<number>): Generator<RecordLine> {
            for (const { record, line } of linesInOrder(positions)) {
              const marked = mark(record)
              yield { record: marked, line: marked === record ? line : null }
            }
          },
        }
      : {}),
  })
}
