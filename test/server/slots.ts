import type { ServerResponse } from 'node:http'

/**
 * The server's own concurrency limit (`maxConcurrent`), as a serving engine's batch slots: a
 * completion request beyond the limit waits in a FIFO queue until one ends, so saturation is
 * real and known. Its time in the queue is the client's waiting, not the timeline's (a
 * timeline starts when the request is served).
 */
export interface Slots {
  /** Resolves once `res`'s request may be served; its slot frees when `res` closes. */
  admit(res: ServerResponse): Promise<void>
  /** Requests served now, and the most at once; requests waiting now, and the most at once. */
  counts(): { serving: number; maxServing: number; queued: number; maxQueued: number }
  reset(): void
}

export function createSlots(limit: number | undefined): Slots {
  let serving = 0
  let maxServing = 0
  let maxQueued = 0
  const queue: (() => void)[] = []
  const start = (res: ServerResponse): void => {
    serving++
    maxServing = Math.max(maxServing, serving)
    res.once('close', () => {
      serving--
      queue.shift()?.()
    })
  }
  return {
    admit(res) {
      if (limit === undefined || serving < limit) {
        start(res)
        return Promise.resolve()
      }
      return new Promise((resolve) => {
        const go = (): void => {
          // a client that gave up while waiting frees no slot of its own
          if (res.destroyed || res.writableEnded) return void queue.shift()?.()
          start(res)
          resolve()
        }
        queue.push(go)
        maxQueued = Math.max(maxQueued, queue.length)
      })
    },
    counts: () => ({ serving, maxServing, queued: queue.length, maxQueued }),
    reset() {
      maxServing = serving
      maxQueued = queue.length
    },
  }
}
