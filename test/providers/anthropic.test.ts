import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { createAnthropicProvider, type AnthropicProviderOptions } from '../../src/providers/anthropic.ts'
import { ProviderError } from '../../src/providers/errors.ts'
import type { ProviderRequest } from '../../src/providers/types.ts'
import { startTestServer, type RequestInfo, type TestServer } from '../server/test-server.ts'

/** The Anthropic provider through the official SDK against our protocol-faithful server: answers, usage, timings, the request it sends. */

const KEY_ENV = 'LLM_BENCH_TEST_ANTHROPIC_KEY'
const TOKENS = 6
const TOKEN_DELAY_MS = 15
let server: TestServer

/** What the server got, echoed back as the answer when the prompt asks for it. */
function answer(request: RequestInfo): string | string[] {
  if (request.body.messages !== undefined && JSON.stringify(request.body.messages).includes('ECHO')) {
    const { messages, system, max_tokens, temperature, top_p, stop_sequences } = request.body
    return [JSON.stringify({ messages, system, max_tokens, temperature, top_p, stop_sequences })]
  }
  return Array.from({ length: TOKENS }, (_, i) => `t${i} `)
}

beforeAll(async () => {
  server = await startTestServer({ answer, tokenDelayMs: TOKEN_DELAY_MS, promptTokens: 120, cacheTokens: { read: 100, write: 8 } })
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  vi.unstubAllEnvs()
  server.setFault(null)
})

function provider(options: Partial<AnthropicProviderOptions> = {}) {
  return createAnthropicProvider({ model: 'claude-haiku-4-5', baseURL: server.anthropicURL, apiKeyEnv: KEY_ENV, ...options })
}

const REQUEST: ProviderRequest = { prompt: 'Tell me a story.', params: {} }

async function echo(request: Partial<ProviderRequest>, options: Partial<AnthropicProviderOptions> = {}): Promise<Record<string, unknown>> {
  const r = await provider({ stream: false, ...options }).complete({ params: {}, ...request })
  return JSON.parse(r.output) as Record<string, unknown>
}

describe('streaming (the default)', () => {
  test('text, usage with cache tokens, finish reason, model', async () => {
    const r = await provider().complete(REQUEST)
    expect(r.output).toBe('t0 t1 t2 t3 t4 t5 ')
    // inputTokens counts every input token: 12 uncached + 100 read from the cache + 8 written to it
    expect(r.usage).toEqual({ inputTokens: 120, outputTokens: TOKENS, cacheReadTokens: 100, cacheWriteTokens: 8, source: 'provider' })
    expect(r.finishReason).toBe('stop')
    expect(r.model).toBe('claude-haiku-4-5')
    expect(r.serverTimings).toBeUndefined()
  })

  test('timings: TTFT at the first delta, TTFT <= E2E, ITL between deltas, TPOT', async () => {
    const r = await provider().complete(REQUEST)
    const t = r.timings
    expect(t.streamed).toBe(true)
    expect(t.ttftMs).not.toBeNull()
    expect(t.ttftMs ?? Infinity).toBeGreaterThanOrEqual(TOKEN_DELAY_MS - 2)
    expect(t.ttftMs ?? Infinity).toBeLessThanOrEqual(t.e2eMs)
    expect(t.itlMs).toHaveLength(TOKENS - 1)
    const gaps = t.itlMs.reduce((a, b) => a + b, 0)
    expect(gaps).toBeGreaterThan((TOKENS - 1) * TOKEN_DELAY_MS * 0.5)
    expect(gaps).toBeLessThanOrEqual(t.e2eMs - (t.ttftMs ?? 0) + 0.001)
    expect(t.tpotMs).toBeCloseTo((t.e2eMs - (t.ttftMs ?? 0)) / (TOKENS - 1), 6)
    expect(t.queueMs).toBeGreaterThanOrEqual(0)
  })

  test('max_tokens reached is finish reason length', async () => {
    const r = await provider().complete({ prompt: 'x', params: { max_tokens: 2 } })
    expect(r.output).toBe('t0 t1 ')
    expect(r.finishReason).toBe('length')
    expect(r.usage.outputTokens).toBe(2)
  })

  test('queueMs is the wait before the request was sent', async () => {
    const r = await provider().complete({ ...REQUEST, queuedAt: performance.now() - 50 })
    expect(r.timings.queueMs).toBeGreaterThanOrEqual(49)
  })
})

describe('not streamed', () => {
  test('text, usage, no TTFT/ITL/TPOT', async () => {
    const r = await provider({ stream: false }).complete(REQUEST)
    expect(r.output).toBe('t0 t1 t2 t3 t4 t5 ')
    expect(r.usage).toEqual({ inputTokens: 120, outputTokens: TOKENS, cacheReadTokens: 100, cacheWriteTokens: 8, source: 'provider' })
    expect(r.timings).toMatchObject({ streamed: false, ttftMs: null, tpotMs: null, itlMs: [] })
    expect(r.timings.e2eMs).toBeGreaterThanOrEqual(TOKEN_DELAY_MS * TOKENS - 5)
  })
})

describe('the request sent', () => {
  test('max_tokens defaults to 1024; the prompt is a user message', async () => {
    expect(await echo({ prompt: 'ECHO' })).toEqual({ messages: [{ role: 'user', content: 'ECHO' }], max_tokens: 1024 })
  })

  test('system prompt from request.system', async () => {
    expect(await echo({ prompt: 'ECHO', system: 'Be terse.' })).toMatchObject({ system: 'Be terse.', messages: [{ role: 'user', content: 'ECHO' }] })
  })

  test('leading system messages become the system prompt; the others stay in order', async () => {
    const got = await echo({
      messages: [
        { role: 'system', content: 'You are a poet.' },
        { role: 'system', content: 'Rhyme.' },
        { role: 'user', content: 'ECHO' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'again' },
      ],
    })
    expect(got.system).toBe('You are a poet.\n\nRhyme.')
    expect(got.messages).toEqual([
      { role: 'user', content: 'ECHO' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: 'again' },
    ])
  })

  test('params: provider defaults, overridden by the request; stop becomes stop_sequences; seed is dropped', async () => {
    const got = await echo(
      { prompt: 'ECHO', params: { temperature: 0.2, stop: ['\n\n'], seed: 7 } },
      { params: { temperature: 1, top_p: 0.9, max_tokens: 64 } },
    )
    expect(got).toEqual({ messages: [{ role: 'user', content: 'ECHO' }], max_tokens: 64, temperature: 0.2, top_p: 0.9, stop_sequences: ['\n\n'] })
  })

  test('the key is sent once (this SDK sends it as a bearer token); no key on a custom baseURL sends a placeholder', async () => {
    server.reset()
    vi.stubEnv(KEY_ENV, 'sk-ant-test-0123456789')
    await provider().complete(REQUEST)
    const seen = () => [...server.stats().authorization, ...server.stats().apiKeys]
    expect(seen()).toEqual(['Bearer sk-ant-test-0123456789'])
    server.reset()
    vi.stubEnv(KEY_ENV, '')
    await provider().complete(REQUEST)
    expect(seen()).toEqual(['Bearer no-key'])
  })

  test('a request with neither messages nor prompt is bad_request', async () => {
    await expect(provider().complete({ params: {} })).rejects.toMatchObject({ errorClass: 'bad_request' })
  })
})

describe('options and ids', () => {
  test('ids: anthropic:<model> for the real API, anthropic:<model>@<baseURL> otherwise, or the given id', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-x')
    expect(createAnthropicProvider({ model: 'claude-haiku-4-5' })).toMatchObject({ id: 'anthropic:claude-haiku-4-5', type: 'anthropic', model: 'claude-haiku-4-5' })
    expect(provider().id).toBe(`anthropic:claude-haiku-4-5@${server.anthropicURL}`)
    expect(provider({ id: 'haiku' }).id).toBe('haiku')
  })

  test('the real API without a key is missing_key, naming the provider and the variable', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '  ')
    let error: unknown
    try {
      createAnthropicProvider({ model: 'claude-haiku-4-5' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ errorClass: 'missing_key', providerId: 'anthropic:claude-haiku-4-5', retryable: false })
    expect((error as Error).message).toContain('ANTHROPIC_API_KEY')
    vi.stubEnv('MY_CLAUDE_KEY', undefined)
    expect(() => createAnthropicProvider({ model: 'm', baseURL: 'https://api.anthropic.com', apiKeyEnv: 'MY_CLAUDE_KEY' })).toThrow(/MY_CLAUDE_KEY/)
  })

  test('invalid options are refused', () => {
    expect(() => createAnthropicProvider({ model: '' })).toThrow(/invalid Anthropic provider options/)
    expect(() => createAnthropicProvider({ model: 'm', apiKeyEnv: 'sk-ant-123' })).toThrow(/NAME of an environment variable/)
  })
})
