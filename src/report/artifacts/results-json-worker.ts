import { parentPort, workerData } from 'node:worker_threads'
import { errnoCode } from '../../record/atomic-write.ts'
import { announceThread, signalPosted, stopAsked } from '../thread-signal.ts'
import type { FileErrorInfo, ResultsJsonMessage, ResultsJsonWork } from './results-json-thread.ts'

/**
 * The thread of results-json-thread.ts: copies the run's record lines, in
 * results.json's order, into results.json's temporary file (indented as
 * ResultsJsonWriter.addLine does), flushes it to the disk and says so; then
 * renames it over results.json or removes it, as the waiting thread says.
 * Loads the writer itself, so a failure to load it is one `failed` message.
 * Says first which OS thread it is (Linux), so the waiting thread can see it end.
 */
const work = workerData as ResultsJsonWork

announceThread(work.signal)

function send(message: ResultsJsonMessage): void {
  work.port.postMessage(message)
  signalPosted(work.signal)
}

/** Lines between two looks at whether the waiting thread asked for a stop. */
const LINES_PER_LOOK = 1024

const written = Promise.all([import('./results-json.ts'), import('../record-source.ts')]).then(
  ([{ ResultsJsonWriter }, { linesAt }]) => {
    let writer: InstanceType<typeof ResultsJsonWriter> | null = null
    try {
      writer = new ResultsJsonWriter(work.file, work.results, work.temporary)
      let n = 0
      const { text, ends } = work.extra
      for (const line of linesAt(work.lines, work.order, (i) => text.subarray(i === 0 ? 0 : ends[i - 1], ends[i]))) {
        if (++n % LINES_PER_LOOK === 0 && stopAsked(work.signal)) {
          writer.abort()
          return null
        }
        writer.addLineText(line, work.runId)
      }
      writer.end()
      send({ written: true })
      return writer
    } catch (error) {
      writer?.abort()
      send({ failed: error instanceof Error ? error.message : String(error), fileError: fileErrorOf(error) })
      return null
    }
  },
  (error: unknown) => {
    send({ failed: error instanceof Error ? error.message : String(error) })
    return null
  },
)

// `commit` (rename it over results.json) or `abort` (remove it), once
parentPort?.once('message', (what: 'commit' | 'abort') => {
  void written.then((writer) => {
    if (writer && what === 'commit') {
      try {
        writer.commit()
        send({ committed: true })
      } catch (error) {
        send({ failed: error instanceof Error ? error.message : String(error), fileError: fileErrorOf(error) })
      }
    } else {
      writer?.abort()
      send({ aborted: true })
    }
    process.exit(0)
  })
})

/** What a FileWriteError (atomic-write.ts) says, to be made again in the waiting thread. */
function fileErrorOf(error: unknown): FileErrorInfo | undefined {
  if (!(error instanceof Error) || error.name !== 'FileWriteError' || !('file' in error) || typeof error.file !== 'string') return undefined
  const cause: unknown = error.cause
  return { file: error.file, code: errnoCode(cause), cause: cause instanceof Error ? cause.message : String(cause) }
}
