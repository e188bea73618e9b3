import { connect, type Socket } from 'node:net'
import { lineReader, type ClientMessage, type ServerMessage } from './protocol.ts'
import { KeyedSemaphore } from './semaphore.ts'

export type Release = () => void

/** Takes a slot of a provider's run-wide concurrency limit. */
export interface Limiter {
  acquire(key: string, limit: number, signal?: AbortSignal): Promise<Release>
}

/** A limiter for one process only (used when no limit server runs). */
export function localLimiter(): Limiter {
  const semaphore = new KeyedSemaphore()
  return { acquire: (key, limit, signal) => semaphore.acquire(key, limit, signal) }
}

/** A client of the run-wide limit server at `address` (one socket per worker). */
export function remoteLimiter(address: string): Limiter {
  let socket: Socket | undefined
  let nextId = 1
  const pending = new Map<number, { resolve: (release: Release) => void; reject: (error: Error) => void }>()

  const send = (message: ClientMessage): void => {
    socket?.write(`${JSON.stringify(message)}\n`)
  }
  const connection = (): Socket => {
    if (socket && !socket.destroyed) return socket
    socket = connect(address)
    socket.unref()
    socket.on(
      'data',
      lineReader<ServerMessage>((message) => {
        const waiter = pending.get(message.id)
        if (!waiter) return
        pending.delete(message.id)
        if (message.op === 'granted') waiter.resolve(releaser(message.id))
        else waiter.reject(new Error(message.message))
      }),
    )
    socket.on('error', (error) => failAll(new Error(`llm-test-bench limit server unreachable at ${address}: ${error.message}`)))
    socket.on('close', () => failAll(new Error('llm-test-bench limit server closed the connection')))
    return socket
  }
  const failAll = (error: Error): void => {
    for (const waiter of pending.values()) waiter.reject(error)
    pending.clear()
  }
  const releaser = (id: number): Release => {
    let released = false
    return () => {
      if (released) return
      released = true
      send({ op: 'release', id })
    }
  }

  return {
    acquire(key, limit, signal) {
      signal?.throwIfAborted()
      const id = nextId++
      const s = connection()
      s.ref()
      return new Promise<Release>((resolve, reject) => {
        const onAbort = (): void => {
          pending.delete(id)
          send({ op: 'cancel', id })
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        pending.set(id, {
          resolve: (release) => {
            signal?.removeEventListener('abort', onAbort)
            resolve(release)
          },
          reject: (error) => {
            signal?.removeEventListener('abort', onAbort)
            reject(error)
          },
        })
        s.write(`${JSON.stringify({ op: 'acquire', id, key, limit } satisfies ClientMessage)}\n`)
      }).finally(() => {
        if (pending.size === 0) s.unref()
      })
    },
  }
}
