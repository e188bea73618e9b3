import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ProviderError } from '../../src/providers/errors.ts'
import { createOpenAIProvider, type OpenAIProviderOptions } from '../../src/providers/openai.ts'
import type { Provider, ProviderRequest, ProviderResponse } from '../../src/providers/types.ts'
import { startLlamaServer, type LlamaServer } from '../helpers/llama-server.ts'

/**
 * The OpenAI provider against a real llama.cpp llama-server with the real
 * stories260K model: real HTTP, real SSE, real usage and server timings.
 * Nothing is mocked. Speeds on these machines vary a lot: no fixed speed is asserted.
 */

// A variable that is never set: llama-server needs no key, so the provider sends a placeholder.
const NO_KEY_ENV = 'LLM_BENCH_TEST_UNSET_KEY'

let server: LlamaServer

beforeAll(async () => {
  server = await startLlamaServer()
  // the very first request after start is slower (one-off warm-up)
  await fetch(`${server.baseURL}/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Once', max_tokens: 4 }),
  })
})

afterAll(async () => {
  await server?.stop()
})

function provider(options: Partial<OpenAIProviderOptions> = {}): Provider {
  return createOpenAIProvider({ model: 'stories260K', baseURL: server.baseURL, apiKeyEnv: NO_KEY_ENV, ...options })
}

const CHAT: ProviderRequest = {
  messages: [
    { role: 'system', content: 'You tell short stories.' },
    { role: 'user', content: 'Once upon a time, there was a little girl named Lily.' },
  ],
  params: { temperature: 0, seed: 42, max_tokens: 48 },
}

const PROMPT: ProviderRequest = { prompt: 'Once upon a time, there was a little dog', params: { temperature: 0, seed: 42, max_tokens: 48 } }

interface RawUsage {
  completion_tokens: number
  prompt_tokens: number
}
interface RawBody {
  usage: RawUsage
  choices: { text?: string; message?: { content: string } }[]
}

/** The same request sent with plain fetch, not streamed: the server's own answer to compare with. */
async function raw(path: '/chat/completions' | '/completions', body: Record<string, unknown>): Promise<RawBody> {
  const res = await fetch(`${server.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'stories260K', ...body, stream: false }),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as RawBody
}

function expectStreamedTimings(r: ProviderResponse): void {
  const t = r.timings
  const n = r.usage.outputTokens ?? 0
  expect(t.streamed).toBe(true)
  expect(t.queueMs).toBeGreaterThanOrEqual(0)
  expect(t.ttftMs).not.toBeNull()
  expect(t.ttftMs!).toBeGreaterThan(0)
  expect(t.ttftMs!).toBeLessThanOrEqual(t.e2eMs)
  expect(n).toBeGreaterThan(1)
  expect(t.tpotMs).toBeCloseTo((t.e2eMs - t.ttftMs!) / (n - 1), 6)
  // one chunk a token (plus, for chat, the role chunk and the finish chunk): n-1 .. n+1 gaps
  expect(t.itlMs.length).toBeGreaterThanOrEqual(n - 1)
  expect(t.itlMs.length).toBeLessThanOrEqual(n + 1)
  for (const gap of t.itlMs) expect(gap).toBeGreaterThanOrEqual(0)
  const sumGaps = t.itlMs.reduce((a, b) => a + b, 0)
  expect(sumGaps).toBeLessThanOrEqual(t.e2eMs - t.ttftMs! + 1e-6)
}

function expectServerTimings(r: ProviderResponse): void {
  expect(r.serverTimings).toBeDefined()
  const s = r.serverTimings!
  expect(s['prompt_ms']).toBeTypeOf('number')
  expect(s['predicted_ms']).toBeTypeOf('number')
  // the server counted the same tokens it reported in usage
  expect(s['predicted_n']).toBe(r.usage.outputTokens)
}

function log(label: string, r: ProviderResponse): void {
  const t = r.timings
  const n = r.usage.outputTokens ?? 0
  const decode = t.ttftMs !== null && n > 1 ? ((n - 1) / (t.e2eMs - t.ttftMs)) * 1000 : null
  console.log(
    `${label}: out=${n} in=${r.usage.inputTokens} finish=${r.finishReason} ttft=${t.ttftMs?.toFixed(2) ?? '-'}ms ` +
      `e2e=${t.e2eMs.toFixed(2)}ms tpot=${t.tpotMs?.toFixed(3) ?? '-'}ms itl#=${t.itlMs.length} ` +
      `decode=${decode?.toFixed(0) ?? '-'} tok/s server prompt_ms=${r.serverTimings?.['prompt_ms']} predicted_ms=${r.serverTimings?.['predicted_ms']}`,
  )
}

describe('chat API', () => {
  test('streaming: text, usage, timings, finish reason, server timings', async () => {
    const r = await provider().complete(CHAT)
    log('chat stream', r)
    expect(r.output.length).toBeGreaterThan(0)
    expect(r.model).toContain('stories260K')
    expect(r.usage.source).toBe('provider')
    expect(r.usage.inputTokens).toBeGreaterThan(0)
    expect(r.finishReason).toBe('length')
    expect(r.usage.outputTokens).toBe(48)
    expectStreamedTimings(r)
    expectServerTimings(r)
    // greedy decoding: the non-streamed raw answer is the same text and count
    const direct = await raw('/chat/completions', { messages: CHAT.messages, ...CHAT.params })
    expect(r.output).toBe(direct.choices[0]?.message?.content)
    expect(r.usage.outputTokens).toBe(direct.usage.completion_tokens)
    expect(r.usage.inputTokens).toBe(direct.usage.prompt_tokens)
  })

  test('non-streaming: E2E only', async () => {
    const r = await provider({ stream: false }).complete(CHAT)
    log('chat non-stream', r)
    expect(r.output.length).toBeGreaterThan(0)
    expect(r.usage).toMatchObject({ source: 'provider', outputTokens: 48 })
    expect(r.finishReason).toBe('length')
    expect(r.timings).toMatchObject({ streamed: false, ttftMs: null, tpotMs: null, itlMs: [] })
    expect(r.timings.e2eMs).toBeGreaterThan(0)
    expectServerTimings(r)
    const direct = await raw('/chat/completions', { messages: CHAT.messages, ...CHAT.params })
    expect(r.output).toBe(direct.choices[0]?.message?.content)
    expect(r.usage.outputTokens).toBe(direct.usage.completion_tokens)
  })

  test('a prompt request becomes one user message', async () => {
    const r = await provider().complete({ prompt: 'Tell me a story.', params: { temperature: 0, max_tokens: 12 } })
    const direct = await raw('/chat/completions', {
      messages: [{ role: 'user', content: 'Tell me a story.' }],
      temperature: 0,
      max_tokens: 12,
    })
    expect(r.output).toBe(direct.choices[0]?.message?.content)
    expect(r.usage.inputTokens).toBe(direct.usage.prompt_tokens)
  })

  test('a prompt request with a system prompt becomes system + user messages', async () => {
    const r = await provider().complete({ system: 'Be brief.', prompt: 'Tell me a story.', params: { temperature: 0, max_tokens: 12 } })
    const direct = await raw('/chat/completions', {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Tell me a story.' },
      ],
      temperature: 0,
      max_tokens: 12,
    })
    expect(r.output).toBe(direct.choices[0]?.message?.content)
    expect(r.usage.inputTokens).toBe(direct.usage.prompt_tokens)
  })

  test('small max_tokens ends with finish reason length', async () => {
    const r = await provider().complete({ ...CHAT, params: { temperature: 0, max_tokens: 3 } })
    expect(r.finishReason).toBe('length')
    expect(r.usage.outputTokens).toBe(3)
  })

  test('provider default params apply, request params win', async () => {
    const p = provider({ params: { max_tokens: 5, temperature: 0 } })
    expect((await p.complete({ ...CHAT, params: {} })).usage.outputTokens).toBe(5)
    expect((await p.complete({ ...CHAT, params: { max_tokens: 7 } })).usage.outputTokens).toBe(7)
  })
})

describe('completions API', () => {
  test('streaming: text, usage, timings, finish reason, server timings', async () => {
    const r = await provider({ api: 'completions' }).complete(PROMPT)
    log('completions stream', r)
    expect(r.output.length).toBeGreaterThan(0)
    expect(r.usage.source).toBe('provider')
    expect(r.usage.outputTokens).toBe(48)
    expect(r.finishReason).toBe('length')
    expectStreamedTimings(r)
    expectServerTimings(r)
    const direct = await raw('/completions', { prompt: PROMPT.prompt, ...PROMPT.params })
    expect(r.output).toBe(direct.choices[0]?.text)
    expect(r.usage.outputTokens).toBe(direct.usage.completion_tokens)
    expect(r.usage.inputTokens).toBe(direct.usage.prompt_tokens)
  })

  test('non-streaming: E2E only', async () => {
    const r = await provider({ api: 'completions', stream: false }).complete(PROMPT)
    log('completions non-stream', r)
    expect(r.output.length).toBeGreaterThan(0)
    expect(r.usage).toMatchObject({ source: 'provider', outputTokens: 48 })
    expect(r.usage.inputTokens).toBeGreaterThan(0)
    expect(r.finishReason).toBe('length')
    expect(r.timings).toMatchObject({ streamed: false, ttftMs: null, tpotMs: null, itlMs: [] })
    expectServerTimings(r)
    const direct = await raw('/completions', { prompt: PROMPT.prompt, ...PROMPT.params })
    expect(r.output).toBe(direct.choices[0]?.text)
  })

  test('a messages request is flattened into one prompt, blank-line separated', async () => {
    const r = await provider({ api: 'completions' }).complete({
      messages: [
        { role: 'system', content: 'A story.' },
        { role: 'user', content: 'Once upon a time' },
      ],
      params: { temperature: 0, max_tokens: 10 },
    })
    const direct = await raw('/completions', { prompt: 'A story.\n\nOnce upon a time', temperature: 0, max_tokens: 10 })
    expect(r.output).toBe(direct.choices[0]?.text)
    expect(r.usage.inputTokens).toBe(direct.usage.prompt_tokens)
  })

  test('a stop sequence ends with finish reason stop', async () => {
    const r = await provider({ api: 'completions' }).complete({ ...PROMPT, params: { temperature: 0, max_tokens: 100, stop: ['.'] } })
    expect(r.finishReason).toBe('stop')
    expect(r.output).not.toContain('.')
  })
})

describe('concurrency', () => {
  test('four requests at once all complete with their own usage', async () => {
    const p = provider({ api: 'completions' })
    const sizes = [5, 9, 13, 17]
    const results = await Promise.all(sizes.map((max_tokens) => p.complete({ ...PROMPT, params: { temperature: 0, max_tokens } })))
    expect(results.map((r) => r.usage.outputTokens)).toEqual(sizes)
  })
})

describe('abort', () => {
  test('an AbortSignal aborted mid-stream rejects promptly with errorClass aborted', async () => {
    const p = provider({ api: 'completions' })
    const long: ProviderRequest = { prompt: 'Once upon a time', params: { temperature: 0, max_tokens: 480 } }
    const baseline = await p.complete(long)
    log('abort baseline', baseline)
    const ttft = baseline.timings.ttftMs!
    const abortAt = ttft + (baseline.timings.e2eMs - ttft) * 0.3

    const controller = new AbortController()
    const started = performance.now()
    let abortedAt = 0
    setTimeout(() => {
      abortedAt = performance.now()
      controller.abort()
    }, abortAt)
    const error = await p.complete({ ...long, signal: controller.signal }).then(
      () => undefined,
      (e: unknown) => e,
    )
    const rejectedAt = performance.now()
    console.log(`abort: at ${(abortedAt - started).toFixed(1)} ms, rejected ${(rejectedAt - abortedAt).toFixed(1)} ms later (baseline e2e ${baseline.timings.e2eMs.toFixed(1)} ms)`)
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ errorClass: 'aborted', retryable: false })
    expect(rejectedAt - abortedAt).toBeLessThan(250)
  })

  test('an already aborted signal rejects without sending', async () => {
    const error = await provider().complete({ ...CHAT, signal: AbortSignal.abort() }).catch((e: unknown) => e)
    expect(error).toMatchObject({ errorClass: 'aborted' })
  })

  test('a signal aborted before the headers arrive rejects with aborted (non-streaming)', async () => {
    const controller = new AbortController()
    const pending = provider({ stream: false, api: 'completions' }).complete({
      prompt: 'Once upon a time',
      params: { temperature: 0, max_tokens: 480 },
      signal: controller.signal,
    })
    setTimeout(() => controller.abort(), 5)
    await expect(pending).rejects.toMatchObject({ errorClass: 'aborted' })
  })
})

describe('errors from a real server', () => {
  test('a 4xx from the server is bad_request with its status, not retryable', async () => {
    const error = await provider().complete({ messages: [{ role: 'user', content: 'x' }], params: { max_tokens: -5, temperature: -1 } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    const e = error as ProviderError
    console.log(`bad request: ${e.message}`)
    expect(e.status).toBeGreaterThanOrEqual(400)
    expect(e.status).toBeLessThan(500)
    expect(e.retryable).toBe(false)
  })
})
