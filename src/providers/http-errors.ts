import { ProviderError, redactSecrets, type ProviderErrorClass } from './errors.ts'

/**
 * Helpers every HTTP provider (OpenAI, Anthropic, Ollama) shares to turn a
 * failure into a `ProviderError`: status → class, `Retry-After` parsing, the
 * message format `<provider id>: <detail> [<class> HTTP <status>]` with secrets
 * redacted.
 */

/** Where the call was when it failed: before the response headers, or reading a streamed body. */
export type CallPhase = 'request' | 'stream'

export interface ErrorContext {
  providerId: string
  /** Values that must never appear in a message (the API key). */
  secrets: readonly string[]
  signal?: AbortSignal | undefined
}

export function classifyStatus(status: number): { errorClass: ProviderErrorClass; retryable: boolean } {
  if (status === 429) return { errorClass: 'rate_limit', retryable: true }
  if (status === 401 || status === 403) return { errorClass: 'auth', retryable: false }
  if (status === 404) return { errorClass: 'not_found', retryable: false }
  if (status === 408) return { errorClass: 'timeout', retryable: true }
  if (status === 409) return { errorClass: 'server_error', retryable: true }
  if (status >= 500) return { errorClass: 'server_error', retryable: true }
  if (status >= 400) return { errorClass: 'bad_request', retryable: false }
  return { errorClass: 'malformed_response', retryable: true }
}

/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in ms; `undefined` when absent or unreadable. */
export function readRetryAfter(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms
  const raw = headers?.get('retry-after')
  if (raw === undefined || raw === null) return undefined
  const seconds = Number.parseFloat(raw)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(raw)
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined
}

/** ` (ECONNREFUSED)` from the first `code` found down the cause chain; `''` when none. */
export function causeCode(error: unknown): string {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && typeof current.code === 'string') return ` (${current.code})`
    current = 'cause' in current ? current.cause : undefined
  }
  return ''
}

/** True for an abort: the caller's signal fired, or the error is an AbortError. */
export function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal?.aborted === true) return true
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'APIUserAbortError')
}

export interface MakeOptions {
  status?: number | undefined
  retryable?: boolean | undefined
  retryAfterMs?: number | undefined
  cause?: unknown
}

export function make(ctx: ErrorContext, errorClass: ProviderErrorClass, detail: string, options: MakeOptions): ProviderError {
  const status = options.status === undefined ? '' : ` HTTP ${options.status}`
  const message = redactSecrets(`${ctx.providerId}: ${detail} [${errorClass}${status}]`, ctx.secrets)
  return new ProviderError(message, { errorClass, providerId: ctx.providerId, ...options })
}

/** A failure with an HTTP status: its class, retryability and `Retry-After`. */
export function fromHttpStatus(ctx: ErrorContext, status: number, detail: string, headers: Headers | undefined): ProviderError {
  const { errorClass, retryable } = classifyStatus(status)
  return make(ctx, errorClass, detail, { status, retryable, retryAfterMs: readRetryAfter(headers) })
}

/**
 * What is left once the SDK-specific errors are handled: a JSON syntax error, a
 * socket error (mid-stream: `stream_cut`; while reading a whole body:
 * `connection`), or `unknown`.
 */
export function fromGenericError(error: unknown, ctx: ErrorContext, phase: CallPhase): ProviderError {
  if (error instanceof SyntaxError) return make(ctx, 'malformed_response', `malformed response: ${error.message}`, {})
  const text = error instanceof Error ? error.message : String(error)
  const code = causeCode(error)
  if (phase === 'stream') return make(ctx, 'stream_cut', `stream ended abnormally: ${text}${code}`, { cause: error })
  // A socket error while still reading a (non-streamed) body: undici's `terminated` (UND_ERR_SOCKET), ...
  if (code !== '') return make(ctx, 'connection', `connection lost: ${text}${code}`, { cause: error })
  return make(ctx, 'unknown', text, { cause: error })
}

/** The media type of a response (`text/event-stream`), lower-cased, without parameters; `''` when absent. */
export function mediaType(response: Response): string {
  return (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/**
 * A streamed answer must be `text/event-stream`: anything else (an HTML error
 * page from a proxy, a JSON body from a server that ignored `stream`) is a
 * malformed response. The body is released.
 */
export function expectEventStream(ctx: ErrorContext, response: Response): void {
  const media = mediaType(response)
  if (media === 'text/event-stream') return
  void response.body?.cancel().catch(() => undefined)
  throw make(ctx, 'malformed_response', `expected a text/event-stream answer, got ${media === '' ? 'no content-type' : media}`, {})
}
