import { AsyncLocalStorage } from 'node:async_hooks'
import { subscribe } from 'node:diagnostics_channel'
import { recordSocketGap, recordUnmeasuredChunk } from './client-health/socket-gaps.ts'
import { RequestTimer } from './timings.ts'

/**
 * Socket-level timing for providers that speak HTTP through Node's fetch (undici), from the
 * diagnostics events undici publishes (no dependency, no patched fetch):
 *
 * - `undici:request:create`: the request is tied to the provider call whose fetch made it (the
 *   call's timer, carried by an AsyncLocalStorage around the SDK call: `runWithSocketTimer`);
 * - `undici:client:sendHeaders`: the send clock. On a reused keep-alive connection t0 becomes the
 *   moment undici wrote the request, so client work between the fetch call and the write (undici's
 *   own set-up, a busy event loop) is queue time, not TTFT. On a new connection t0 stays at the
 *   fetch call, so the connection set-up counts, as vLLM's benchmark counts it;
 * - `undici:request:bodyChunkReceived` (Node 24's undici; absent in Node 20's): when each body chunk
 *   was read from the socket. Each content chunk the provider times is compared with the arrival of
 *   the last read before it: the socket-to-timed gap (client health).
 *
 * The arrival of a read: JavaScript sees bytes only when the event loop reads them, which a blocked
 * loop delays. What is known for sure: the sockets read in one poll phase of the event loop were
 * all reported readable when the poll returned, before the phase's first callback. So a request's
 * first read in a poll phase is dated at the phase's first body read (a lower bound of how long its
 * bytes waited: a matcher blocking in an earlier callback of the same phase counts), later reads of
 * the same request in the phase at their own time. A phase ends at the next `setImmediate` (the
 * check phase right after the poll). A loop blocked before the poll (a timer's callback) is not
 * seen here: the event-loop delay measures that part.
 */

const current = new AsyncLocalStorage<SocketTimedTimer>()
/** undici request → the timer of the call that made it. */
const owners = new WeakMap<object, SocketTimedTimer>()
/** Sockets connected and not yet used for a request. */
const fresh = new WeakSet<object>()
let subscribed = false
/** The poll phase of the last body read (a counter), whether it is still on, and its first body read's time. */
let phase = 0
let phaseOpen = false
let phaseFirstRead = 0
/** undici request → the poll phase of its last read. */
const readIn = new WeakMap<object, number>()
const closePhase = (): void => {
  phaseOpen = false
}

/**
 * A request timer that also knows when its response's bytes were read from the socket: every
 * `chunk()` records the gap since the last read into this worker's client health.
 */
export class SocketTimedTimer extends RequestTimer {
  #lastRead: number | null = null
  #chunks = 0

  /** Bytes of this request's response body were read from the socket; `arrivedAt`: when they were there at the latest. */
  read(arrivedAt: number): void {
    this.#lastRead = arrivedAt
  }

  override chunk(): void {
    super.chunk()
    const now = performance.now()
    if (this.#lastRead === null) recordUnmeasuredChunk()
    else recordSocketGap(now - this.#lastRead, this.#chunks === 0)
    this.#chunks++
  }
}

/** Runs `call` (an SDK call, a fetch) with `timer` as the one its fetch's undici request reports to. */
export function runWithSocketTimer<T>(timer: SocketTimedTimer, call: () => T): T {
  subscribeOnce()
  return current.run(timer, call)
}

/** The timer of the provider call now running, if any (inside `runWithSocketTimer`). */
export function currentSocketTimer(): SocketTimedTimer | undefined {
  return current.getStore()
}

function subscribeOnce(): void {
  if (subscribed) return
  subscribed = true
  subscribe('undici:request:create', (message) => {
    const timer = current.getStore()
    const request = field(message, 'request')
    if (timer && request) owners.set(request, timer)
  })
  subscribe('undici:client:connected', (message) => {
    const socket = field(message, 'socket')
    if (socket) fresh.add(socket)
  })
  subscribe('undici:client:sendHeaders', (message) => {
    const request = field(message, 'request')
    const socket = field(message, 'socket')
    const timer = request ? owners.get(request) : undefined
    // a new connection's first request keeps t0 at the fetch call: its connection set-up counts
    if (socket && fresh.has(socket)) fresh.delete(socket)
    else timer?.start()
  })
  subscribe('undici:request:bodyChunkReceived', (message) => {
    const request = field(message, 'request')
    const timer = request ? owners.get(request) : undefined
    if (request && timer) timer.read(arrival(request))
  })
}

/** When a body read's bytes were on the socket at the latest (see the module's comment). */
function arrival(request: object): number {
  const now = performance.now()
  if (!phaseOpen) {
    phase++
    phaseOpen = true
    phaseFirstRead = now
    setImmediate(closePhase)
  }
  const first = readIn.get(request) !== phase
  readIn.set(request, phase)
  return first ? phaseFirstRead : now
}

function field(message: unknown, key: string): object | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const value: unknown = Reflect.get(message, key)
  return typeof value === 'object' && value !== null ? value : undefined
}
