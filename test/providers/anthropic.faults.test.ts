import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { createAnthropicProvider, type AnthropicProviderOptions } from '../../src/providers/anthropic.ts'
import { ProviderError } from '../../src/providers/errors.ts'
import type { ProviderRequest } from '../../src/providers/types.ts'
import { freePort } from '../helpers/llama-server.ts'
import { startTestServer, type Fault, type FaultMode, type TestServer } from '../server/test-server.ts'

/** Every fault of our server, through the official Anthropic SDK: the ProviderError class each becomes. */

const REQUEST: ProviderRequest = { prompt: 'hi', params: { max_tokens: 16 } }
const KEY_ENV = 'LLM_BENCH_TEST_ANTHROPIC_FAULT_KEY'
const SECRET = 'sk-ant-api03-SECRET-0123456789abcdef'
let server: TestServer

beforeAll(async () => {
  // The SDK logs a bad event through a console logger it caches at its first use: silence it before any client exists.
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  server = await startTestServer({ answer: 'one two three four' })
})
afterAll(async () => {
  vi.restoreAllMocks()
  await server.close()
})
afterEach(() => {
  server.setFault(null)
  vi.unstubAllEnvs()
})

function provider(options: Partial<AnthropicProviderOptions> = {}) {
  return createAnthropicProvider({ model: 'claude-haiku-4-5', baseURL: server.anthropicURL, apiKeyEnv: KEY_ENV, ...options })
}

async function failure(fault: Fault | FaultMode, options: Partial<AnthropicProviderOptions> = {}, request: ProviderRequest = REQUEST): Promise<ProviderError> {
  server.setFault(fault, { count: 1 })
  const error = await provider(options).complete(request).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe('HTTP errors', () => {
  test('429 is rate_limit, retryable, with Retry-After in seconds', async () => {
    const e = await failure({ mode: 'rate-limit', retryAfterSeconds: 3 })
    expect(e).toMatchObject({ errorClass: 'rate_limit', status: 429, retryable: true, retryAfterMs: 3000 })
    expect(e.message).toContain('rate_limit_error')
    expect(e.message).toContain(`anthropic:claude-haiku-4-5@${server.anthropicURL}`)
  })

  test('429 with Retry-After as an HTTP date', async () => {
    const e = await failure({ mode: 'rate-limit', retryAfterSeconds: 5, retryAfterFormat: 'http-date' })
    expect(e.errorClass).toBe('rate_limit')
    // the date has whole seconds: 4-5 s from now
    expect(e.retryAfterMs).toBeGreaterThan(3000)
    expect(e.retryAfterMs).toBeLessThanOrEqual(5000)
  })

  test('retry-after-ms wins over retry-after', async () => {
    expect(await failure({ mode: 'rate-limit', retryAfterSeconds: 1.5, retryAfterFormat: 'ms' })).toMatchObject({ retryAfterMs: 1500 })
  })

  test('500 is server_error; 529 (overloaded) is server_error too, both retryable', async () => {
    expect(await failure('server-error')).toMatchObject({ errorClass: 'server_error', status: 500, retryable: true })
    const overloaded = await failure({ mode: 'server-error', status: 529 })
    expect(overloaded).toMatchObject({ errorClass: 'server_error', status: 529, retryable: true })
    expect(overloaded.message).toContain('overloaded_error')
  })

  test('400 is bad_request, 404 not_found, neither retryable', async () => {
    expect(await failure('bad-request')).toMatchObject({ errorClass: 'bad_request', status: 400, retryable: false })
    expect(await failure('not-found')).toMatchObject({ errorClass: 'not_found', status: 404, retryable: false })
  })

  test('401 is auth; the key never appears in the message even when the server echoes it', async () => {
    vi.stubEnv(KEY_ENV, SECRET)
    for (const stream of [true, false]) {
      const e = await failure({ mode: 'auth', echoKey: true }, { stream })
      expect(e).toMatchObject({ errorClass: 'auth', status: 401, retryable: false })
      expect(e.message).toContain('authentication_error')
      expect(e.message).not.toContain('SECRET-0123')
      expect(JSON.stringify(e)).not.toContain(SECRET)
    }
  })

  test('a wrong key against a server that checks it is auth', async () => {
    const checking = await startTestServer({ apiKey: 'right-key' })
    try {
      vi.stubEnv(KEY_ENV, 'wrong-key')
      const make = () => createAnthropicProvider({ model: 'm', baseURL: checking.anthropicURL, apiKeyEnv: KEY_ENV })
      await expect(make().complete(REQUEST)).rejects.toMatchObject({ errorClass: 'auth', status: 401 })
      // the key is read when the provider is made
      vi.stubEnv(KEY_ENV, 'right-key')
      expect((await make().complete(REQUEST)).output).toBe('Once upon a time there was a little robot.')
    } finally {
      await checking.close()
    }
  })
})

describe('broken streams and bodies', () => {
  test('a stream that ends without message_stop is stream_cut', async () => {
    expect(await failure({ mode: 'cut-stream', afterTokens: 2 })).toMatchObject({ errorClass: 'stream_cut', retryable: true })
  })

  test('a socket destroyed mid-stream is stream_cut', async () => {
    expect(await failure({ mode: 'cut-stream', cut: 'destroy', afterTokens: 2 })).toMatchObject({ errorClass: 'stream_cut', retryable: true })
  })

  test('a body cut mid-way is connection, retryable', async () => {
    expect(await failure('cut-stream', { stream: false })).toMatchObject({ errorClass: 'connection', retryable: true })
  })

  test('an invalid JSON event or body is malformed_response', async () => {
    expect(await failure('malformed')).toMatchObject({ errorClass: 'malformed_response', retryable: true })
    expect(await failure('malformed', { stream: false })).toMatchObject({ errorClass: 'malformed_response' })
  })

  test('an HTML page instead of a stream or JSON is malformed_response', async () => {
    const e = await failure('wrong-content-type')
    expect(e).toMatchObject({ errorClass: 'malformed_response' })
    expect(e.message).toContain('text/html')
    expect(await failure('wrong-content-type', { stream: false })).toMatchObject({ errorClass: 'malformed_response' })
  })

  test('no content block / no content is empty_response', async () => {
    expect(await failure('empty')).toMatchObject({ errorClass: 'empty_response', retryable: true })
    expect(await failure('empty', { stream: false })).toMatchObject({ errorClass: 'empty_response' })
  })

  test('an error event mid-stream is server_error, with its message', async () => {
    const e = await failure({ mode: 'error-event', afterTokens: 2, message: 'Overloaded' })
    expect(e).toMatchObject({ errorClass: 'server_error', retryable: true })
    expect(e.message).toContain('overloaded_error: Overloaded')
  })

  test('no usage at all: nulls with source none, never invented', async () => {
    server.setFault('no-usage', { count: 1 })
    const r = await provider().complete(REQUEST)
    expect(r.output).toBe('one two three four')
    expect(r.usage).toEqual({ inputTokens: null, outputTokens: null, source: 'none' })
    expect(r.timings.tpotMs).toBeNull()
  })

  test('slow tokens: a correct answer, later', async () => {
    server.setFault({ mode: 'slow', tokenDelayMs: 60 }, { count: 1 })
    const r = await provider().complete(REQUEST)
    expect(r.output).toBe('one two three four')
    expect(r.timings.ttftMs ?? 0).toBeGreaterThanOrEqual(55)
    expect(r.timings.e2eMs).toBeGreaterThanOrEqual(4 * 55)
  })
})

describe('connection, timeout, abort', () => {
  test('a closed port is connection, retryable', async () => {
    const port = await freePort()
    const p = createAnthropicProvider({ model: 'm', baseURL: `http://127.0.0.1:${port}`, apiKeyEnv: KEY_ENV })
    const e = await p.complete(REQUEST).catch((err: unknown) => err)
    expect(e).toMatchObject({ errorClass: 'connection', retryable: true })
    expect((e as Error).message).toMatch(/ECONNREFUSED/)
  })

  test('no response headers within timeoutMs is timeout', async () => {
    const started = performance.now()
    expect(await failure('hang', { timeoutMs: 200 })).toMatchObject({ errorClass: 'timeout', retryable: true })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  test('an abort while the server hangs is aborted', async () => {
    server.setFault('hang', { count: 1 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    await expect(provider().complete({ ...REQUEST, signal: controller.signal })).rejects.toMatchObject({ errorClass: 'aborted', retryable: false })
  })

  test('an abort mid-stream is aborted, and the server sees the request end', async () => {
    server.setFault({ mode: 'slow', tokenDelayMs: 200 }, { count: 1 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 300) // after the first token, long before the fourth
    const started = performance.now()
    await expect(provider().complete({ ...REQUEST, signal: controller.signal })).rejects.toMatchObject({ errorClass: 'aborted' })
    expect(performance.now() - started).toBeLessThan(700)
    await expect.poll(() => server.stats().inFlight).toBe(0)
  })

  test('an already aborted signal never sends', async () => {
    server.reset()
    await expect(provider().complete({ ...REQUEST, signal: AbortSignal.abort() })).rejects.toMatchObject({ errorClass: 'aborted' })
    expect(server.stats().requests).toBe(0)
  })
})
