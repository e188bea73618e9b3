import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai'
import { ProviderError } from './errors.ts'
import { causeCode, fromGenericError, fromHttpStatus, make, type CallPhase, type ErrorContext } from './http-errors.ts'

export { classifyStatus, make, type CallPhase, type ErrorContext } from './http-errors.ts'

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
  return fromGenericError(error, ctx, phase)
}

function fromStatus(error: APIError, ctx: ErrorContext): ProviderError {
  // An `error` payload inside an SSE stream has no HTTP status: the server failed mid-request.
  if (error.status === undefined) return make(ctx, 'server_error', `error event in stream: ${error.message}`, {})
  return fromHttpStatus(ctx, error.status, error.message, error.headers)
}
