import { currentSocketTimer, runWithSocketTimer, type SocketTimedTimer } from '../metrics/socket-timing.ts'

/**
 * Runs an SDK call with its timer: the `fetch` given to the SDK client
 * (`timedFetch`) restarts the timer when the SDK actually sends the request,
 * so t0 is the send, not the moment before the SDK's own preparation (which,
 * with many requests starting at once on one event loop, waits behind the
 * others' and read as TTFT: about +20 ms at concurrency 10). On a reused
 * connection t0 then moves to undici's write of the request, and the response's
 * socket reads are timed too (src/metrics/socket-timing.ts).
 */
export function withSendTimer<T>(timer: SocketTimedTimer, call: () => T): T {
  return runWithSocketTimer(timer, call)
}

/** The global fetch, with the current call's timer started right before it. */
export const timedFetch: typeof fetch = (input, init) => {
  currentSocketTimer()?.start()
  return fetch(input, init)
}

/** One fetch with `timer` started right before it and its socket reads timed (a client given its fetch per call). */
export function sendTimed(timer: SocketTimedTimer, send: () => Promise<Response>): Promise<Response> {
  return runWithSocketTimer(timer, () => {
    timer.start()
    return send()
  })
}
