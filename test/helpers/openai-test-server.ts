import { startTestServer } from '../server/test-server.ts'

/**
 * The OpenAI side of our protocol-faithful test server (test/server/): real
 * HTTP, the real wire format (JSON bodies, `data:` SSE chunks, `[DONE]`, `usage`
 * with `stream_options.include_usage`). It answers with a fixed text,
 * optionally one token every `tokenDelayMs`, and counts requests in flight, so
 * tests can check limits that no real server reports.
 */
export interface TestServerOptions {
  /** Words of the answer; each is one token. */
  answer?: string
  /** Delay before the first token and between tokens. */
  tokenDelayMs?: number
}

export interface TestServer {
  baseURL: string
  /** Requests being answered now / the most at once / all so far. */
  stats(): { inFlight: number; maxInFlight: number; requests: number }
  reset(): void
  close(): Promise<void>
}

export async function startOpenAITestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await startTestServer({ answer: options.answer, tokenDelayMs: options.tokenDelayMs })
  return {
    baseURL: server.openaiURL,
    // the counters alone: a benchmark polls them every few ms, and the whole snapshot goes over every request and token so far
    stats: () => server.counts(),
    reset: () => server.reset(),
    close: () => server.close(),
  }
}
