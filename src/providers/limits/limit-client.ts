import { connect, type Socket } from 'node:net'
import { KeyedLimiter } from './keyed-limiter.ts'
import { lineReader, type ClientMessage, type ServerMessage } from './protocol.ts'
import type { AcquireRequest, Lease, LeaseOutcome, Limiter } from './types.ts'
import { rateWindowMs } from './window-config.ts'

export type { AcquireRequest, Lease, LeaseOutcome, Limiter } from './types.ts'

/** A limiter for one process only (used when no limit server runs): the same rules, in process. */
export function localLimiter(windowMs: number = rateWindowMs()): Limiter {
  const limiter = new KeyedLimiter({ windowMs })
  return { acquire: (key, request, signal) => limiter.acquire(key, request, signal) }
}

interface Pending {
  resolve: (lease: Lease) => void
  reject: (error: Error) => void
}

/** A client of the run-wide limit server at `address` (one socket per worker). */
export function remoteLimiter(address: string): Limiter {
  let socket: Socket | undefined
  let nextId = 1
  const pending = new Map<number, Pending>()
  // Messages are written together once per turn of the event loop (setImmediate, right after the
  // poll phase whose callbacks queued them): one socket write, and one wake-up of the server, for
  // all the acquires and releases of a turn instead of one each (a write per message cost the
  // worker about a tenth of its time at 64 concurrent cases). Order is kept.
  let queued = ''
  let flushScheduled = false
  const flush = (): void => {
    flushScheduled = false
    const text = queued
    queued = ''
    if (text !== '' && socket && !socket.destroyed) socket.write(text)
  }
  const send = (message: ClientMessage): void => {
    if (!socket || socket.destroyed) return
    queued += `${JSON.stringify(message)}\n`
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(flush)
  }
  const failAll = (error: Error): void => {
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  const onMessage = (message: ServerMessage): void => {
    const waiter = pending.get(message.id)
    if (!waiter) return
    pending.delete(message.id)
    if (message.op === 'granted') waiter.resolve(remoteLease(message.id, send))
    else waiter.reject(new Error(message.message))
  }
  const connection = (): Socket => {
    if (socket && !socket.destroyed) return socket
    const s = connect(address)
    socket = s
    s.unref()
    s.on('data', lineReader<ServerMessage>(onMessage))
    s.on('error', (error) => failAll(new Error(`llm-test-bench limit server unreachable at ${address}: ${error.message}`)))
    s.on('close', () => failAll(new Error('llm-test-bench limit server closed the connection')))
    return s
  }

  return {
    acquire(key, request, signal) {
      signal?.throwIfAborted()
      const id = nextId++
      const s = connection()
      s.ref()
      return new Promise<Lease>((resolve, reject) => {
        const onAbort = (): void => {
          pending.delete(id)
          send({ op: 'cancel', id })
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        pending.set(id, {
          resolve: (lease) => {
            signal?.removeEventListener('abort', onAbort)
            resolve(lease)
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort)
            reject(error)
          },
        })
        send(acquireMessage(id, key, request))
      }).finally(() => {
        if (pending.size === 0) s.unref()
      })
    },
  }
}

function acquireMessage(id: number, key: string, request: AcquireRequest): ClientMessage {
  const { concurrency, rpm, tpm, tokens } = request
  return { op: 'acquire', id, key, concurrency, rpm, tpm, tokens }
}

function remoteLease(id: number, send: (message: ClientMessage) => void): Lease {
  let released = false
  return {
    release(outcome?: LeaseOutcome) {
      if (released) return
      released = true
      send({ op: 'release', id, tokens: outcome?.tokens, rateLimited: outcome?.rateLimited === true ? true : undefined })
    },
  }
}
