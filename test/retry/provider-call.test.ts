import { describe, expect, test } from 'vitest'
import { ProviderError } from '../../src/providers/errors.ts'
import { KeyedLimiter } from '../../src/providers/limits/keyed-limiter.ts'
import type { Limiter } from '../../src/providers/limits/types.ts'
import { attemptsOf } from '../../src/providers/retry/attempts.ts'
import { parseProviderSpec } from '../../src/providers/spec.ts'
import type { Provider, ProviderRequest, ProviderResponse } from '../../src/providers/types.ts'
import { caseSignal } from '../../src/runner/case-signal.ts'
import { callProvider, estimateTokens, usedTokens } from '../../src/runner/provider-call.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function ok(request: ProviderRequest): ProviderResponse {
  const queueMs = performance.now() - (request.queuedAt ?? performance.now())
  return {
    output: 'fine',
    usage: { inputTokens: 3, outputTokens: 2, source: 'provider' },
    finishReason: 'stop',
    model: 'm',
    timings: { queueMs, ttftMs: null, e2eMs: 1, tpotMs: null, itlMs: [], streamed: false },
  }
}

/** A provider that answers with the scripted outcomes in turn (an error is thrown), then 'fine'. */
function scriptedProvider(outcomes: (ProviderError | number)[]): Provider & { calls: number } {
  const provider = {
    id: 'p',
    type: 'fake',
    model: 'm',
    calls: 0,
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const outcome = outcomes[provider.calls++]
      if (outcome instanceof ProviderError) throw outcome
      if (typeof outcome === 'number') await sleep(outcome)
      return ok(request)
    },
  }
  return provider
}

const spec = (extra: Record<string, unknown> = {}) =>
  parseProviderSpec({ type: 'openai', model: 'm', baseURL: 'http://127.0.0.1:1/v1', id: 'p', concurrency: 2, retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...extra })
const input = (signal = new AbortController().signal) => ({ request: { prompt: 'x'.repeat(40), params: { max_tokens: 8 } }, prompt: 'x'.repeat(40), signal })
const e429 = () => new ProviderError('p: slow down [rate_limit HTTP 429]', { errorClass: 'rate_limit', status: 429 })

describe('callProvider: each attempt inside a lease, backoff outside', () => {
  test('a 429 then success: 2 attempts, the 429 lowered the concurrency, the lease was released with the real tokens', async () => {
    const keyed = new KeyedLimiter({ windowMs: 10_000 })
    const limiter: Limiter = { acquire: (k, r, s) => keyed.acquire(k, r, s) }
    const provider = scriptedProvider([e429()])
    const call = await callProvider(limiter, provider, spec({ tpm: 1000 }), input())
    expect(call.attempts).toBe(2)
    expect(call.response.output).toBe('fine')
    // the 429 used no tokens and halved the concurrency (2 → 1); the success used 3 + 2 and added it back
    expect(keyed.stats('p')).toMatchObject({ granted: 2, active: 0, rateLimited: 1, minEffective: 1, effective: 2, windowTokens: 5 })
  })

  test('queue time is the sum of every attempt’s wait for a slot, not the backoff', async () => {
    const keyed = new KeyedLimiter()
    const limiter: Limiter = { acquire: (k, r, s) => keyed.acquire(k, r, s) }
    const blocker = await keyed.acquire('p', { concurrency: 1, tokens: 0 })
    setTimeout(() => blocker.release(), 60)
    const provider = scriptedProvider([new ProviderError('p: boom [server_error HTTP 500]', { errorClass: 'server_error', status: 500 })])
    const call = await callProvider(limiter, provider, spec({ concurrency: 1 }), input())
    expect(call.attempts).toBe(2)
    expect(call.response.timings.queueMs).toBeGreaterThanOrEqual(55)
    expect(call.response.timings.queueMs).toBeLessThan(60 + 200)
  })

  test('a final failure carries its attempts; every lease was given back', async () => {
    const keyed = new KeyedLimiter()
    const limiter: Limiter = { acquire: (k, r, s) => keyed.acquire(k, r, s) }
    const provider = scriptedProvider([e429(), e429(), e429()])
    const error = await callProvider(limiter, provider, spec(), input()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect(attemptsOf(error)).toBe(3)
    expect(keyed.stats('p')).toMatchObject({ active: 0, granted: 3 })
  })

  test('a cancelled case stops at once: in a backoff, and while waiting for a slot', async () => {
    const keyed = new KeyedLimiter()
    const limiter: Limiter = { acquire: (k, r, s) => keyed.acquire(k, r, s) }
    const later = new ProviderError('p: later [rate_limit HTTP 429]', { errorClass: 'rate_limit', status: 429, retryAfterMs: 10_000 })
    const controller = new AbortController()
    const started = performance.now()
    setTimeout(() => controller.abort(new Error('test cancelled')), 30)
    const error = await callProvider(limiter, scriptedProvider([later]), spec({ retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 60_000 } }), input(controller.signal)).catch((e: unknown) => e)
    expect((error as Error).message).toBe('test cancelled')
    expect(performance.now() - started).toBeLessThan(1000)

    const blocker = await keyed.acquire('q', { concurrency: 1, tokens: 0 })
    const queued = new AbortController()
    setTimeout(() => queued.abort(new Error('test cancelled')), 30)
    const waiting = callProvider(limiter, scriptedProvider([]), spec({ id: 'q', concurrency: 1 }), input(queued.signal))
    await expect(waiting).rejects.toThrow('test cancelled')
    expect(keyed.stats('q')).toMatchObject({ active: 1, waiting: 0 })
    blocker.release()
  })
})

describe('token estimates', () => {
  test('prompt chars / 4 + max_tokens (or a default), corrected by the usage', () => {
    expect(estimateTokens('x'.repeat(40), { max_tokens: 8 })).toBe(18)
    expect(estimateTokens('abc', {})).toBe(1 + 256)
    expect(usedTokens({ inputTokens: 3, outputTokens: 2, source: 'provider' }, 10)).toBe(5)
    expect(usedTokens({ inputTokens: null, outputTokens: 2, source: 'provider' }, 10)).toBe(12)
    expect(usedTokens({ inputTokens: null, outputTokens: null, source: 'none' }, 10)).toBeUndefined()
  })
})

describe('caseSignal: one controller, one timer', () => {
  test('times out, tells a timeout from a cancellation, and a disposed one never fires', async () => {
    const parent = new AbortController()
    const timed = caseSignal(parent.signal, 20)
    await sleep(40)
    expect(timed.signal.aborted).toBe(true)
    expect(timed.timedOut).toBe(true)
    expect((timed.signal.reason as Error).name).toBe('TimeoutError')
    timed.dispose()

    const cancelled = caseSignal(parent.signal, 1000)
    parent.abort(new Error('cancelled'))
    expect(cancelled.signal.aborted).toBe(true)
    expect(cancelled.timedOut).toBe(false)
    expect((cancelled.signal.reason as Error).message).toBe('cancelled')
    cancelled.dispose()

    const done = caseSignal(new AbortController().signal, 10)
    done.dispose()
    await sleep(30)
    expect(done.signal.aborted).toBe(false)
  })

  test('an already cancelled test: aborted from the start', () => {
    const parent = new AbortController()
    parent.abort(new Error('before'))
    const s = caseSignal(parent.signal, 1000)
    expect(s.signal.aborted).toBe(true)
    expect(s.timedOut).toBe(false)
    s.dispose()
  })
})
