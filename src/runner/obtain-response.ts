import { isCacheError, openCache } from '../providers/cache/index.ts'
import { attemptsOf, failedAttemptsOf, type FailedAttempt } from '../providers/retry/attempts.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ProviderRequest, ProviderResponse } from '../providers/types.ts'
import type { RequestTarget } from '../record/request-hash.ts'
import { classifyError, type ClassifiedError } from './classify-error.ts'
import { callProvider } from './provider-call.ts'
import { warnRecordingFailed } from './recording-warning.ts'
import { runDeadlineSignal } from './run-deadline.ts'
import type { CaseRun } from './run-case.ts'
import type { WorkerContext } from './worker-context.ts'

export interface Obtained {
  response: ProviderResponse | null
  failure: ClassifiedError | null
  attempts: number
  /** Why each failed attempt failed, in order (the record's `attemptErrors`). */
  attemptErrors: readonly FailedAttempt[]
  /** The response came from a recording: no call was made. */
  replayed: boolean
  /** When the call started (after the provider was ready). */
  startedAt: Date
  /** The response could not be recorded (it is kept all the same): why. */
  recordingError?: string | undefined
}

interface Call {
  request: Omit<ProviderRequest, 'signal' | 'queuedAt'>
  prompt: string
  hash: string
  target: RequestTarget
  /** The test's own signal (a cancelled run). */
  signal: AbortSignal
  /** Each attempt's own time (queue waits and backoffs excluded). */
  timeoutMs: number
}

/**
 * A case's response: from the dataset's recordings when the cache mode allows
 * (a hit loads no model and needs no key), else from the provider (retries,
 * run-wide limits), recorded afterwards when the mode says so. Strict replay
 * fails a case that has no recording, without touching the network.
 */
export async function obtainResponse(wc: WorkerContext, run: CaseRun, spec: ProviderSpec, call: Call): Promise<Obtained> {
  let startedAt = new Date()
  let attempts = 0
  let attemptErrors: readonly FailedAttempt[] = []
  try {
    const cache = await openCache({ mode: wc.cacheMode, datasetFile: run.dataset.file, cases: run.dataset.cases })
    // in watch mode a function provider's code is what is being edited: its answers are refreshed, never replayed
    const hit = wc.mode === 'watch' && spec.type === 'function' && cache.mode === 'read-write' ? undefined : cache.lookup(call.hash)
    if (hit) return { response: hit.response, failure: null, attempts: 0, attemptErrors, replayed: true, startedAt }
    if (cache.mode === 'replay') throw cache.replayMiss({ caseId: run.testCase.id, provider: spec.id, requestHash: call.hash })
    // a provider's one-off start-up (a model load) is neither queue time nor part of the case's
    // timeout: the case starts when its provider is ready
    const provider = await wc.provider(spec)
    await provider.ready?.()
    startedAt = new Date()
    const { request, prompt, signal, timeoutMs } = call
    const result = await callProvider(wc.limiter, provider, spec, { request, prompt, signal, timeoutMs, deadline: runDeadlineSignal(wc.options.runDeadlineMs) })
    attempts = result.attempts
    attemptErrors = result.failedAttempts
    const obtained: Obtained = { response: result.response, failure: null, attempts, attemptErrors, replayed: false, startedAt }
    try {
      await cache.store({ caseId: run.testCase.id, provider: spec.id, requestHash: call.hash, target: call.target, request, response: result.response })
    } catch (error) {
      // a paid response is never thrown away because its recording could not be written
      obtained.recordingError = error instanceof Error ? error.message : String(error)
      warnRecordingFailed(cache.file, obtained.recordingError)
    }
    return obtained
  } catch (error) {
    const failure: ClassifiedError = isCacheError(error)
      ? { status: 'error', class: error.errorClass, message: error.message }
      : classifyError(error, false, call.timeoutMs)
    return { response: null, failure, attempts: attemptsOf(error) ?? attempts, attemptErrors: attemptsOf(error) === undefined ? attemptErrors : failedAttemptsOf(error), replayed: false, startedAt }
  }
}
