import { isCacheError, openCache } from '../providers/cache/index.ts'
import { attemptsOf, failedAttemptsOf, type FailedAttempt } from '../providers/retry/attempts.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ProviderRequest, ProviderResponse } from '../providers/types.ts'
import type { RequestTarget } from '../record/request-hash.ts'
import { caseSignal, type CaseSignal } from './case-signal.ts'
import { classifyError, type ClassifiedError } from './classify-error.ts'
import { callProvider } from './provider-call.ts'
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
}

interface Call {
  request: Omit<ProviderRequest, 'signal' | 'queuedAt'>
  prompt: string
  hash: string
  target: RequestTarget
  /** The test's own signal (a cancelled run). */
  signal: AbortSignal
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
  let deadline: CaseSignal | undefined
  try {
    const cache = await openCache({ mode: wc.cacheMode, datasetFile: run.dataset.file, cases: run.dataset.cases })
    const hit = cache.lookup(call.hash)
    if (hit) return { response: hit.response, failure: null, attempts: 0, attemptErrors, replayed: true, startedAt }
    if (cache.mode === 'replay') throw cache.replayMiss({ caseId: run.testCase.id, provider: spec.id, requestHash: call.hash })
    // a provider's one-off start-up (a model load) is neither queue time nor part of the case's
    // timeout: the case starts when its provider is ready
    const provider = await wc.provider(spec)
    startedAt = new Date()
    deadline = caseSignal(call.signal, call.timeoutMs)
    const result = await callProvider(wc.limiter, provider, spec, { request: call.request, prompt: call.prompt, signal: deadline.signal })
    attempts = result.attempts
    attemptErrors = result.failedAttempts
    await cache.store({ caseId: run.testCase.id, provider: spec.id, requestHash: call.hash, target: call.target, request: call.request, response: result.response })
    return { response: result.response, failure: null, attempts, attemptErrors, replayed: false, startedAt }
  } catch (error) {
    const failure: ClassifiedError = isCacheError(error)
      ? { status: 'error', class: error.errorClass, message: error.message }
      : classifyError(error, deadline?.timedOut ?? false, call.timeoutMs)
    return { response: null, failure, attempts: attemptsOf(error) ?? attempts, attemptErrors: attemptsOf(error) === undefined ? attemptErrors : failedAttemptsOf(error), replayed: false, startedAt }
  } finally {
    deadline?.dispose()
  }
}
