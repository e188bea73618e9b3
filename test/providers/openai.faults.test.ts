import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { ProviderError } from '../../src/providers/errors.ts'
import { createOpenAIProvider, type OpenAIProviderOptions } from '../../src/providers/openai.ts'
import type { ProviderRequest } from '../../src/providers/types.ts'
import { freePort } from '../helpers/llama-server.ts'
import { startFaultServer, type FaultServer } from './fault-server.ts'

/** Faults over real HTTP (a small local server, see fault-server.ts): how each becomes a ProviderError. */

const REQUEST: ProviderRequest = { prompt: 'hi', params: { max_tokens: 4 } }
const KEY_ENV = 'LLM_BENCH_TEST_FAULT_KEY'
const SECRET = 'sk-test-SECRET-0123456789abcdef'

let server: FaultServer

beforeAll(async () => {
  server = await startFaultServer()
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

function provider(model: string, options: Partial<OpenAIProviderOptions> = {}) {
  return createOpenAIProvider({ model, baseURL: server.baseURL, apiKeyEnv: KEY_ENV, ...options })
}

async function failure(model: string, options: Partial<OpenAIProviderOptions> = {}): Promise<ProviderError> {
  const error = await provider(model, options).complete(REQUEST).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe('HTTP errors', () => {
  test('429 is rate_limit, retryable, with Retry-After in ms', async () => {
    const e = await failure('429')
    expect(e).toMatchObject({ errorClass: 'rate_limit', status: 429, retryable: true, retryAfterMs: 2000 })
    expect(e.message).toContain('openai:429@')
  })

  test('500 is server_error, retryable', async () => {
    expect(await failure('500')).toMatchObject({ errorClass: 'server_error', status: 500, retryable: true })
  })

  test('404 is not_found, not retryable', async () => {
    expect(await failure('404')).toMatchObject({ errorClass: 'not_found', status: 404, retryable: false })
  })

  test('401 is auth; the key never appears in the message even when the server echoes it', async () => {
    vi.stubEnv(KEY_ENV, SECRET)
    const e = await failure('401-echo', { stream: false })
    expect(e).toMatchObject({ errorClass: 'auth', status: 401, retryable: false })
    expect(e.message).toContain('Incorrect API key provided')
    expect(e.message).not.toContain(SECRET)
    expect(e.message).not.toContain('SECRET-0123')
    expect(JSON.stringify(e)).not.toContain(SECRET)
  })
})

describe('broken streams and bodies', () => {
  test('a connection closed mid-stream is stream_cut', async () => {
    expect(await failure('cut-destroy')).toMatchObject({ errorClass: 'stream_cut', retryable: true })
  })

  test('a connection closed in the middle of a JSON body is connection, retryable', async () => {
    expect(await failure('cut-body', { stream: false })).toMatchObject({ errorClass: 'connection', retryable: true })
  })

  test('a stream that ends without finish_reason is stream_cut', async () => {
    expect(await failure('cut-end')).toMatchObject({ errorClass: 'stream_cut', retryable: true })
  })

  test('malformed JSON in a stream is malformed_response', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined) // the SDK logs the bad chunk
    expect(await failure('bad-json-stream')).toMatchObject({ errorClass: 'malformed_response' })
  })

  test('a malformed JSON body is malformed_response', async () => {
    expect(await failure('bad-json-body', { stream: false })).toMatchObject({ errorClass: 'malformed_response' })
  })

  test('no choices at all is empty_response (streamed and not)', async () => {
    expect(await failure('empty-stream')).toMatchObject({ errorClass: 'empty_response' })
    expect(await failure('empty-choices', { stream: false })).toMatchObject({ errorClass: 'empty_response' })
  })

  test('an error event inside the stream is server_error', async () => {
    const e = await failure('error-event')
    expect(e).toMatchObject({ errorClass: 'server_error', retryable: true })
    expect(e.message).toContain('slot crashed')
  })

  test('no usage from the server: nulls with source none, never invented', async () => {
    const r = await provider('no-usage').complete(REQUEST)
    expect(r.output).toBe('Hello')
    expect(r.usage).toEqual({ inputTokens: null, outputTokens: null, source: 'none' })
    expect(r.timings.tpotMs).toBeNull()
    expect(r.timings.ttftMs).not.toBeNull()
    expect(r.timings.itlMs).toHaveLength(2)
    expect(r.finishReason).toBe('stop')
  })

  test('the usage-only last chunk is not a content chunk', async () => {
    const r = await provider('ok').complete(REQUEST)
    expect(r.output).toBe('Hello')
    expect(r.usage).toEqual({ inputTokens: 3, outputTokens: 2, source: 'provider' })
    expect(r.timings.itlMs).toHaveLength(1)
    expect(r.serverTimings).toBeUndefined()
  })
})

describe('connection, timeout, headers', () => {
  test('a closed port is connection, retryable', async () => {
    const port = await freePort()
    const p = createOpenAIProvider({ model: 'm', baseURL: `http://127.0.0.1:${port}/v1`, apiKeyEnv: KEY_ENV })
    const e = await p.complete(REQUEST).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(ProviderError)
    expect(e).toMatchObject({ errorClass: 'connection', retryable: true })
    expect((e as ProviderError).message).toMatch(/ECONNREFUSED/)
  })

  test('no response headers within timeoutMs is timeout', async () => {
    const started = performance.now()
    expect(await failure('hang', { timeoutMs: 200 })).toMatchObject({ errorClass: 'timeout', retryable: true })
    expect(performance.now() - started).toBeLessThan(2000)
  })

  test('configured headers are sent', async () => {
    const headers = { 'x-bench-team': 'evals' }
    expect((await provider('echo-header', { headers }).complete(REQUEST)).output).toBe('evals')
    expect((await provider('echo-header', { headers, stream: false }).complete(REQUEST)).output).toBe('evals')
  })
})

describe('API key', () => {
  test('real OpenAI (no baseURL) without a key throws missing_key naming the provider and the variable', () => {
    vi.stubEnv('OPENAI_API_KEY', undefined)
    let error: unknown
    try {
      createOpenAIProvider({ model: 'gpt-4o-mini' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ errorClass: 'missing_key', retryable: false, providerId: 'openai:gpt-4o-mini' })
    expect((error as Error).message).toContain('OPENAI_API_KEY')
    expect((error as Error).message).toContain('openai:gpt-4o-mini')
  })

  test('an empty key counts as missing; a custom variable is named', () => {
    vi.stubEnv('MY_KEY', '  ')
    expect(() => createOpenAIProvider({ model: 'gpt-4o', apiKeyEnv: 'MY_KEY', id: 'gpt' })).toThrow(/gpt: .*MY_KEY/)
  })

  test('api.openai.com given explicitly still needs a key', () => {
    vi.stubEnv('OPENAI_API_KEY', '')
    expect(() => createOpenAIProvider({ model: 'gpt-4o', baseURL: 'https://api.openai.com/v1' })).toThrow(ProviderError)
  })

  test('a compatible server needs no key', () => {
    vi.stubEnv(KEY_ENV, undefined)
    const p = provider('ok')
    expect(p.id).toBe(`openai:ok@${server.baseURL}`)
    expect(p.type).toBe('openai')
    expect(p.model).toBe('ok')
  })

  test('a key that is set is never part of the provider id or a message', async () => {
    vi.stubEnv(KEY_ENV, SECRET)
    const p = provider('500')
    expect(p.id).not.toContain(SECRET)
    const e = await p.complete(REQUEST).catch((err: unknown) => err)
    expect(String((e as Error).message)).not.toContain(SECRET)
  })
})
