import { ProviderError } from './errors.ts'
import { causeCode, fromGenericError, fromHttpStatus, isAbort, make, type CallPhase, type ErrorContext } from './http-errors.ts'
import { OllamaContentTypeError, OllamaHttpError, OllamaStreamCutError, OllamaStreamError } from './ollama-fetch.ts'

export interface OllamaErrorContext extends ErrorContext {
  model: string
  /** The host as it may be shown (no credentials). */
  host: string
}

/**
 * Turns anything a call through the `ollama` package threw into a
 * `ProviderError`. A model that is not pulled (404 `model "x" not found`) says
 * so and how to pull it.
 */
export function toOllamaError(error: unknown, ctx: OllamaErrorContext, phase: CallPhase): ProviderError {
  if (error instanceof ProviderError) return error
  if (isAbort(error, ctx.signal)) return make(ctx, 'aborted', 'request aborted', {})
  if (error instanceof OllamaHttpError) return fromHttp(error, ctx)
  if (error instanceof OllamaStreamError) return make(ctx, 'server_error', `error in stream: ${error.message}`, {})
  if (error instanceof OllamaStreamCutError) return make(ctx, 'stream_cut', error.message, {})
  if (error instanceof OllamaContentTypeError) return make(ctx, 'malformed_response', error.message, {})
  if (isStatusError(error)) return fromHttpStatus(ctx, error.status_code, error.message, undefined)
  // fetch itself failed before any response: refused, reset, DNS, ...
  if (phase === 'request' && error instanceof TypeError && causeCode(error) !== '') {
    return make(ctx, 'connection', `connection to ${ctx.host} failed${causeCode(error)}`, { cause: error.cause })
  }
  return fromGenericError(error, ctx, phase)
}

function fromHttp(error: OllamaHttpError, ctx: OllamaErrorContext): ProviderError {
  if (error.status === 404 && /not found/i.test(error.message)) {
    return make(
      ctx,
      'not_found',
      `model "${ctx.model}" is not available on ${ctx.host} (Ollama says: ${error.message}); pull it first with \`ollama pull ${ctx.model}\``,
      { status: 404 },
    )
  }
  return fromHttpStatus(ctx, error.status, error.message, error.headers)
}

/** The package's own `ResponseError` (not exported): an Error with a numeric `status_code`. */
function isStatusError(error: unknown): error is Error & { status_code: number } {
  return error instanceof Error && 'status_code' in error && typeof error.status_code === 'number'
}
