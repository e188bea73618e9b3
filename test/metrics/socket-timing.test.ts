import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { socketGapSnapshot } from '../../src/metrics/client-health/socket-gaps.ts'
import { createAnthropicProvider } from '../../src/providers/anthropic.ts'
import { createOllamaProvider } from '../../src/providers/ollama.ts'
import { createOpenAIProvider } from '../../src/providers/openai.ts'
import type { Provider } from '../../src/providers/types.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'

/**
 * Socket timing against the test server's timeline (first token 20 ms after the request arrived,
 * then one every 5 ms, 10 tokens): every content chunk's socket-to-timed gap is measured (or, where
 * this Node's undici publishes no body-chunk event, counted as unmeasured with the reason), a
 * blocking step between a read and its timing shows as a gap, and the anthropic and ollama
 * providers' t0 is the send.
 */

const TOKENS = 10
const BODY_CHUNK = 'undici:request:bodyChunkReceived'
let server: TestServer
/** Whether this Node's fetch publishes `undici:request:bodyChunkReceived` (Node 24's undici does, Node 20's not). */
let publishes = false

beforeAll(async () => {
  server = await startTestServer({ timeline: { firstTokenMs: 20, intervalMs: 5, tokens: TOKENS } })
  let seen = 0
  const count = (): void => void seen++
  subscribe(BODY_CHUNK, count)
  await (await fetch(`${server.baseURL}/api/version`)).text()
  unsubscribe(BODY_CHUNK, count)
  publishes = seen > 0
})
afterAll(async () => {
  await server.close()
})

const providers: Record<string, () => Provider> = {
  openai: () => createOpenAIProvider({ model: 'm', baseURL: server.openaiURL }),
  anthropic: () => createAnthropicProvider({ model: 'm', baseURL: server.anthropicURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }),
  ollama: () => createOllamaProvider({ model: 'm', host: server.ollamaURL }),
}

function busy(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy
  }
}

describe.each(Object.keys(providers))('%s', (name) => {
  test('every streamed content chunk gets its socket-to-timed gap (or, without the event, a reason)', async () => {
    const provider = providers[name]!()
    const before = socketGapSnapshot()
    const response = await provider.complete({ prompt: 'hi', params: {} })
    expect(response.output.split(' ')).toHaveLength(TOKENS)
    const after = socketGapSnapshot()
    expect(after).not.toBeNull()
    if (!publishes) {
      expect(after!.unmeasured - (before?.unmeasured ?? 0)).toBe(TOKENS)
      expect(after!.p99Ms).toBeNull()
      expect(after!.note).toContain(BODY_CHUNK)
      return
    }
    expect(process.versions.node.split('.')[0]).not.toBe('20')
    expect(after!.chunks - (before?.chunks ?? 0)).toBe(TOKENS)
    expect(after!.unmeasured).toBe(0)
    expect(after!.p50Ms).not.toBeNull()
    expect(after!.firstP50Ms).not.toBeNull()
    // a quiet client times a chunk well within a millisecond of its read; generous on a shared machine
    expect(after!.p50Ms!).toBeLessThan(20)
  })

  test('a 300 ms stall after the call began, before the request is written, counts as queue time, not latency', async () => {
    const provider = providers[name]!()
    // opens the keep-alive connection: on a reused one, t0 is undici's write of the request
    await provider.complete({ prompt: 'warm the connection', params: {} })
    const pending = provider.complete({ prompt: 'hi', params: {}, queuedAt: performance.now() })
    // the provider has started: its request building, the SDK's preparation, for ollama even its fetch call
    busy(300)
    const { timings } = await pending
    expect(timings.queueMs).toBeGreaterThanOrEqual(290)
    // the server answers in 20 + 9 × 5 = 65 ms once the request arrives; generous bound well under the stall
    expect(timings.ttftMs!).toBeLessThan(250)
    expect(timings.e2eMs).toBeLessThan(280)
  })
})

test('work that blocks the event loop between a chunk read and its timing shows in the gap', async () => {
  if (!publishes) return
  const provider = providers['openai']!()
  await provider.complete({ prompt: 'warm the connection', params: {} })
  const quiet = socketGapSnapshot()
  expect(quiet!.maxMs!).toBeLessThan(150)
  let reads = 0
  // a blocking step queued in the same turn as the first read, which carries the first token (as a
  // matcher or hook settling there would be): the token is timed after it
  const block = (): void => {
    if (++reads === 1) queueMicrotask(() => busy(200))
  }
  subscribe(BODY_CHUNK, block)
  try {
    const response = await provider.complete({ prompt: 'hi', params: {} })
    expect(response.timings.ttftMs!).toBeGreaterThan(200)
  } finally {
    unsubscribe(BODY_CHUNK, block)
  }
  const blocked = socketGapSnapshot()
  expect(blocked!.maxMs!).toBeGreaterThanOrEqual(190)
  expect(blocked!.firstP99Ms!).toBeGreaterThanOrEqual(190)
})
