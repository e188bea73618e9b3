import type { IncomingHttpHeaders } from 'node:http'

/** The wire protocols the test server speaks. */
export type Protocol = 'openai' | 'anthropic' | 'ollama'

/**
 * What the server can do wrong, on demand:
 * - `rate-limit`: 429 with `Retry-After` (seconds or an HTTP date);
 * - `server-error`: 500 (or `status`, e.g. 503, or 529 for Anthropic's overloaded);
 * - `auth`: 401 (optionally echoing the key the client sent, as a careless server might);
 * - `bad-request`: 400 (an invalid request);
 * - `not-found`: 404 for the model;
 * - `hang`: never answers, until the client gives up;
 * - `slow`: tokens `tokenDelayMs` apart (default 200);
 * - `cut-stream`: a stream ends after `afterTokens` tokens without its final event
 *   (`cut: 'end'` a clean close, `'destroy'` the socket destroyed); a whole body is cut mid-way;
 * - `malformed`: an invalid JSON chunk after `afterTokens` tokens, or an invalid JSON body;
 * - `wrong-content-type`: a 200 text/html page instead of JSON or a stream;
 * - `empty`: no choices / no content blocks / no message;
 * - `error-event`: an error event inside the stream after `afterTokens` tokens (500 when not streamed);
 * - `no-usage`: a normal answer without token counts.
 */
export type FaultMode =
  | 'rate-limit'
  | 'server-error'
  | 'auth'
  | 'bad-request'
  | 'not-found'
  | 'hang'
  | 'slow'
  | 'cut-stream'
  | 'malformed'
  | 'wrong-content-type'
  | 'empty'
  | 'error-event'
  | 'no-usage'

export interface Fault {
  mode: FaultMode
  /** rate-limit: the wait asked for, in seconds (default 1). */
  retryAfterSeconds?: number
  /** rate-limit: `Retry-After` as delta seconds (default) or as an HTTP date; `ms` adds a `retry-after-ms` header too. */
  retryAfterFormat?: 'seconds' | 'http-date' | 'ms'
  /** server-error: the status (default 500). */
  status?: number
  /** The error message sent (each mode has a default). */
  message?: string
  /** auth: put the received key (Authorization / x-api-key) into the error message. */
  echoKey?: boolean
  /** slow: delay between tokens (default 200 ms). */
  tokenDelayMs?: number
  /** cut-stream, malformed, error-event: tokens sent before the fault (default 1). */
  afterTokens?: number
  /** cut-stream: end the response cleanly (default) or destroy the socket. */
  cut?: 'end' | 'destroy'
}

/** One request as the server saw it (for `faultFor` and `answer`). */
export interface RequestInfo {
  protocol: Protocol
  /** `chat` / `completions` (OpenAI), `messages` (Anthropic), `chat` / `generate` (Ollama). */
  endpoint: string
  model: string
  stream: boolean
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
}

export type Answer = string | readonly string[]

/** The request counters of {@link TestServerStats}. */
export interface RequestCounts {
  requests: number
  inFlight: number
  maxInFlight: number
}

export interface TestServerOptions {
  /** The answer: a text (each space-separated word is one token) or the exact tokens; or a function of the request. */
  answer?: Answer | ((request: RequestInfo) => Answer)
  /** Delay before the first token and between tokens, in ms (default 0). */
  tokenDelayMs?: number
  /** Extra delay before the first token, reported by Ollama as `load_duration` (default 0). */
  loadDelayMs?: number
  /** Input tokens to report; default: the words of the request's text. */
  promptTokens?: number
  /** Anthropic prompt-cache counts to report (part of the input tokens). */
  cacheTokens?: { read?: number; write?: number }
  /** Models that exist (Ollama: are pulled); others get a 404. Default: any model. */
  models?: readonly string[]
  /** When set, OpenAI requests must send `Authorization: Bearer <apiKey>` and Anthropic ones `x-api-key: <apiKey>` (else 401). */
  apiKey?: string
  /** A fault from the start (for every request, or the first `faultCount`). */
  fault?: Fault | FaultMode
  faultCount?: number
  /** Picks a fault per request (wins over the current fault); `undefined`: no fault of its own. */
  faultFor?: (request: RequestInfo) => Fault | FaultMode | undefined
  /**
   * Streams on an absolute timeline (wins over `tokenDelayMs` and `loadDelayMs`
   * for streamed answers): token i is written at arrival + firstTokenMs +
   * i × intervalMs, each with its own timer from the request's arrival, so a
   * late write never shifts the later ones. Without `answer`, the answer is
   * `tokens` words.
   */
  timeline?: Timeline
  /**
   * The server's own concurrency limit: completion requests beyond this many in flight wait in a
   * FIFO queue (a serving engine's batch slots), so saturation is real and known; a timeline
   * starts when the request leaves the queue. Default: no limit.
   */
  maxConcurrent?: number
}

export interface Timeline {
  /** Arrival of the request → first token (default 100 ms). */
  firstTokenMs?: number
  /** Between two tokens (default 20 ms). */
  intervalMs?: number
  /** Tokens of the default answer (default 50). */
  tokens?: number
}

export interface TestServerStats {
  /** Every HTTP request so far (since start or `reset()`). */
  requests: number
  /** Completion requests (OpenAI chat/completions, Anthropic messages, Ollama chat/generate). */
  completions: number
  inFlight: number
  maxInFlight: number
  /** The most requests that arrived within any 60 s window. */
  maxRequestsPerMinute: number
  /** When each request arrived, in ms since start or `reset()`. */
  requestTimesMs: number[]
  /** Requests that arrived in each whole second since start or `reset()` (index = second). */
  requestsPerSecond: number[]
  /** Output tokens written to clients. */
  tokensServed: number
  /** The most output tokens written within any 60 s window. */
  maxTokensPerMinute: number
  /** TCP connections opened (since start or `reset()`). */
  connections: number
  /** Requests that arrived on a connection that had carried a request before: keep-alive reuse (since start or `reset()`). */
  reusedConnections: number
  /** Distinct `Authorization` header values seen. */
  authorization: string[]
  /** Distinct `x-api-key` header values seen. */
  apiKeys: string[]
  /** With `maxConcurrent`: requests being served now (out of the queue), and the most at once. */
  serving: number
  maxServing: number
  /** With `maxConcurrent`: requests waiting for a slot now, and the most at once. */
  queued: number
  maxQueued: number
}

export interface TestServer {
  /** The origin, e.g. `http://127.0.0.1:40123`. */
  baseURL: string
  /** OpenAI base URL (`<origin>/v1`). */
  openaiURL: string
  /** Anthropic base URL (the origin: the SDK appends `/v1/messages`). */
  anthropicURL: string
  /** Ollama host (the origin). */
  ollamaURL: string
  /** Sets the fault for every following request, or for the next `count` completion requests only; `null`: none. */
  setFault(fault: Fault | FaultMode | null, options?: { count?: number }): void
  stats(): TestServerStats
  /**
   * Requests so far and in flight, without the rates and lists `stats` works out (which go over
   * every request and token served so far): for a caller that polls while a large run goes.
   */
  counts(): RequestCounts
  /** Counters back to zero (`maxInFlight` to what is in flight now); the fault is kept. */
  reset(): void
  close(): Promise<void>
}
