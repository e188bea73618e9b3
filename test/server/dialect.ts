import type { Protocol, RequestInfo, TestServerOptions } from './types.ts'

/** One answer being served: what to send, and when things happened (for Ollama's durations). */
export interface Plan {
  info: RequestInfo
  id: string
  tokens: string[]
  finish: 'stop' | 'length'
  promptTokens: number
  cache: { read: number; write: number }
  /** False under the `no-usage` fault: no token counts at all. */
  usage: boolean
  /** Unix seconds. */
  created: number
  /** performance.now() when the request was read. */
  startedAt: number
  loadMs: number
  firstTokenAt: number | undefined
  lastTokenAt: number | undefined
}

export type ErrorKind = 'rate_limit' | 'server' | 'overloaded' | 'auth' | 'not_found' | 'invalid_request'

export interface RequestError {
  status: number
  kind: ErrorKind
  message: string
}

/**
 * A wire protocol: how its requests are read and its answers, streams and
 * errors written. The exchange (exchange.ts) drives it, faults included.
 */
export interface Dialect {
  protocol: Protocol
  /** Whether the request asks for a stream (Ollama streams unless told not to). */
  isStream(body: Record<string, unknown>): boolean
  /** What is wrong with a request (auth, required fields, unknown model), if anything. */
  validate(info: RequestInfo, options: TestServerOptions): RequestError | undefined
  maxTokens(body: Record<string, unknown>): number | undefined
  /** The request's text, for the default input token count. */
  inputText(info: RequestInfo): string
  errorBody(error: RequestError): unknown
  /** Extra response headers (request ids). */
  headers(plan: { id: string }): Record<string, string>
  /** Content type of a whole JSON body. */
  jsonType: string
  whole(plan: Plan): unknown
  wholeEmpty(plan: Plan): unknown
  stream: {
    contentType: string
    head(plan: Plan): string[]
    /** One token; `last` when it is the answer's last token and the stream will end normally. */
    token(plan: Plan, text: string, index: number, last: boolean): string
    tail(plan: Plan): string[]
    empty(plan: Plan): string[]
    error(plan: Plan, message: string): string
    malformed(plan: Plan): string
  }
}

/** A string field of a body, or `undefined`. */
export function str(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key]
  return typeof value === 'string' ? value : undefined
}

/** A numeric field of a body, or `undefined`. */
export function num(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether a model is one of `models` (none given: every model exists); `x` also matches `x:latest`. */
export function modelExists(model: string, models: readonly string[] | undefined): boolean {
  if (models === undefined) return true
  const base = (name: string): string => (name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name)
  return models.some((m) => base(m) === base(model))
}
