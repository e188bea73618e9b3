import { afterAll, beforeAll, expect, test } from 'vitest'
import { createOpenAIProvider } from '../../src/providers/openai.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'

/**
 * The openai provider's t0 is when the SDK sends the request (its `fetch`),
 * not when the provider began preparing it: time the client spends before
 * the send (here a blocked event loop, in a run other requests' work) is
 * queue time, never TTFT or E2E.
 */

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ timeline: { firstTokenMs: 20, intervalMs: 5, tokens: 4 } })
})
afterAll(async () => {
  await server.close()
})

test.each([true, false])('stream %s: a 300 ms stall before the send counts as queue time, not latency', async (stream) => {
  const provider = createOpenAIProvider({ model: 'm', baseURL: server.openaiURL, stream })
  await provider.complete({ prompt: 'warm the connection', params: {} })
  const pending = provider.complete({ prompt: 'hi', params: {}, queuedAt: performance.now() })
  // the provider has started (its timer and the SDK's preparation); the SDK's fetch comes after this stall
  const until = performance.now() + 300
  while (performance.now() < until) {
    // busy
  }
  const response = await pending
  const timings = response.timings
  expect(timings).not.toBeNull()
  expect(timings?.queueMs).toBeGreaterThanOrEqual(290)
  // the server answers in 20 + 3 × 5 = 35 ms once the request arrives; generous bound well under the stall
  expect(timings?.e2eMs).toBeLessThan(250)
  if (stream) expect(timings?.ttftMs).toBeLessThan(250)
})
