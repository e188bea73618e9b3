import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errnoCode, writeFileAtomic } from '../record/atomic-write.ts'
import { compactJsonl } from '../runner/resume/jsonl-repair.ts'
import type { JsonlWriter } from './jsonl-writer.ts'

/** Where the records that `results.jsonl` could not take go at the end of a run: a folder outside the run's disk. */
export function unsavedRecordsFile(runId: string): string {
  return join(tmpdir(), 'llm-test-bench', `${runId}.unsaved.jsonl`)
}

/**
 * At a run's end: one more try at the records `results.jsonl` could not take
 * (the disk may have room again), then closes it; a resumed run's file is
 * compacted. Returns why records are not on disk, one line each (empty when
 * every record is): the records left over are written to a file in the temp
 * folder, named in the line, so that nothing of the run is lost.
 */
export function saveRemainingRecords(run: { id: string; jsonl: JsonlWriter }, compact: boolean): string[] {
  const { jsonl } = run
  const saved = jsonl.flushPending()
  jsonl.close()
  if (!saved) {
    const failure = jsonl.failure
    const total = jsonl.written + jsonl.unwritten
    return [`results.jsonl: ${failure?.reason ?? 'not written'}; ${jsonl.unwritten} of ${total} records are not on disk ${fallback(run.id, jsonl)}`]
  }
  if (!compact) return []
  try {
    compactJsonl(jsonl.file)
    return []
  } catch (error) {
    if (errnoCode(error) === null) throw error
    // the file keeps every record (readers take the newest line of a case), just not compacted
    return [`results.jsonl: not compacted after the resume: ${errnoCode(error)}`]
  }
}

function fallback(runId: string, jsonl: JsonlWriter): string {
  const file = unsavedRecordsFile(runId)
  try {
    writeFileAtomic(file, jsonl.pendingText())
    return `(counted in the table above; saved to ${file}: append it to results.jsonl, then \`--resume\`)`
  } catch (error) {
    return `(counted in the table above; not saved to ${file} either: ${errnoCode(error) ?? String(error)})`
  }
}
