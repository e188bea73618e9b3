import { describe, expect, test } from 'vitest'
import { ProviderError, type ProviderErrorClass } from '../../src/providers/errors.ts'
import { attemptsOf, failedAttemptsOf, withAttempts } from '../../src/providers/retry/attempts.ts'
import { backoffDelay, retryDelay } from '../../src/providers/retry/backoff.ts'
import { callWithRetries, type RetryInfo } from '../../src/providers/retry/call-with-retries.ts'
import { abortableSleep } from '../../src/providers/retry/sleep.ts'

/** Small real delays: no fake clock. */
const policy = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 }

function fault(errorClass: ProviderErrorClass, status?: number, retryAfterMs?: number): ProviderError {
  return new ProviderError(`p: ${errorClass} from the server [${errorClass}${status ? ` HTTP ${status}` : ''}]`, { errorClass, status, retryAfterMs, providerId: 'p' })
}

/** A call that throws the given errors in turn, then returns 'ok'. */
function scripted(errors: unknown[]): { call: (attempt: number) => Promise<string>; seen: number[] } {
  const seen: number[] = []
  return {
    seen,
    call: async (attempt) => {
      seen.push(attempt)
      const error = errors[attempt - 1]
      if (error !== undefined) throw error
      return 'ok'
    },
  }
}

describe('callWithRetries', () => {
  test('a first success: one attempt, no retry', async () => {
    const { call } = scripted([])
    const retries: RetryInfo[] = []
    await expect(callWithRetries(call, { policy, onRetry: (r) => retries.push(r) })).resolves.toEqual({ value: 'ok', attempts: 1, failedAttempts: [] })
    expect(retries).toEqual([])
  })

  test.each([
    ['rate_limit', 429],
    ['server_error', 500],
    ['server_error', 503],
    ['timeout', undefined],
    ['connection', undefined],
    ['stream_cut', undefined],
    ['malformed_response', undefined],
    ['empty_response', undefined],
  ] as const)('%s %s is retried', async (cls, status) => {
    const { call, seen } = scripted([fault(cls, status), fault(cls, status)])
    const retries: RetryInfo[] = []
    const result = await callWithRetries(call, { policy, onRetry: (r) => retries.push(r) })
    expect(result).toMatchObject({ value: 'ok', attempts: 3 })
    expect(seen).toEqual([1, 2, 3])
    expect(retries.map((r) => r.attempt)).toEqual([1, 2])
    expect(retries[0]?.error.errorClass).toBe(cls)
    // every retry explained: each failed attempt's class, message, status and the wait after it
    const message = `p: ${cls} from the server [${cls}${status ? ` HTTP ${status}` : ''}]`
    expect(result.failedAttempts).toEqual([1, 2].map((attempt, i) => ({ attempt, class: cls, message, ...(status ? { status } : {}), backoffMs: retries[i]?.delayMs })))
  })

  test.each([
    ['bad_request', 400],
    ['auth', 401],
    ['auth', 403],
    ['not_found', 404],
  ] as const)('%s %s fails at once with the provider’s message and attempts 1', async (cls, status) => {
    const error = fault(cls, status)
    const { call, seen } = scripted([error])
    const thrown = await callWithRetries(call, { policy }).catch((e: unknown) => e)
    expect(thrown).toBe(error)
    expect((thrown as Error).message).toBe(`p: ${cls} from the server [${cls} HTTP ${status}]`)
    expect(attemptsOf(thrown)).toBe(1)
    expect(seen).toEqual([1])
  })

  test('an error that is not a ProviderError (a bug) is not retried', async () => {
    const { call, seen } = scripted([new TypeError('x is undefined')])
    const thrown = await callWithRetries(call, { policy }).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(TypeError)
    expect(attemptsOf(thrown)).toBe(1)
    expect(failedAttemptsOf(thrown)).toEqual([{ attempt: 1, class: 'TypeError', message: 'x is undefined' }])
    expect(seen).toEqual([1])
  })

  test('retries exhausted: the last error is thrown, carrying attempts = policy.attempts', async () => {
    const errors = [fault('server_error', 500), fault('server_error', 502), fault('server_error', 503), fault('server_error', 504)]
    const { call, seen } = scripted(errors)
    const thrown = await callWithRetries(call, { policy }).catch((e: unknown) => e)
    expect(thrown).toBe(errors[3])
    expect(attemptsOf(thrown)).toBe(4)
    // the last attempt is listed too, without a wait after it
    const failed = failedAttemptsOf(thrown)
    expect(failed.map((f) => [f.attempt, f.class, f.status])).toEqual([[1, 'server_error', 500], [2, 'server_error', 502], [3, 'server_error', 503], [4, 'server_error', 504]])
    expect(failed.map((f) => f.backoffMs === undefined)).toEqual([false, false, false, true])
    expect(failed[3]?.message).toBe('p: server_error from the server [server_error HTTP 504]')
    expect((thrown as { attempts?: number }).attempts).toBe(4)
    expect(seen).toEqual([1, 2, 3, 4])
  })

  test('attempts 1 never retries', async () => {
    const { call } = scripted([fault('server_error', 500)])
    const thrown = await callWithRetries(call, { policy: { ...policy, attempts: 1 } }).catch((e: unknown) => e)
    expect(attemptsOf(thrown)).toBe(1)
  })

  test('Retry-After is honoured: the wait is at least what the server asked (capped by maxDelayMs)', async () => {
    const { call } = scripted([fault('rate_limit', 429, 60)])
    const retries: RetryInfo[] = []
    const started = performance.now()
    await callWithRetries(call, { policy: { attempts: 3, baseDelayMs: 5, maxDelayMs: 1000 }, onRetry: (r) => retries.push(r) })
    expect(performance.now() - started).toBeGreaterThanOrEqual(58)
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(60)
    expect(retries[0]?.delayMs).toBeLessThan(65)

    const capped: RetryInfo[] = []
    await callWithRetries(scripted([fault('rate_limit', 429, 60_000)]).call, { policy, onRetry: (r) => capped.push(r) })
    expect(capped[0]?.delayMs).toBe(40)
  })

  test('an abort during a backoff stops at once, with the abort reason and the attempts so far', async () => {
    const controller = new AbortController()
    const { call, seen } = scripted([fault('rate_limit', 429, 5_000), fault('rate_limit', 429)])
    const started = performance.now()
    setTimeout(() => controller.abort(new Error('test cancelled')), 20)
    const thrown = await callWithRetries(call, { policy: { attempts: 4, baseDelayMs: 5, maxDelayMs: 10_000 }, signal: controller.signal }).catch((e: unknown) => e)
    expect(performance.now() - started).toBeLessThan(1000)
    expect((thrown as Error).message).toBe('test cancelled')
    expect(attemptsOf(thrown)).toBe(1)
    // the wait the server asked for (plus jitter), though the abort cut it short
    const [failed] = failedAttemptsOf(thrown)
    expect(failedAttemptsOf(thrown)).toHaveLength(1)
    expect(failed).toMatchObject({ attempt: 1, class: 'rate_limit', status: 429 })
    expect(failed?.backoffMs).toBeGreaterThanOrEqual(5_000)
    expect(seen).toEqual([1])
  })

  test('an already aborted signal: the failed attempt is not retried', async () => {
    const controller = new AbortController()
    controller.abort()
    const { call, seen } = scripted([fault('timeout')])
    const thrown = await callWithRetries(call, { policy, signal: controller.signal }).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(ProviderError)
    expect(seen).toEqual([1])
  })
})

describe('backoff', () => {
  const p = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 }

  test('full jitter: between 0 and min(max, base·2^(n−1))', () => {
    expect(backoffDelay(1, p, () => 0)).toBe(0)
    expect(backoffDelay(1, p, () => 0.999999)).toBe(99)
    expect(backoffDelay(3, p, () => 0.5)).toBe(200)
    expect(backoffDelay(4, p, () => 0.999999)).toBe(799)
    expect(backoffDelay(5, p, () => 0.999999)).toBe(999) // 1600 capped at 1000
    expect(backoffDelay(60, p, () => 0.5)).toBe(500)
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, p)
      expect(d).toBeGreaterThanOrEqual(0)
      expect(d).toBeLessThan(400)
    }
  })

  test('a Retry-After replaces the backoff: the asked wait plus jitter up to baseDelayMs, at most maxDelayMs', () => {
    expect(retryDelay(1, 300, p, () => 0)).toBe(300)
    expect(retryDelay(1, 300, p, () => 0.999999)).toBe(399)
    expect(retryDelay(1, 0, p, () => 0)).toBe(0)
    expect(retryDelay(1, 5_000, p, () => 0.5)).toBe(1000)
    expect(retryDelay(2, undefined, p, () => 0.5)).toBe(100)
  })
})

describe('attempts on errors, abortable sleep', () => {
  test('withAttempts marks an error in place (a thrown string becomes an Error); attemptsOf reads it', () => {
    const error = new Error('x')
    expect(withAttempts(error, 3)).toBe(error)
    expect(attemptsOf(error)).toBe(3)
    expect(Object.keys(error)).not.toContain('attempts')
    const wrapped = withAttempts('plain', 2)
    expect(wrapped.message).toBe('plain')
    expect(attemptsOf(wrapped)).toBe(2)
    expect(attemptsOf(new Error('y'))).toBeUndefined()
    expect(attemptsOf('z')).toBeUndefined()
  })

  test('abortableSleep waits, or rejects the moment its signal aborts', async () => {
    const started = performance.now()
    await abortableSleep(15)
    expect(performance.now() - started).toBeGreaterThanOrEqual(14)
    const controller = new AbortController()
    const sleeping = abortableSleep(10_000, controller.signal)
    controller.abort()
    await expect(sleeping).rejects.toMatchObject({ name: 'AbortError' })
    await expect(abortableSleep(10, controller.signal)).rejects.toMatchObject({ name: 'AbortError' })
  })
})
