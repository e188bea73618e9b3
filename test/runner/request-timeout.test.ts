import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { isProviderError } from '../../src/providers/errors.ts'
import { KeyedLimiter } from '../../src/providers/limits/keyed-limiter.ts'
import type { Limiter } from '../../src/providers/limits/types.ts'
import { createOllamaProvider } from '../../src/providers/ollama.ts'
import { attemptsOf } from '../../src/providers/retry/attempts.ts'
import { parseProviderSpec } from '../../src/providers/spec.ts'
import { classifyError } from '../../src/runner/classify-error.ts'
import { callProvider } from '../../src/runner/provider-call.ts'
import { RunDeadlineError, runDeadlineSignal } from '../../src/runner/run-deadline.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'

/**
 * Each attempt's timeout against the test server in its Ollama dialect: a
 * request whose prompt says "hang" is never answered. With concurrency 4 and
 * 8 hung requests ahead of 6 healthy ones, the healthy ones wait two rounds
 * of timeouts for a slot (longer than the timeout itself) and still succeed:
 * the wait is queue time, not theirs.
 */

const TIMEOUT_MS = 300
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ answer: 'a calm answer', faultFor: (r) => {
      const body = JSON.stringify(r.body)
      if (body.includes('hang')) return 'hang'
      // a 429 that asks for 5 s: the wait before the retry is certain to outlast a short deadline
      return body.includes('slow down') ? { mode: 'rate-limit', retryAfterSeconds: 5 } : undefined
    },
  })
})
afterAll(() => server.close())

function setup(concurrency: number, attempts = 1) {
  const keyed = new KeyedLimiter({ windowMs: 60_000 })
  const limiter: Limiter = { acquire: (k, r, s) => keyed.acquire(k, r, s) }
  const spec = parseProviderSpec({ type: 'ollama', model: 'test-model', host: server.ollamaURL, id: 'ol', concurrency, retry: { attempts, baseDelayMs: 0, maxDelayMs: 0 } })
  const provider = createOllamaProvider({ model: 'test-model', host: server.ollamaURL, id: 'ol' })
  return { keyed, limiter, spec, provider }
}

const request = (text: string) => ({ request: { messages: [{ role: 'user' as const, content: text }], params: {} }, prompt: text, signal: new AbortController().signal })

describe('a hung Ollama request', () => {
  test('times out after its own timeoutMs, frees its slot; the queued healthy requests succeed with their queue time apart', async () => {
    server.reset()
    const { keyed, limiter, spec, provider } = setup(4)
    const started = performance.now()
    const hung = Array.from({ length: 8 }, (_, i) => callProvider(limiter, provider, spec, { ...request(`please hang ${i}`), timeoutMs: TIMEOUT_MS }).catch((e: unknown) => e))
    const healthy = Array.from({ length: 6 }, (_, i) => callProvider(limiter, provider, spec, { ...request(`story ${i}`), timeoutMs: TIMEOUT_MS }))
    const answers = await Promise.all(healthy)
    const errors = await Promise.all(hung)
    for (const error of errors) {
      expect(isProviderError(error) && error.errorClass).toBe('timeout')
      expect(classifyError(error, false, TIMEOUT_MS)).toEqual({ status: 'timeout', class: 'timeout', message: `ol: the request did not finish within ${TIMEOUT_MS} ms [timeout]` })
      expect(attemptsOf(error)).toBe(1)
    }
    for (const a of answers) expect(a.response.output).toBe('a calm answer')
    // the healthy ones waited for two rounds of hung requests: more than a timeout, and none of it counted against them
    const queue = answers.map((a) => a.response.timings.queueMs)
    expect(Math.min(...queue)).toBeGreaterThan(TIMEOUT_MS * 1.5)
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS * 2 + 2_000)
    // every slot was given back, and the server saw every hung connection closed
    expect(keyed.stats('ol')).toMatchObject({ active: 0, waiting: 0, granted: 14 })
    await expect.poll(() => server.stats().inFlight).toBe(0)
    expect(server.stats().completions).toBe(14)
    // the slot is free the moment the attempt times out; the server may see the next request a
    // moment before the aborted socket's close reaches it
    expect(server.stats().maxInFlight).toBeGreaterThanOrEqual(4)
    expect(server.stats().maxInFlight).toBeLessThanOrEqual(5)
  })

  test('with retries, each attempt gets the whole timeout', async () => {
    server.reset()
    const { limiter, spec, provider } = setup(1, 3)
    const started = performance.now()
    const error = await callProvider(limiter, provider, spec, { ...request('hang on'), timeoutMs: TIMEOUT_MS }).catch((e: unknown) => e)
    expect(isProviderError(error) && error.errorClass).toBe('timeout')
    expect(attemptsOf(error)).toBe(3)
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * TIMEOUT_MS - 10)
    expect(server.stats().completions).toBe(3)
  })
})

describe('the run deadline', () => {
  test('a request still queued when it passes is never sent: RunDeadlineError, skipped / run_deadline; the one in flight runs to its own outcome', async () => {
    server.reset()
    const { limiter, spec, provider } = setup(1)
    const deadline = runDeadlineSignal(150, Date.now())
    const inFlight = callProvider(limiter, provider, spec, { ...request('hang first'), timeoutMs: TIMEOUT_MS, deadline }).catch((e: unknown) => e)
    const queued = callProvider(limiter, provider, spec, { ...request('a story'), timeoutMs: TIMEOUT_MS, deadline }).catch((e: unknown) => e)
    const skipped = await queued
    expect(skipped).toBeInstanceOf(RunDeadlineError)
    expect(attemptsOf(skipped)).toBe(0)
    expect(classifyError(skipped, false, TIMEOUT_MS)).toMatchObject({ status: 'skipped', class: 'run_deadline' })
    // the hung request was not cut at the deadline (150 ms) but at its own timeout
    const timedOut = await inFlight
    expect(isProviderError(timedOut) && timedOut.errorClass).toBe('timeout')
    expect(server.stats().completions).toBe(1)
  })

  test('a case waiting to retry when it passes keeps its last attempt’s error', async () => {
    server.reset()
    const keyed = new KeyedLimiter({ windowMs: 60_000 })
    const limiter: Limiter = { acquire: (k, r, s) => keyed.acquire(k, r, s) }
    const spec = parseProviderSpec({ type: 'ollama', model: 'test-model', host: server.ollamaURL, id: 'ol', concurrency: 1, retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 10_000 } })
    const provider = createOllamaProvider({ model: 'test-model', host: server.ollamaURL, id: 'ol' })
    // the 429 asks for 5 s, so the deadline passes while the call waits to retry
    const deadline = runDeadlineSignal(TIMEOUT_MS, Date.now())
    const started = performance.now()
    const error = await callProvider(limiter, provider, spec, { ...request('slow down then wait'), timeoutMs: TIMEOUT_MS, deadline }).catch((e: unknown) => e)
    expect(isProviderError(error) && error.errorClass).toBe('rate_limit')
    expect(attemptsOf(error)).toBe(1)
    expect(performance.now() - started).toBeLessThan(4_000)
    expect(server.stats().completions).toBe(1)
  })
})

describe('a local model’s load is not part of a request’s timeout', () => {
  test('ready() loads the model before any request, so the first request’s timeout covers only itself', async () => {
    const { createLocalProvider } = await import('../../src/providers/local/local-provider.ts')
    const { MODEL_FILE } = await import('../providers/local/model-server.ts')
    const local = await createLocalProvider({ type: 'local', id: 'local:stories', modelPath: MODEL_FILE, concurrency: 1 }, { env: {} })
    try {
      expect(local.loadMs).toBeNull()
      await local.ready()
      expect(local.loadMs).not.toBeNull()
    } finally {
      await local.close()
    }
  })
})

describe('the Ollama provider’s own timeoutMs (direct use)', () => {
  test('a hung request fails as a retryable timeout after timeoutMs and its connection is closed', async () => {
    server.reset()
    const provider = createOllamaProvider({ model: 'test-model', host: server.ollamaURL, id: 'ol', timeoutMs: TIMEOUT_MS })
    const started = performance.now()
    const error = await provider.complete({ messages: [{ role: 'user', content: 'hang here' }], params: {} }).catch((e: unknown) => e)
    expect(isProviderError(error) && [error.errorClass, error.retryable, error.message]).toEqual(['timeout', true, `ol: no complete answer within ${TIMEOUT_MS} ms [timeout]`])
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 1_000)
    await expect.poll(() => server.stats().inFlight).toBe(0)
    // a request that answers in time is untouched
    const ok = await provider.complete({ messages: [{ role: 'user', content: 'a story' }], params: {} })
    expect(ok.output).toBe('a calm answer')
  })
})
