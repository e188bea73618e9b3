/** One request attempt's abort signal: the test's own (cancelled) or the attempt's timeout, whichever comes first. */
export interface CaseSignal {
  readonly signal: AbortSignal
  /** True once the timeout fired (and not the test's own signal first). */
  readonly timedOut: boolean
  /** Clears the timer and unhooks from the test's signal; call when the attempt is done. */
  dispose(): void
}

/**
 * One AbortController and one timer per attempt: cheaper than
 * `AbortSignal.any([signal, AbortSignal.timeout(ms)])`, whose timeout signal and
 * dependent-signal bookkeeping outlive the attempt.
 */
export function caseSignal(parent: AbortSignal, timeoutMs: number): CaseSignal {
  const controller = new AbortController()
  let timedOut = false
  const onAbort = (): void => controller.abort(parent.reason)
  if (parent.aborted) onAbort()
  else parent.addEventListener('abort', onAbort, { once: true })
  const timer = setTimeout(() => {
    if (controller.signal.aborted) return
    timedOut = true
    controller.abort(new DOMException(`the request did not finish within ${timeoutMs} ms`, 'TimeoutError'))
  }, timeoutMs)
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut
    },
    dispose() {
      clearTimeout(timer)
      parent.removeEventListener('abort', onAbort)
    },
  }
}
