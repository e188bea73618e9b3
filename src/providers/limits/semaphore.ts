/**
 * A fair (FIFO) counting semaphore per key. The limit of a key is the latest
 * limit asked for it, so a configuration change takes effect on the next acquire.
 */
interface Waiter {
  grant: () => void
}

interface KeyState {
  limit: number
  active: number
  queue: Waiter[]
}

export class KeyedSemaphore {
  readonly #keys = new Map<string, KeyState>()

  /** Resolves with a release function once a slot of `key` is free. */
  acquire(key: string, limit: number, signal?: AbortSignal): Promise<() => void> {
    const state = this.#state(key, limit)
    signal?.throwIfAborted()
    if (state.active < state.limit && state.queue.length === 0) {
      state.active++
      return Promise.resolve(this.#releaser(state))
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort)
          state.active++
          resolve(this.#releaser(state))
        },
      }
      const onAbort = (): void => {
        const i = state.queue.indexOf(waiter)
        if (i >= 0) state.queue.splice(i, 1)
        reject(signal?.reason ?? new Error('aborted'))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      state.queue.push(waiter)
    })
  }

  /** Slots in use and waiters for a key (for tests and progress). */
  stats(key: string): { active: number; waiting: number; limit: number } {
    const s = this.#keys.get(key)
    return { active: s?.active ?? 0, waiting: s?.queue.length ?? 0, limit: s?.limit ?? 0 }
  }

  #state(key: string, limit: number): KeyState {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit for ${key} must be a positive integer, got ${limit}`)
    let state = this.#keys.get(key)
    if (!state) {
      state = { limit, active: 0, queue: [] }
      this.#keys.set(key, state)
    }
    state.limit = limit
    return state
  }

  #releaser(state: KeyState): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      state.active--
      this.#drain(state)
    }
  }

  #drain(state: KeyState): void {
    while (state.active < state.limit && state.queue.length > 0) state.queue.shift()?.grant()
  }
}
