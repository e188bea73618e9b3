import { inject } from 'vitest'

/**
 * The run deadline fired while a case was still waiting (for a slot or to
 * retry): no request is sent after it. A case that never sent one is recorded
 * as `skipped` with error class `run_deadline`; one that did keeps the error
 * of its last attempt.
 */
export class RunDeadlineError extends Error {
  override name = 'RunDeadlineError'
  constructor(runDeadlineMs: number) {
    super(`run deadline: the run reached its runDeadlineMs of ${runDeadlineMs} ms before this case could be sent`)
  }
}

export function isRunDeadlineError(error: unknown): error is RunDeadlineError {
  return error instanceof RunDeadlineError
}

let current: { key: string; signal: AbortSignal } | undefined

/**
 * The signal that aborts when the run's deadline passes: `runDeadlineMs` after
 * `startedAt` (epoch ms: when the main process started this run, handed over
 * through `provide`). One per run in a worker. Undefined without a deadline.
 */
export function runDeadlineSignal(runDeadlineMs: number | undefined, startedAt: number | undefined = runStartedAt()): AbortSignal | undefined {
  if (runDeadlineMs === undefined) return undefined
  const start = startedAt ?? Date.now()
  const key = `${start}:${runDeadlineMs}`
  if (current?.key === key) return current.signal
  const controller = new AbortController()
  const reason = new RunDeadlineError(runDeadlineMs)
  const left = start + runDeadlineMs - Date.now()
  if (left <= 0) controller.abort(reason)
  else setTimeout(() => controller.abort(reason), left).unref()
  current = { key, signal: controller.signal }
  return controller.signal
}

function runStartedAt(): number | undefined {
  try {
    return inject('llmBenchRunStartedAt') ?? undefined
  } catch {
    // outside a Vitest worker (unit use): the deadline counts from now
    return undefined
  }
}
