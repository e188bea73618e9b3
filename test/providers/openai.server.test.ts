import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { ProviderError } from '../../src/providers/errors.ts'
import { createOpenAIProvider, type OpenAIProviderOptions } from '../../src/providers/openai.ts'
import type { ProviderRequest } from '../../src/providers/types.ts'
import { startTestServer, type Fault, type FaultMode, type TestServer } from '../server/test-server.ts'

/** The OpenAI provider against the switchable faults of our test server (the per-model faults are in openai.faults.test.ts). */

const REQUEST: ProviderRequest = { prompt: 'hi', params: {} }
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ answer: 'one two three four', tokenDelayMs: 5 })
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  server.setFault(null)
})

const provider = (options: Partial<OpenAIProviderOptions> = {}) => createOpenAIProvider({ model: 'm', baseURL: server.openaiURL, ...options })

async function failure(fault: Fault | FaultMode, options: Partial<OpenAIProviderOptions> = {}): Promise<ProviderError> {
  server.setFault(fault, { count: 1 })
  const error = await provider(options).complete(REQUEST).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe.each([true, false])('stream %s', (stream) => {
  test('rate-limit with an HTTP-date Retry-After', async () => {
    const e = await failure({ mode: 'rate-limit', retryAfterSeconds: 3, retryAfterFormat: 'http-date' }, { stream })
    expect(e).toMatchObject({ errorClass: 'rate_limit', status: 429 })
    expect(e.retryAfterMs).toBeGreaterThan(1000)
    expect(e.retryAfterMs).toBeLessThanOrEqual(3000)
  })

  test('an HTML page instead of the answer is malformed_response', async () => {
    const e = await failure('wrong-content-type', { stream })
    expect(e).toMatchObject({ errorClass: 'malformed_response' })
    if (stream) expect(e.message).toContain('text/html')
  })

  test('each fault → its class', async () => {
    expect(await failure('server-error', { stream })).toMatchObject({ errorClass: 'server_error' })
    expect(await failure('bad-request', { stream })).toMatchObject({ errorClass: 'bad_request' })
    expect(await failure('not-found', { stream })).toMatchObject({ errorClass: 'not_found' })
    expect(await failure('auth', { stream })).toMatchObject({ errorClass: 'auth' })
    expect(await failure('empty', { stream })).toMatchObject({ errorClass: 'empty_response' })
    expect(await failure({ mode: 'cut-stream', afterTokens: 2 }, { stream })).toMatchObject({ errorClass: stream ? 'stream_cut' : 'connection' })
    expect(await failure('hang', { stream, timeoutMs: 150 })).toMatchObject({ errorClass: 'timeout' })
  })
})

test('slow: a correct answer with tokens the given delay apart', async () => {
  server.setFault({ mode: 'slow', tokenDelayMs: 40 }, { count: 1 })
  const r = await provider().complete(REQUEST)
  expect(r.output).toBe('one two three four')
  expect(r.timings.e2eMs - (r.timings.ttftMs ?? 0)).toBeGreaterThanOrEqual(3 * 35)
  expect(r.usage).toEqual({ inputTokens: 1, outputTokens: 4, source: 'provider' })
})

test('a request that is back to normal after the fault count is used up', async () => {
  server.setFault('server-error', { count: 2 })
  const p = provider()
  await expect(p.complete(REQUEST)).rejects.toMatchObject({ errorClass: 'server_error' })
  await expect(p.complete(REQUEST)).rejects.toMatchObject({ errorClass: 'server_error' })
  expect((await p.complete(REQUEST)).output).toBe('one two three four')
})
