/** Builds the Error a cancelled request rejects with: name `AbortError`, the signal's reason as cause. */
export function abortError(signal: AbortSignal | undefined, what = 'The request was aborted'): Error {
  const error = new Error(what, { cause: signal?.reason })
  error.name = 'AbortError'
  return error
}

/**
 * A FIFO lock for one process. `acquire()` resolves with a release function;
 * an aborted signal removes the waiter from the queue and rejects with an AbortError.
 */
export class Mutex {
  #locked = false
  readonly #waiters: Array<() => void> = []

  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal))
    if (!this.#locked) {
      this.#locked = true
      return Promise.resolve(this.#releaser())
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort)
        resolve(this.#releaser())
      }
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(grant)
        if (index !== -1) this.#waiters.splice(index, 1)
        reject(abortError(signal))
      }
      this.#waiters.push(grant)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Runs `fn` holding the lock. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal)
    try {
      return await fn()
    } finally {
      release()
    }
  }

  #releaser(): () => void {
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.#waiters.shift()
      if (next) next()
      else this.#locked = false
    }
  }
}
