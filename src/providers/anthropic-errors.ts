import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk'
import { ProviderError } from './errors.ts'
import { causeCode, fromGenericError, fromHttpStatus, make, type CallPhase, type ErrorContext } from './http-errors.ts'

/**
 * Turns anything the Anthropic SDK (or fetch under it) threw into a
 * `ProviderError`. 429 → rate_limit with `retry-after`; 529 (overloaded) and
 * other 5xx → server_error; an `error` event inside a stream → server_error
 * (rate_limit when its type says so).
 */
export function toAnthropicError(error: unknown, ctx: ErrorContext, phase: CallPhase): ProviderError {
  if (error instanceof ProviderError) return error
  if (error instanceof APIUserAbortError || ctx.signal?.aborted === true) return make(ctx, 'aborted', 'request aborted', {})
  if (error instanceof APIConnectionTimeoutError) {
    return make(ctx, 'timeout', 'request timed out before the response headers arrived', {})
  }
  if (error instanceof APIConnectionError) {
    return make(ctx, 'connection', `connection failed${causeCode(error)}`, { cause: error.cause })
  }
  if (error instanceof APIError) return fromApiError(error, ctx)
  return fromGenericError(error, ctx, phase)
}

function fromApiError(error: APIError, ctx: ErrorContext): ProviderError {
  const detail = describe(error)
  if (error.status === undefined) {
    // An `error` event in the stream (no HTTP status): the server failed mid-request.
    if (error.type === 'rate_limit_error') return make(ctx, 'rate_limit', `error event in stream: ${detail}`, {})
    return make(ctx, 'server_error', `error event in stream: ${detail}`, {})
  }
  return fromHttpStatus(ctx, error.status, detail, error.headers)
}

/** `overloaded_error: Overloaded` from the body's error type and message, else the SDK's message. */
function describe(error: APIError): string {
  const type = error.type
  const message = error.apiMessage
  if (type !== null && message !== null) return `${type}: ${message}`
  return message ?? error.message
}
