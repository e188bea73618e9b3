import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { maxInWindow } from './stats.ts'
import { startTestServer, type TestServer } from './test-server.ts'

/** The test server itself, over raw HTTP: each protocol's wire format, the fault switch, the counters. */

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ answer: 'one two three', models: ['test-model', 'llama3.2'] })
})
afterAll(async () => {
  await server.close()
})
afterEach(() => {
  server.setFault(null)
  server.reset()
})

const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(`${server.baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal })

const ANTHROPIC_HEADERS = { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' }

/** SSE event names in order. */
function eventNames(text: string): string[] {
  return [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1] ?? '')
}

describe('OpenAI', () => {
  test('chat, streamed: data chunks, usage when asked, [DONE]', async () => {
    const res = await post('/v1/chat/completions', { model: 'test-model', messages: [{ role: 'user', content: 'hi there' }], stream: true, stream_options: { include_usage: true } })
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const frames = (await res.text()).split('\n\n').filter(Boolean)
    expect(frames.at(-1)).toBe('data: [DONE]')
    const chunks = frames.slice(0, -1).map((f) => JSON.parse(f.slice('data: '.length)) as { choices: { delta: { content?: string }; finish_reason: string | null }[]; usage?: unknown })
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? null)).toEqual(['one', ' two', ' three', null])
    expect(chunks[2]?.choices[0]?.finish_reason).toBe('stop')
    expect(chunks[3]).toMatchObject({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 } })
  })

  test('no usage chunk without stream_options.include_usage; max_tokens cuts with finish length', async () => {
    const res = await post('/v1/completions', { model: 'test-model', prompt: 'a b c', stream: true, max_tokens: 2 })
    const text = await res.text()
    expect(text).not.toContain('usage')
    expect(text).toContain('"finish_reason":"length"')
    expect(text).toContain('"object":"text_completion"')
  })

  test('whole bodies; models list; unknown model 404', async () => {
    const res = await post('/v1/chat/completions', { model: 'test-model', messages: [{ role: 'user', content: 'x' }] })
    expect(await res.json()).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: 'one two three' }, finish_reason: 'stop' }], usage: { completion_tokens: 3 } })
    const models = (await (await fetch(`${server.openaiURL}/models`)).json()) as { data: { id: string }[] }
    expect(models.data.map((m) => m.id)).toEqual(['test-model', 'llama3.2'])
    const missing = await post('/v1/chat/completions', { model: 'gpt-9', messages: [] })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'model_not_found' } })
  })
})

describe('Anthropic', () => {
  test('streamed: the full event sequence, usage in message_start and message_delta', async () => {
    const res = await post('/v1/messages', { model: 'test-model', max_tokens: 100, messages: [{ role: 'user', content: 'hello' }], stream: true }, ANTHROPIC_HEADERS)
    expect(res.headers.get('request-id')).toMatch(/^req_/)
    const text = await res.text()
    expect(eventNames(text)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ])
    expect(text).toContain('"usage":{"input_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}')
    expect(text).toContain('"stop_reason":"end_turn"')
    expect(text).toContain('"usage":{"output_tokens":3}')
  })

  test('x-api-key, anthropic-version and max_tokens are required', async () => {
    const body = { model: 'test-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }
    const noKey = await post('/v1/messages', body, { 'anthropic-version': '2023-06-01' })
    expect(noKey.status).toBe(401)
    expect(await noKey.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } })
    expect((await post('/v1/messages', body, { 'x-api-key': 'k' })).status).toBe(400)
    const noMax = await post('/v1/messages', { ...body, max_tokens: undefined }, ANTHROPIC_HEADERS)
    expect(noMax.status).toBe(400)
    expect(await noMax.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } })
  })

  test('a whole message', async () => {
    const res = await post('/v1/messages', { model: 'test-model', max_tokens: 2, system: 'be brief', messages: [{ role: 'user', content: 'x' }] }, ANTHROPIC_HEADERS)
    expect(await res.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: 'one two' }],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 3, output_tokens: 2 },
    })
  })
})

describe('Ollama', () => {
  test('chat streams NDJSON by default, the last object done with counts and durations in ns', async () => {
    const res = await post('/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'why is the sky blue' }] })
    expect(res.headers.get('content-type')).toBe('application/x-ndjson')
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(4)
    expect(lines.slice(0, 3).map((l) => (l.message as { content: string }).content)).toEqual(['one', ' two', ' three'])
    expect(lines[3]).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 3 })
    for (const key of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) expect(lines[3]?.[key]).toEqual(expect.any(Number))
  })

  test('generate, not streamed; num_predict cuts with done_reason length; tags; a model not pulled is 404', async () => {
    const res = await post('/api/generate', { model: 'llama3.2:latest', prompt: 'x', stream: false, options: { num_predict: 1 } })
    expect(await res.json()).toMatchObject({ response: 'one', done: true, done_reason: 'length', eval_count: 1 })
    const tags = (await (await fetch(`${server.ollamaURL}/api/tags`)).json()) as { models: { name: string }[] }
    expect(tags.models.map((m) => m.name)).toEqual(['test-model:latest', 'llama3.2:latest'])
    const missing = await post('/api/chat', { model: 'mistral', messages: [] })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({ error: 'model "mistral" not found, try pulling it first' })
  })
})

describe('faults', () => {
  const chat = () => post('/v1/chat/completions', { model: 'test-model', messages: [{ role: 'user', content: 'x' }] })

  test('set at start, for the first N requests only', async () => {
    const s = await startTestServer({ fault: 'server-error', faultCount: 2 })
    try {
      const call = () => fetch(`${s.openaiURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) })
      expect([(await call()).status, (await call()).status, (await call()).status]).toEqual([500, 500, 200])
    } finally {
      await s.close()
    }
  })

  test('changed at runtime, for the next N requests, then back to normal', async () => {
    server.setFault({ mode: 'rate-limit', retryAfterSeconds: 7 }, { count: 1 })
    const limited = await chat()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect((await chat()).status).toBe(200)
  })

  test('Retry-After as an HTTP date', async () => {
    server.setFault({ mode: 'rate-limit', retryAfterSeconds: 30, retryAfterFormat: 'http-date' })
    const at = Date.parse((await chat()).headers.get('retry-after') ?? '')
    expect(at - Date.now()).toBeGreaterThan(28_000)
    expect(at - Date.now()).toBeLessThanOrEqual(30_000)
  })

  test('wrong-content-type answers an HTML page; malformed an invalid JSON body', async () => {
    server.setFault('wrong-content-type')
    const html = await chat()
    expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    server.setFault('malformed')
    await expect((await chat()).json()).rejects.toThrow(SyntaxError)
  })

  test('hang: no answer until the client aborts; in-flight goes back to 0', async () => {
    server.setFault('hang')
    const controller = new AbortController()
    const pending = post('/v1/chat/completions', { model: 'test-model', messages: [] }, {}, controller.signal)
    await new Promise((r) => setTimeout(r, 100))
    expect(server.stats().inFlight).toBe(1)
    controller.abort()
    await expect(pending).rejects.toThrow()
    await expect.poll(() => server.stats().inFlight).toBe(0)
  })

  test('cut-stream destroys the socket mid-stream', async () => {
    server.setFault({ mode: 'cut-stream', cut: 'destroy', afterTokens: 2 })
    const res = await post('/v1/chat/completions', { model: 'test-model', messages: [], stream: true })
    await expect(res.text()).rejects.toThrow()
  })
})

describe('counters', () => {
  test('requests, completions, tokens, keys seen, per-second arrivals; reset', async () => {
    await post('/v1/chat/completions', { model: 'test-model', messages: [] }, { authorization: 'Bearer sk-seen' })
    await post('/v1/messages', { model: 'test-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }], stream: true }, ANTHROPIC_HEADERS).then((r) => r.text())
    await fetch(`${server.openaiURL}/models`)
    const stats = server.stats()
    expect(stats).toMatchObject({ requests: 3, completions: 2, inFlight: 0, maxInFlight: 1, tokensServed: 6, maxTokensPerMinute: 6, maxRequestsPerMinute: 3 })
    expect(stats.authorization).toEqual(['Bearer sk-seen'])
    expect(stats.apiKeys).toEqual(['test-key'])
    expect(stats.requestTimesMs).toHaveLength(3)
    expect(stats.requestsPerSecond.reduce((a, b) => a + b, 0)).toBe(3)
    // the counters alone, as a poller reads them: the same numbers as the whole snapshot's
    expect(server.counts()).toEqual({ requests: 3, inFlight: 0, maxInFlight: 1 })
    server.reset()
    expect(server.counts()).toEqual({ requests: 0, inFlight: 0, maxInFlight: 0 })
    expect(server.stats()).toMatchObject({ requests: 0, completions: 0, tokensServed: 0, authorization: [], apiKeys: [], requestTimesMs: [] })
  })

  test('max in flight counts concurrent requests', async () => {
    const slow = await startTestServer({ tokenDelayMs: 50, answer: 'a b' })
    try {
      const call = () => fetch(`${slow.openaiURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [] }) }).then((r) => r.text())
      await Promise.all([call(), call(), call(), call()])
      expect(slow.stats()).toMatchObject({ requests: 4, maxInFlight: 4, inFlight: 0 })
      expect(slow.counts()).toEqual({ requests: 4, maxInFlight: 4, inFlight: 0 })
    } finally {
      await slow.close()
    }
  })

  test('maxInWindow: the largest sum within any 60 s window', () => {
    const at = (s: number) => ({ at: s * 1000, count: 1 })
    expect(maxInWindow([])).toBe(0)
    expect(maxInWindow([at(0), at(10), at(59), at(60), at(61), at(62)])).toBe(5)
    expect(maxInWindow([at(0), at(60), at(120)])).toBe(1)
    expect(maxInWindow([{ at: 0, count: 50 }, { at: 30_000, count: 20 }, { at: 70_000, count: 5 }])).toBe(70)
  })
})
