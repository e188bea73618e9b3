import { rmSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { RunResults } from '../report/results-schema.ts'
import type { IndexCase } from './figures.ts'
import type { IndexColumns } from './index-columns.ts'
import { runIndexInput } from './run-input.ts'
import { loadSqlite } from './sqlite.ts'
import { HISTORY_FILE, HistoryStore } from './store.ts'

/** An SQLite error that says the file is damaged: the index is made again from the folders. */
const DAMAGED = /malformed|corrupt|not a database|SQLITE_CORRUPT|SQLITE_NOTADB/i

/**
 * Indexes a finished run in `<outputDir>/history.sqlite` (outputDir: the run
 * folder's parent), from what the run's end has in memory. Never throws: returns the one warning line to show
 * when the run could not be indexed (no `node:sqlite` on this Node, a disk
 * that takes no writes), or null. The run's outcome does not depend on it.
 */
export function indexAtRunEnd(runDir: string, results: RunResults, cases: IndexColumns | readonly IndexCase[]): string | null {
  const sqlite = loadSqlite()
  if (typeof sqlite === 'string') return `llm-test-bench: run history not indexed: ${sqlite}`
  const outputDir = dirname(runDir)
  const input = runIndexInput(results, cases)
  for (let attempt = 1; ; attempt++) {
    let store: HistoryStore | null = null
    try {
      store = new HistoryStore(outputDir)
      // this run only: folders not indexed yet are the next reader's (openHistory syncs), so a run's end never reads other runs
      store.indexRun(input, basename(runDir))
      return null
    } catch (error) {
      const message = (error as Error).message
      store?.close()
      store = null
      if (attempt === 1 && DAMAGED.test(message)) {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${outputDir}/${HISTORY_FILE}${suffix}`, { force: true })
        continue
      }
      return `llm-test-bench: run history not indexed (${outputDir}/${HISTORY_FILE}): ${message.split('\n')[0]}`
    } finally {
      store?.close()
    }
  }
}
