import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai'
import { ProviderError, redactSecrets, type ProviderErrorClass } from './errors.ts'

/** Where the call was when it failed: before the response headers, or reading a streamed body. */
export type CallPhase = 'request' | 'stream'

export interface ErrorContext {
  providerId: string
  /** Values that must never appear in a message (the API key). */
  secrets: readonly string[]
  signal?: AbortSignal | undefined
}

/** Turns anything the SDK (or fetch under it) threw into a `ProviderError`. */
export function toProviderError(error: unknown, ctx: ErrorContext, phase: CallPhase): ProviderError {
  if (error instanceof ProviderError) return error
  if (error instanceof APIUserAbortError || ctx.signal?.aborted === true) {
    return make(ctx, 'aborted', 'request aborted', {})
  }
  if (error instanceof APIConnectionTimeoutError) {
    return make(ctx, 'timeout', 'request timed out before the response headers arrived', {})
  }
  if (error instanceof APIConnectionError) {
    return make(ctx, 'connection', `connection failed${causeCode(error)}`, { cause: error.cause })
  }
  if (error instanceof APIError) return fromStatus(error, ctx)
  if (error instanceof SyntaxError) {
    return make(ctx, 'malformed_response', `malformed response: ${error.message}`, {})
  }
  const text = error instanceof Error ? error.message : String(error)
  const code = causeCode(error)
  if (phase === 'stream') return make(ctx, 'stream_cut', `stream ended abnormally: ${text}${code}`, { cause: error })
  // A socket error while the SDK was still reading a (non-streamed) body: undici's `terminated` (UND_ERR_SOCKET), ...
  if (code !== '') return make(ctx, 'connection', `connection lost: ${text}${code}`, { cause: error })
  return make(ctx, 'unknown', text, { cause: error })
}

function fromStatus(error: APIError, ctx: ErrorContext): ProviderError {
  const status = error.status
  // An `error` payload inside an SSE stream has no HTTP status: the server failed mid-request.
  if (status === undefined) return make(ctx, 'server_error', `error event in stream: ${error.message}`, {})
  const retryAfterMs = readRetryAfter(error.headers)
  const { errorClass, retryable } = classifyStatus(status)
  return make(ctx, errorClass, error.message, { status, retryable, retryAfterMs })
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

/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), in ms. */
function readRetryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '')
  if (Number.isFinite(ms) && ms >= 0) return ms
  const raw = headers?.get('retry-after')
  if (raw === undefined || raw === null) return undefined
  const seconds = Number.parseFloat(raw)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(raw)
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined
}

/** ` (ECONNREFUSED)` from the first `code` found down the cause chain. */
function causeCode(error: unknown): string {
  let current: unknown = error
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ('code' in current && typeof current.code === 'string') return ` (${current.code})`
    current = 'cause' in current ? current.cause : undefined
  }
  return ''
}

interface MakeOptions {
  status?: number
  retryable?: boolean
  retryAfterMs?: number | undefined
  cause?: unknown
}

export function make(ctx: ErrorContext, errorClass: ProviderErrorClass, detail: string, options: MakeOptions): ProviderError {
  const status = options.status === undefined ? '' : ` HTTP ${options.status}`
  const message = redactSecrets(`${ctx.providerId}: ${detail} [${errorClass}${status}]`, ctx.secrets)
  return new ProviderError(message, { errorClass, providerId: ctx.providerId, ...options })
}
