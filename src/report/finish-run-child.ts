/**
 * The end of run's own process (finish-run-process.ts). Told to follow a run,
 * it reads the run's results.jsonl as it grows and makes pass 1 meanwhile
 * (followed-run.ts); told to finish, it makes the run's end (every artifact
 * written here), answers what the reporter prints and gates on, and exits.
 * Should Vitest's process die while it follows, it exits; while it finishes,
 * the run's end is still made: only the answer has nowhere to go.
 */
import { addSecrets } from '../providers/redaction/registry.ts'
import { finishRun, type FinishedRun } from './finish-run.ts'
import type { EndProcessMessage, FinishRunReply, FinishRunRequest } from './finish-run-process.ts'
import { FollowedRun } from './followed-run.ts'
import { recordSourceOf } from './records-plan.ts'

/** How often a followed results.jsonl is read while the run goes. */
const FOLLOW_MS = 250

let followed: FollowedRun | null = null
let timer: NodeJS.Timeout | undefined

process.on('message', (message: EndProcessMessage) => {
  if ('follow' in message) {
    const { file, runId, html, csv } = message.follow
    followed = new FollowedRun(file, runId, { html, csv })
    timer = setInterval(readFollowed, FOLLOW_MS)
    return
  }
  clearInterval(timer)
  answer(finish(message.finish))
})

// Vitest's process is gone before it asked for the end: nothing to make
process.on('disconnect', () => process.exit(0))

function readFollowed(): void {
  try {
    followed?.read()
  } catch {
    // a read that failed midway may have fed part of what it read: the end reads the whole file again
    followed?.close()
    followed = null
  }
}

function finish(request: FinishRunRequest): FinishRunReply {
  try {
    const { secrets, records, ...input } = request
    addSecrets(secrets)
    const run = followed
    followed = null
    // the followed file is the plan's (a resumed run, whose records are marked, is never followed)
    let finished: FinishedRun
    if (run && run.file === records.file && records.resumed.length === 0) finished = run.finish(input, records.extra)
    else {
      run?.close()
      finished = finishRun({ ...input, records: recordSourceOf(records) })
    }
    const { results: _results, ...outcome } = finished
    return { ok: true, ...outcome }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
}

function answer(reply: FinishRunReply): void {
  if (!process.connected) return
  process.send?.(reply, () => {
    if (process.connected) process.disconnect()
  })
}
