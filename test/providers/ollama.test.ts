import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createOllamaProvider, type OllamaProviderOptions } from '../../src/providers/ollama.ts'
import type { ProviderRequest } from '../../src/providers/types.ts'
import { startTestServer, type RequestInfo, type TestServer } from '../server/test-server.ts'

/** The Ollama provider through the `ollama` package against our protocol-faithful server. */

const TOKENS = 5
const TOKEN_DELAY_MS = 15
const LOAD_MS = 60
let server: TestServer

/** Echoes what the server got when the prompt says ECHO. */
function answer(request: RequestInfo): string | string[] {
  if (JSON.stringify(request.body).includes('ECHO')) {
    const { messages, prompt, system, options, keep_alive } = request.body
    return [JSON.stringify({ endpoint: request.endpoint, messages, prompt, system, options, keep_alive })]
  }
  return Array.from({ length: TOKENS }, (_, i) => `w${i} `)
}

beforeAll(async () => {
  server = await startTestServer({ answer, tokenDelayMs: TOKEN_DELAY_MS, loadDelayMs: LOAD_MS, promptTokens: 26, models: ['llama3.2', 'qwen2.5:0.5b'] })
})
afterAll(async () => {
  await server.close()
})

function provider(options: Partial<OllamaProviderOptions> = {}) {
  return createOllamaProvider({ model: 'llama3.2', host: server.ollamaURL, ...options })
}

const REQUEST: ProviderRequest = { prompt: 'Why is the sky blue?', params: {} }

async function echo(request: Partial<ProviderRequest>, options: Partial<OllamaProviderOptions> = {}): Promise<Record<string, unknown>> {
  const r = await provider({ stream: false, ...options }).complete({ params: {}, ...request })
  return JSON.parse(r.output) as Record<string, unknown>
}

describe.each(['chat', 'generate'] as const)('api %s', (api) => {
  test('streamed: text, usage, timings, Ollama durations in ms', async () => {
    const r = await provider({ api }).complete(REQUEST)
    expect(r.output).toBe('w0 w1 w2 w3 w4 ')
    expect(r.usage).toEqual({ inputTokens: 26, outputTokens: TOKENS, source: 'provider' })
    expect(r.finishReason).toBe('stop')
    expect(r.model).toBe('llama3.2')
    const t = r.timings
    expect(t.streamed).toBe(true)
    expect(t.ttftMs ?? 0).toBeGreaterThanOrEqual(LOAD_MS)
    expect(t.ttftMs ?? Infinity).toBeLessThanOrEqual(t.e2eMs)
    expect(t.itlMs).toHaveLength(TOKENS - 1)
    expect(t.tpotMs).toBeCloseTo((t.e2eMs - (t.ttftMs ?? 0)) / (TOKENS - 1), 6)
    const s = r.serverTimings ?? {}
    expect(Object.keys(s).sort()).toEqual(['eval_duration_ms', 'load_duration_ms', 'prompt_eval_duration_ms', 'total_duration_ms'])
    expect(s.load_duration_ms).toBe(LOAD_MS)
    expect(s.eval_duration_ms ?? 0).toBeGreaterThanOrEqual((TOKENS - 1) * TOKEN_DELAY_MS * 0.8)
    expect(s.total_duration_ms ?? 0).toBeGreaterThanOrEqual((s.load_duration_ms ?? 0) + (s.eval_duration_ms ?? 0))
    expect(s.total_duration_ms ?? Infinity).toBeLessThanOrEqual(t.e2eMs)
  })

  test('not streamed: text, usage, durations, no TTFT', async () => {
    const r = await provider({ api, stream: false }).complete(REQUEST)
    expect(r.output).toBe('w0 w1 w2 w3 w4 ')
    expect(r.usage).toEqual({ inputTokens: 26, outputTokens: TOKENS, source: 'provider' })
    expect(r.timings).toMatchObject({ streamed: false, ttftMs: null, tpotMs: null, itlMs: [] })
    expect(r.timings.e2eMs).toBeGreaterThanOrEqual(LOAD_MS + TOKENS * TOKEN_DELAY_MS - 5)
    expect(r.serverTimings?.load_duration_ms).toBe(LOAD_MS)
  })

  test('max_tokens is num_predict: reached, the finish reason is length', async () => {
    const r = await provider({ api }).complete({ prompt: 'x', params: { max_tokens: 2 } })
    expect(r.output).toBe('w0 w1 ')
    expect(r.finishReason).toBe('length')
    expect(r.usage.outputTokens).toBe(2)
  })
})

describe('the request sent', () => {
  test('chat: system, messages, prompt as the last user message; params as options', async () => {
    const got = await echo(
      { system: 'Be brief.', messages: [{ role: 'user', content: 'ECHO' }, { role: 'assistant', content: 'ok' }], prompt: 'more', params: { temperature: 0, max_tokens: 32, stop: ['\n'], seed: 3 } },
      { params: { top_p: 0.5, temperature: 1 }, keepAlive: '10m' },
    )
    expect(got).toEqual({
      endpoint: 'chat',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'ECHO' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'more' },
      ],
      options: { temperature: 0, top_p: 0.5, num_predict: 32, stop: ['\n'], seed: 3 },
      keep_alive: '10m',
    })
  })

  test('generate: the system text apart, the rest joined into the prompt', async () => {
    const got = await echo({ messages: [{ role: 'system', content: 'Sys.' }, { role: 'user', content: 'ECHO' }], prompt: 'and more' }, { api: 'generate' })
    expect(got).toEqual({ endpoint: 'generate', prompt: 'ECHO\n\nand more', system: 'Sys.', options: {} })
  })

  test('a request with neither messages nor prompt is bad_request', async () => {
    await expect(provider().complete({ params: {}, system: 'only a system' })).rejects.toMatchObject({ errorClass: 'bad_request' })
  })

  test('no key header is ever sent', async () => {
    server.reset()
    await provider().complete(REQUEST)
    expect(server.stats()).toMatchObject({ authorization: [], apiKeys: [] })
  })
})

describe('models and ids', () => {
  test('a model not pulled is not_found, naming the model and how to pull it', async () => {
    for (const stream of [true, false]) {
      const e = await provider({ model: 'mistral', stream }).complete(REQUEST).catch((err: unknown) => err)
      expect(e).toMatchObject({ errorClass: 'not_found', status: 404, retryable: false })
      const message = (e as Error).message
      expect(message).toContain('model "mistral"')
      expect(message).toContain('ollama pull mistral')
      expect(message).toContain(server.ollamaURL)
    }
  })

  test('a tagged model name works; llama3.2 matches llama3.2:latest', async () => {
    expect((await provider({ model: 'qwen2.5:0.5b' }).complete(REQUEST)).output).toBe('w0 w1 w2 w3 w4 ')
    expect((await provider({ model: 'llama3.2:latest' }).complete(REQUEST)).usage.outputTokens).toBe(TOKENS)
  })

  test('ids: ollama:<model> on the default host, ollama:<model>@<host> otherwise', () => {
    expect(createOllamaProvider({ model: 'llama3.2' })).toMatchObject({ id: 'ollama:llama3.2', type: 'ollama', model: 'llama3.2' })
    expect(provider().id).toBe(`ollama:llama3.2@${server.ollamaURL}`)
    expect(provider({ id: 'mine' }).id).toBe('mine')
  })

  test('invalid options are refused', () => {
    expect(() => createOllamaProvider({ model: 'm', host: 'not a url' })).toThrow(/invalid Ollama provider options/)
    expect(() => createOllamaProvider({ model: 'm', api: 'embed' as 'chat' })).toThrow(/api/)
  })
})
