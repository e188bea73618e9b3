/**
 * Errors a provider call ends with. Every failure of `Provider.complete()` is a
 * `ProviderError`: a stable `errorClass` for records and reports, the HTTP status
 * when there was one, and whether retrying may help (the retry layer decides).
 * Messages never carry an API key.
 */

import { redactText } from './redaction/registry.ts'

export const PROVIDER_ERROR_CLASSES = [
  'rate_limit',
  'server_error',
  'auth',
  'bad_request',
  'not_found',
  'timeout',
  'aborted',
  'connection',
  'stream_cut',
  'malformed_response',
  'empty_response',
  'missing_key',
  /** A function provider (the user's own code) threw. */
  'function_error',
  'unknown',
] as const

export type ProviderErrorClass = (typeof PROVIDER_ERROR_CLASSES)[number]

/** Whether a class of failure is worth another attempt, when nothing more specific is known. */
const RETRYABLE: Record<ProviderErrorClass, boolean> = {
  rate_limit: true,
  server_error: true,
  timeout: true,
  connection: true,
  stream_cut: true,
  malformed_response: true,
  empty_response: true,
  auth: false,
  bad_request: false,
  not_found: false,
  aborted: false,
  missing_key: false,
  // retried only when the function provider's `retry` asks (its default is one attempt)
  function_error: true,
  unknown: false,
}

export function isRetryableClass(errorClass: ProviderErrorClass): boolean {
  return RETRYABLE[errorClass]
}

export interface ProviderErrorOptions {
  errorClass: ProviderErrorClass
  /** Id of the provider that failed, e.g. `openai:gpt-4o-mini`. */
  providerId?: string | undefined
  status?: number | undefined
  /** Defaults to the class's usual answer (see `isRetryableClass`). */
  retryable?: boolean | undefined
  /** How long the server asked us to wait (`retry-after-ms` / `retry-after`), in ms. */
  retryAfterMs?: number | undefined
  cause?: unknown
}

export class ProviderError extends Error {
  override name = 'ProviderError'
  readonly errorClass: ProviderErrorClass
  readonly providerId: string | undefined
  readonly status: number | undefined
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined

  constructor(message: string, options: ProviderErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.errorClass = options.errorClass
    this.providerId = options.providerId
    this.status = options.status
    this.retryable = options.retryable ?? isRetryableClass(options.errorClass)
    this.retryAfterMs = options.retryAfterMs
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError
}

/**
 * Removes secrets from a message: the exact values given, every secret the
 * run knows (the redaction registry: header values, keys, URL credentials),
 * and anything that looks like an OpenAI-style key (`sk-...`, even when the
 * server masked part of it).
 */
export function redactSecrets(message: string, secrets: readonly (string | undefined)[] = []): string {
  let out = redactText(message)
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join('[redacted]')
  }
  return out.replace(/\bsk-[A-Za-z0-9_*.\-]{4,}/g, 'sk-[redacted]')
}
