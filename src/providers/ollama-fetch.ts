/**
 * The `fetch` the Ollama client is given for one call. The `ollama` package has
 * no per-request signal, keeps no response headers on errors, and skips (with a
 * console warning) any NDJSON line it cannot parse; this fetch fills those gaps:
 * it adds the request's signal, turns a non-2xx answer into an `OllamaHttpError`
 * (status, the server's `error` text, headers for `Retry-After`), refuses a body
 * that is not JSON/NDJSON, and checks a streamed body line by line (a bad line
 * is a `SyntaxError`, an `{"error": ...}` line an `OllamaStreamError`, an end
 * without a `done: true` line an `OllamaStreamCutError`). It is also the send
 * clock: the call's timer starts as it calls the global fetch, and the
 * response's socket reads are timed (src/metrics/socket-timing.ts).
 */
import type { SocketTimedTimer } from '../metrics/socket-timing.ts'
import { sendTimed } from './send-timer.ts'

export class OllamaHttpError extends Error {
  override name = 'OllamaHttpError'
  readonly status: number
  readonly headers: Headers
  constructor(status: number, message: string, headers: Headers) {
    super(message)
    this.status = status
    this.headers = headers
  }
}

/** An `{"error": "..."}` line inside a stream: the server failed mid-request. */
export class OllamaStreamError extends Error {
  override name = 'OllamaStreamError'
}

/** The stream ended without its final `done: true` line. */
export class OllamaStreamCutError extends Error {
  override name = 'OllamaStreamCutError'
}

/** A body that is not JSON (an HTML error page from a proxy, ...). */
export class OllamaContentTypeError extends Error {
  override name = 'OllamaContentTypeError'
}

/** `signal`: the request's own; `stream`: whether the call asks for a stream (its body is then checked line by line); `timer`: the call's. */
export function checkedFetch(signal: AbortSignal | undefined, stream: boolean, timer?: SocketTimedTimer): typeof fetch {
  return async (input, init) => {
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s !== undefined && s !== null)
    const send = (): Promise<Response> => fetch(input, { ...init, signal: signals.length > 0 ? AbortSignal.any(signals) : undefined })
    const response = await (timer === undefined ? send() : sendTimed(timer, send))
    if (!response.ok) throw new OllamaHttpError(response.status, await errorText(response), response.headers)
    const type = response.headers.get('content-type') ?? ''
    const media = type.split(';')[0]?.trim().toLowerCase() ?? ''
    if (media !== 'application/json' && media !== 'application/x-ndjson') {
      await response.body?.cancel().catch(() => undefined)
      throw new OllamaContentTypeError(`expected JSON or NDJSON, got ${type === '' ? 'no content-type' : type}`)
    }
    if (response.body === null || !stream) return response
    return new Response(response.body.pipeThrough(checkLines()), { status: response.status, headers: response.headers })
  }
}

/** The server's `{"error": "..."}` text, else the start of the body, else the status text. */
async function errorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') return body.error
  } catch {
    // not JSON
  }
  const trimmed = text.trim().slice(0, 200)
  return trimmed !== '' ? trimmed : `${response.status} ${response.statusText}`
}

/** Passes the bytes through, checking each complete line as it goes. */
function checkLines(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder()
  let pending = ''
  let done = false
  const check = (line: string): void => {
    if (line.trim() === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new SyntaxError(`invalid JSON line in stream: ${line.slice(0, 80)}`)
    }
    if (typeof value !== 'object' || value === null) throw new SyntaxError(`not a JSON object in stream: ${line.slice(0, 80)}`)
    if ('error' in value) throw new OllamaStreamError(String(value.error))
    if ('done' in value && value.done === true) done = true
  }
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true })
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) check(line)
      controller.enqueue(chunk)
    },
    flush() {
      pending += decoder.decode()
      check(pending)
      if (!done) throw new OllamaStreamCutError('the stream ended without its final done line')
    },
  })
}
