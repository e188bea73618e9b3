/**
 * The end of run's own process (finish-run-process.ts): takes one request,
 * makes the run's end from it (every artifact written here), answers what the
 * reporter prints and gates on, and exits. Should Vitest's process die
 * meanwhile, the run's end is still made: only the answer has nowhere to go.
 */
import { addSecrets } from '../providers/redaction/registry.ts'
import { finishRun } from './finish-run.ts'
import type { FinishRunReply, FinishRunRequest } from './finish-run-process.ts'
import { recordSourceOf } from './records-plan.ts'

process.once('message', (request: FinishRunRequest) => {
  let reply: FinishRunReply
  try {
    const { secrets, records, ...input } = request
    addSecrets(secrets)
    const { results: _results, ...outcome } = finishRun({ ...input, records: recordSourceOf(records) })
    reply = { ok: true, ...outcome }
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  if (!process.connected) return
  process.send?.(reply, () => {
    if (process.connected) process.disconnect()
  })
})
