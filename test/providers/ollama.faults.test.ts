import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { ProviderError } from '../../src/providers/errors.ts'
import { createOllamaProvider, type OllamaProviderOptions } from '../../src/providers/ollama.ts'
import type { ProviderRequest } from '../../src/providers/types.ts'
import { freePort } from '../helpers/llama-server.ts'
import { startTestServer, type Fault, type FaultMode, type TestServer } from '../server/test-server.ts'

/** Every fault of our server, through the `ollama` package: the ProviderError class each becomes. */

const REQUEST: ProviderRequest = { prompt: 'hi', params: {} }
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ answer: 'one two three four' })
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  server.setFault(null)
})

function provider(options: Partial<OllamaProviderOptions> = {}) {
  return createOllamaProvider({ model: 'llama3.2', host: server.ollamaURL, ...options })
}

async function failure(fault: Fault | FaultMode, options: Partial<OllamaProviderOptions> = {}): Promise<ProviderError> {
  server.setFault(fault, { count: 1 })
  const error = await provider(options).complete(REQUEST).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe.each([true, false])('stream %s', (stream) => {
  test('429 is rate_limit with Retry-After (seconds and HTTP date)', async () => {
    expect(await failure({ mode: 'rate-limit', retryAfterSeconds: 2 }, { stream })).toMatchObject({ errorClass: 'rate_limit', status: 429, retryAfterMs: 2000 })
    const dated = await failure({ mode: 'rate-limit', retryAfterSeconds: 4, retryAfterFormat: 'http-date' }, { stream })
    expect(dated.retryAfterMs).toBeGreaterThan(2000)
    expect(dated.retryAfterMs).toBeLessThanOrEqual(4000)
  })

  test('500 and 503 are server_error; 400 bad_request; 401 auth', async () => {
    const e = await failure({ mode: 'server-error', message: 'llama runner process has terminated' }, { stream })
    expect(e).toMatchObject({ errorClass: 'server_error', status: 500, retryable: true })
    expect(e.message).toContain('llama runner process has terminated')
    expect(await failure({ mode: 'server-error', status: 503 }, { stream })).toMatchObject({ errorClass: 'server_error', status: 503 })
    expect(await failure('bad-request', { stream })).toMatchObject({ errorClass: 'bad_request', status: 400, retryable: false })
    expect(await failure('auth', { stream })).toMatchObject({ errorClass: 'auth', status: 401, retryable: false })
  })

  test('a cut answer: stream_cut mid-stream, connection for a cut body', async () => {
    expect(await failure({ mode: 'cut-stream', afterTokens: 2 }, { stream })).toMatchObject({ errorClass: stream ? 'stream_cut' : 'connection', retryable: true })
    expect(await failure({ mode: 'cut-stream', cut: 'destroy', afterTokens: 2 }, { stream })).toMatchObject({ errorClass: stream ? 'stream_cut' : 'connection' })
  })

  test('invalid JSON is malformed_response; so is an HTML page', async () => {
    expect(await failure('malformed', { stream })).toMatchObject({ errorClass: 'malformed_response', retryable: true })
    const html = await failure('wrong-content-type', { stream })
    expect(html).toMatchObject({ errorClass: 'malformed_response' })
    expect(html.message).toContain('text/html')
  })

  test('an answer without any message is empty_response', async () => {
    expect(await failure('empty', { stream })).toMatchObject({ errorClass: 'empty_response', retryable: true })
    expect(await failure('empty', { stream, api: 'generate' })).toMatchObject({ errorClass: 'empty_response' })
  })

  test('no counts: usage nulls with source none; no durations', async () => {
    server.setFault('no-usage', { count: 1 })
    const r = await provider({ stream }).complete(REQUEST)
    expect(r.output).toBe('one two three four')
    expect(r.usage).toEqual({ inputTokens: null, outputTokens: null, source: 'none' })
    expect(r.serverTimings).toBeUndefined()
  })
})

describe('stream-only faults', () => {
  test('an error line mid-stream is server_error with its text', async () => {
    const e = await failure({ mode: 'error-event', afterTokens: 2, message: 'an error was encountered while running the model' })
    expect(e).toMatchObject({ errorClass: 'server_error', retryable: true })
    expect(e.message).toContain('an error was encountered while running the model')
  })

  test('slow tokens: a correct answer, later', async () => {
    server.setFault({ mode: 'slow', tokenDelayMs: 50 }, { count: 1 })
    const r = await provider().complete(REQUEST)
    expect(r.output).toBe('one two three four')
    expect(r.timings.e2eMs).toBeGreaterThanOrEqual(4 * 45)
  })
})

describe('connection and abort', () => {
  test('nothing listening is connection, naming the host', async () => {
    const port = await freePort()
    const e = await createOllamaProvider({ model: 'm', host: `http://127.0.0.1:${port}` }).complete(REQUEST).catch((err: unknown) => err)
    expect(e).toMatchObject({ errorClass: 'connection', retryable: true })
    expect((e as Error).message).toMatch(/ECONNREFUSED/)
    expect((e as Error).message).toContain(`127.0.0.1:${port}`)
  })

  test('an abort while the server hangs is aborted (streamed and not)', async () => {
    for (const stream of [true, false]) {
      server.setFault('hang', { count: 1 })
      const controller = new AbortController()
      setTimeout(() => controller.abort(), 100)
      await expect(provider({ stream }).complete({ ...REQUEST, signal: controller.signal })).rejects.toMatchObject({ errorClass: 'aborted' })
    }
    await expect.poll(() => server.stats().inFlight).toBe(0)
  })

  test('an abort mid-stream is aborted, and the server sees the request end', async () => {
    server.setFault({ mode: 'slow', tokenDelayMs: 200 }, { count: 1 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 300)
    const started = performance.now()
    await expect(provider().complete({ ...REQUEST, signal: controller.signal })).rejects.toMatchObject({ errorClass: 'aborted' })
    expect(performance.now() - started).toBeLessThan(700)
    await expect.poll(() => server.stats().inFlight).toBe(0)
  })
})
