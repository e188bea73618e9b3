import { existsSync, readlinkSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Shared counters between a thread that waits synchronously (a run's end
 * is synchronous) and a worker thread that posts to it: how many messages the
 * worker has posted, the worker's OS thread id, and whether the waiter has
 * asked it to stop. A worker's `exit` and
 * `error` events cannot come while the waiting thread blocks in
 * `Atomics.wait`, so it waits in short steps and looks between them whether
 * the worker's OS thread is still in `/proc/self/task` (Linux; elsewhere the
 * waiter's own bound is all it has).
 */
export type ThreadSignal = Int32Array

/** Slots of the shared counters. */
const POSTED = 0
const THREAD_ID = 1
const STOP = 2

/** How long one step of a wait is: a thread's end shows only between steps. */
const ALIVE_CHECK_MS = 50

export function newThreadSignal(): ThreadSignal {
  return new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT))
}

/** In the worker, first: that it runs, and which OS thread it is (-1 where that cannot be told). */
export function announceThread(signal: ThreadSignal): void {
  Atomics.store(signal, THREAD_ID, ownThreadId() || -1)
}

/** In the waiter: whether the worker has started running its module (see {@link announceThread}). */
export function threadAnnounced(signal: ThreadSignal): boolean {
  return Atomics.load(signal, THREAD_ID) !== 0
}

/** In the worker, after each `postMessage`: the count raised and the waiter woken. */
export function signalPosted(signal: ThreadSignal): void {
  Atomics.add(signal, POSTED, 1)
  Atomics.notify(signal, POSTED)
}

/** In the waiter: the worker is to stop what it is doing (it looks with {@link stopAsked}). */
export function askToStop(signal: ThreadSignal): void {
  Atomics.store(signal, STOP, 1)
}

/** In the worker: whether the waiter asked it to stop. */
export function stopAsked(signal: ThreadSignal): boolean {
  return Atomics.load(signal, STOP) === 1
}

/** In the waiter: whether the worker's OS thread has ended (false where that cannot be seen). */
export function threadGone(signal: ThreadSignal): boolean {
  const id = Atomics.load(signal, THREAD_ID)
  return id > 0 && !existsSync(`/proc/self/task/${id}`)
}

/** In the waiter: blocks until the worker has posted more than `seen` messages, or `ms` have passed. */
export function waitPosted(signal: ThreadSignal, seen: number, ms: number): void {
  Atomics.wait(signal, POSTED, seen, Math.min(ms, ALIVE_CHECK_MS))
}

/** This thread's id in `/proc/self/task` (Linux), or 0 where there is none. */
function ownThreadId(): number {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(id) && id > 0 ? id : 0
  } catch {
    return 0
  }
}

/**
 * A worker thread's module `<name>.ts` or `.js` beside the module at `base` (its
 * `import.meta.url`): .ts from the sources, where Node strips types; .js in the
 * package. Null where there is none to run.
 */
export function workerModule(name: string, base: string): URL | null {
  const typescript = base.endsWith('.ts')
  if (typescript && !(process.features as { typescript?: unknown }).typescript) return null
  const entry = new URL(`./${name}.${typescript ? 'ts' : 'js'}`, base)
  return entry.protocol === 'file:' && existsSync(fileURLToPath(entry)) ? entry : null
}
