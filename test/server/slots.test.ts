import { afterEach, expect, test } from 'vitest'
import { startTestServer, type TestServer } from './test-server.ts'

/** The test server's own concurrency limit (`maxConcurrent`): requests beyond it wait in a server-side queue. */

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A streamed chat completion read to its end; ms from sending to the last byte. */
async function complete(url: string, signal?: AbortSignal): Promise<number> {
  const sent = performance.now()
  const res = await fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'test-model', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    signal: signal ?? null,
  })
  await res.text()
  return performance.now() - sent
}

test('beyond maxConcurrent, requests wait for a slot; their timeline starts when served', async () => {
  server = await startTestServer({ timeline: { firstTokenMs: 300, intervalMs: 10, tokens: 3 }, maxConcurrent: 2 })
  // warm: the client's first connections and code paths are not what is measured
  await Promise.all([complete(server.openaiURL), complete(server.openaiURL)])
  server.reset()
  const times = (await Promise.all([1, 2, 3, 4].map(() => complete(server?.openaiURL ?? '')))).sort((a, b) => a - b)
  // two served at once (~320 ms), two after them (~640 ms): the later pair waits about one service time more
  expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThan(150)
  expect(times[3]).toBeGreaterThan(600)
  const stats = server.stats()
  expect(stats).toMatchObject({ maxInFlight: 4, maxServing: 2, maxQueued: 2, serving: 0, queued: 0, completions: 4 })
})

test('a client that gives up while queued is never served and frees no one else\'s slot', async () => {
  server = await startTestServer({ timeline: { firstTokenMs: 150, intervalMs: 10, tokens: 2 }, maxConcurrent: 1 })
  const url = server.openaiURL
  const first = complete(url)
  await new Promise((r) => setTimeout(r, 20))
  const gaveUp = complete(url, AbortSignal.timeout(40)).catch((error: unknown) => error)
  const third = complete(url)
  expect(await gaveUp).toBeInstanceOf(Error)
  await Promise.all([first, third])
  const stats = server.stats()
  // the abandoned request never reached the completion handler; one at a time throughout
  expect(stats).toMatchObject({ completions: 2, maxServing: 1, serving: 0, queued: 0 })
})

test('without maxConcurrent nothing waits', async () => {
  server = await startTestServer({ timeline: { firstTokenMs: 50, intervalMs: 10, tokens: 2 } })
  await Promise.all([1, 2, 3].map(() => complete(server?.openaiURL ?? '')))
  expect(server.stats()).toMatchObject({ maxInFlight: 3, maxQueued: 0 })
})
