import { Agent, request } from 'node:http'
import { afterEach, describe, expect, test } from 'vitest'
import { startTestServer, type TestServer } from './test-server.ts'

/** The test server's `timeline` mode: chunks on an absolute schedule from the request's arrival. */

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

interface Arrival {
  atMs: number
  frame: string
}

/** Streams a chat completion; every SSE frame with the time (ms since the request was sent) its bytes were read. */
async function streamFrames(url: string, endpoint: 'chat/completions' | 'completions', onFirst?: () => void): Promise<Arrival[]> {
  const body = endpoint === 'chat/completions' ? { messages: [{ role: 'user', content: 'hi' }] } : { prompt: 'hi' }
  const sent = performance.now()
  const res = await fetch(`${url}/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'test-model', stream: true, stream_options: { include_usage: true }, ...body }),
  })
  const reader = res.body?.getReader()
  if (!reader) throw new Error('no body')
  const decoder = new TextDecoder()
  const frames: Arrival[] = []
  let buffer = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const atMs = performance.now() - sent
    buffer += decoder.decode(value, { stream: true })
    const parts = buffer.split('\n\n')
    buffer = parts.pop() ?? ''
    for (const frame of parts) {
      frames.push({ atMs, frame })
      if (frames.length === 1) onFirst?.()
    }
  }
  return frames
}

/** The arrival times of the frames that carry a token. */
const tokenTimes = (frames: readonly Arrival[]): number[] =>
  frames.filter((f) => f.frame.startsWith('data: {') && /"(content|text)":" ?w\d+/.test(f.frame) && !f.frame.includes('"choices":[]')).map((f) => f.atMs)

describe('timeline', () => {
  test.each(['chat/completions', 'completions'] as const)('%s: token i no earlier than 100 + 20·i ms, 50 tokens, usage in the last chunk', async (endpoint) => {
    server = await startTestServer({ timeline: {} })
    const frames = await streamFrames(server.openaiURL, endpoint)
    const times = tokenTimes(frames)
    expect(times).toHaveLength(50)
    times.forEach((t, i) => {
      // a timer never fires early by more than its 1 ms rounding; generous late bound on a shared machine
      expect(t, `token ${i}`).toBeGreaterThanOrEqual(100 + 20 * i - 2)
      expect(t, `token ${i}`).toBeLessThan(100 + 20 * i + 400)
    })
    expect(frames.at(-1)?.frame).toBe('data: [DONE]')
    const usage = JSON.parse(frames.at(-2)?.frame.slice('data: '.length) ?? '{}') as { choices: unknown[]; usage?: { completion_tokens: number } }
    expect(usage).toMatchObject({ choices: [], usage: { completion_tokens: 50 } })
  })

  test('a stall in the server does not shift the later chunks: they keep their absolute times', async () => {
    server = await startTestServer({ timeline: { firstTokenMs: 50, intervalMs: 20, tokens: 20 } })
    // the server shares this event loop: blocking it for 300 ms after the first token delays the writes due meanwhile
    const frames = await streamFrames(server.openaiURL, 'chat/completions', () => {
      const until = performance.now() + 300
      while (performance.now() < until) {
        // busy: nothing else runs
      }
    })
    const times = tokenTimes(frames)
    expect(times).toHaveLength(20)
    // absolute: the last token is due at 50 + 19·20 = 430 ms; chained delays would put it at ≥ 350 + 18·20 = 710 ms
    expect(times.at(-1)).toBeGreaterThanOrEqual(428)
    expect(times.at(-1)).toBeLessThan(600)
  })

  test.each([
    ['anthropic', '/v1/messages', { max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] }, /"type":"content_block_delta"/],
    ['ollama chat', '/api/chat', { messages: [{ role: 'user', content: 'hi' }] }, /"content":"\s?w\d+/],
    ['ollama generate', '/api/generate', { prompt: 'hi' }, /"response":"\s?w\d+/],
  ])('%s: the same timeline, token i no earlier than 100 + 20·i ms', async (_name, route, body, isToken) => {
    server = await startTestServer({ timeline: { tokens: 10 } })
    const sent = performance.now()
    const res = await fetch(`${server.baseURL}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'test-model', stream: true, ...body }),
    })
    expect(res.status).toBe(200)
    const decoder = new TextDecoder()
    const times: number[] = []
    let buffer = ''
    for await (const bytes of res.body ?? []) {
      const at = performance.now() - sent
      buffer += decoder.decode(bytes, { stream: true })
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) if (isToken.test(line)) times.push(at)
    }
    expect(times).toHaveLength(10)
    times.forEach((t, i) => {
      expect(t, `token ${i}`).toBeGreaterThanOrEqual(100 + 20 * i - 2)
      expect(t, `token ${i}`).toBeLessThan(100 + 20 * i + 400)
    })
  })

  test('connections are counted, and a keep-alive connection carries the next request', async () => {
    server = await startTestServer({ timeline: { firstTokenMs: 10, intervalMs: 10, tokens: 3 } })
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const post = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const req = request(`${server?.openaiURL}/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          let text = ''
          res.on('data', (c: Buffer) => (text += c.toString()))
          res.on('end', () => resolve(text))
        })
        req.on('error', reject)
        req.end(JSON.stringify({ model: 'test-model', stream: true, messages: [{ role: 'user', content: 'hi' }] }))
      })
    await post()
    await post()
    agent.destroy()
    expect(server.stats()).toMatchObject({ connections: 1, reusedConnections: 1, completions: 2 })
  })
})
