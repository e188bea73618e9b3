import type { IncomingMessage, ServerResponse } from 'node:http'
import { DEFAULT_ANSWER, countWords, limitTokens, sleep, toTokens } from './answer.ts'
import { isRecord, type Dialect, type Plan, type RequestError } from './dialect.ts'
import type { FaultState } from './faults.ts'
import type { StatsRecorder } from './stats.ts'
import type { Fault, RequestInfo, TestServerOptions, Timeline } from './types.ts'

export interface ServerContext {
  options: TestServerOptions
  faults: FaultState
  stats: StatsRecorder
  nextId(): string
  /** When each request arrived (its handler was called), `performance.now()`. */
  arrivals: WeakMap<IncomingMessage, number>
}

const HTML_PAGE = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>'

/** Serves one completion request of a dialect: faults first, then validation, then a whole answer or a stream. */
export async function serveCompletion(dialect: Dialect, endpoint: string, req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const id = ctx.nextId()
  const raw = await readBody(req)
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return sendError(dialect, res, id, { status: 400, kind: 'invalid_request', message: 'the request body is not valid JSON' })
  }
  if (!isRecord(body)) return sendError(dialect, res, id, { status: 400, kind: 'invalid_request', message: 'the request body is not a JSON object' })
  const info: RequestInfo = {
    protocol: dialect.protocol,
    endpoint,
    model: typeof body.model === 'string' ? body.model : '',
    stream: dialect.isStream(body),
    headers: req.headers,
    body,
  }
  ctx.stats.completion()
  const fault = ctx.faults.take(info)
  if (fault?.mode === 'hang') return // never answers: the client gives up (its socket closes) or the server closes
  const early = fault === undefined ? undefined : faultError(fault, info)
  if (early !== undefined) return sendError(dialect, res, id, early.error, early.headers)
  if (fault?.mode === 'wrong-content-type') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    return void res.end(HTML_PAGE)
  }
  const invalid = dialect.validate(info, ctx.options)
  if (invalid !== undefined) return sendError(dialect, res, id, invalid)
  const plan = makePlan(dialect, info, id, ctx.options, fault)
  if (info.stream && ctx.options.timeline !== undefined && fault === undefined) {
    return serveTimeline(dialect, plan, res, ctx, ctx.arrivals.get(req) ?? plan.startedAt, ctx.options.timeline)
  }
  return info.stream ? serveStream(dialect, plan, res, ctx, fault) : serveWhole(dialect, plan, res, ctx, fault)
}

function makePlan(dialect: Dialect, info: RequestInfo, id: string, options: TestServerOptions, fault: Fault | undefined): Plan {
  const answer = typeof options.answer === 'function' ? options.answer(info) : (options.answer ?? defaultAnswer(options.timeline))
  const { tokens, finish } = limitTokens(toTokens(answer), dialect.maxTokens(info.body))
  return {
    info,
    id,
    tokens,
    finish,
    promptTokens: options.promptTokens ?? countWords(dialect.inputText(info)),
    cache: { read: options.cacheTokens?.read ?? 0, write: options.cacheTokens?.write ?? 0 },
    usage: fault?.mode !== 'no-usage',
    created: Math.floor(Date.now() / 1000),
    startedAt: performance.now(),
    loadMs: options.loadDelayMs ?? 0,
    firstTokenAt: undefined,
    lastTokenAt: undefined,
  }
}

/** The error a fault answers with before any body, with its headers; `undefined` for faults that shape the body. */
function faultError(fault: Fault, info: RequestInfo): { error: RequestError; headers?: Record<string, string> } | undefined {
  switch (fault.mode) {
    case 'rate-limit':
      return { error: { status: 429, kind: 'rate_limit', message: fault.message ?? 'Rate limit reached for requests' }, headers: retryAfter(fault) }
    case 'server-error': {
      const status = fault.status ?? 500
      return { error: { status, kind: status === 529 ? 'overloaded' : 'server', message: fault.message ?? (status === 529 ? 'Overloaded' : 'The server had an error while processing your request') } }
    }
    case 'auth': {
      const base = fault.message ?? 'Incorrect API key provided'
      const key = info.headers.authorization ?? info.headers['x-api-key'] ?? ''
      return { error: { status: 401, kind: 'auth', message: fault.echoKey === true ? `${base}: ${String(key)}` : base } }
    }
    case 'bad-request':
      return { error: { status: 400, kind: 'invalid_request', message: fault.message ?? 'invalid request' } }
    case 'not-found':
      return { error: { status: 404, kind: 'not_found', message: fault.message ?? `model "${info.model}" not found` } }
    case 'error-event':
      // not streamed: the failure can only be an HTTP error
      return info.stream ? undefined : { error: { status: 500, kind: 'server', message: fault.message ?? 'error while generating' } }
    default:
      return undefined
  }
}

function retryAfter(fault: Fault): Record<string, string> {
  const seconds = fault.retryAfterSeconds ?? 1
  if (fault.retryAfterFormat === 'http-date') return { 'retry-after': new Date(Date.now() + seconds * 1000).toUTCString() }
  if (fault.retryAfterFormat === 'ms') return { 'retry-after-ms': String(seconds * 1000), 'retry-after': String(Math.ceil(seconds)) }
  return { 'retry-after': String(seconds) }
}

function sendError(dialect: Dialect, res: ServerResponse, id: string, error: RequestError, headers: Record<string, string> = {}): void {
  res.writeHead(error.status, { 'content-type': 'application/json', ...dialect.headers({ id }), ...headers })
  res.end(JSON.stringify(dialect.errorBody(error)))
}

async function serveStream(dialect: Dialect, plan: Plan, res: ServerResponse, ctx: ServerContext, fault: Fault | undefined): Promise<void> {
  const closed = watchClose(res)
  res.writeHead(200, { 'content-type': dialect.stream.contentType, 'cache-control': 'no-cache', connection: 'keep-alive', ...dialect.headers(plan) })
  if (fault?.mode === 'empty') return void res.end(dialect.stream.empty(plan).join(''))
  res.write(dialect.stream.head(plan).join(''))
  const delay = fault?.mode === 'slow' ? (fault.tokenDelayMs ?? 200) : (ctx.options.tokenDelayMs ?? 0)
  const stopsEarly = fault?.mode === 'cut-stream' || fault?.mode === 'malformed' || fault?.mode === 'error-event'
  const count = stopsEarly ? Math.min(fault.afterTokens ?? 1, plan.tokens.length) : plan.tokens.length
  for (let i = 0; i < count; i++) {
    await sleep(delay + (i === 0 ? plan.loadMs : 0))
    if (closed()) return
    const now = performance.now()
    plan.firstTokenAt ??= now
    plan.lastTokenAt = now
    res.write(dialect.stream.token(plan, plan.tokens[i] ?? '', i, !stopsEarly && i === plan.tokens.length - 1))
    ctx.stats.tokens(1)
  }
  if (count === 0) await sleep(delay + plan.loadMs)
  if (closed()) return
  if (fault?.mode === 'cut-stream') return cut(res, fault.cut ?? 'end')
  if (fault?.mode === 'malformed') return void res.end(dialect.stream.malformed(plan))
  if (fault?.mode === 'error-event') return void res.end(dialect.stream.error(plan, fault.message ?? 'Overloaded'))
  res.end(dialect.stream.tail(plan).join(''))
}

/**
 * A stream on an absolute timeline: token i at arrival + firstTokenMs + i × intervalMs,
 * each awaited against the arrival time (never after the previous write), so a
 * late timer or write does not push the later chunks back. The usage chunk and
 * `[DONE]` leave with the last token.
 */
async function serveTimeline(dialect: Dialect, plan: Plan, res: ServerResponse, ctx: ServerContext, arrivedAt: number, timeline: Timeline): Promise<void> {
  const closed = watchClose(res)
  const first = timeline.firstTokenMs ?? 100
  const interval = timeline.intervalMs ?? 20
  res.writeHead(200, { 'content-type': dialect.stream.contentType, 'cache-control': 'no-cache', connection: 'keep-alive', ...dialect.headers(plan) })
  const head = dialect.stream.head(plan).join('')
  // the headers leave now, as a serving engine's do: the client sets up its stream before the first token
  if (head !== '') res.write(head)
  else res.flushHeaders()
  const count = plan.tokens.length
  for (let i = 0; i < count; i++) {
    await sleepUntil(arrivedAt + first + i * interval)
    if (closed()) return
    const now = performance.now()
    plan.firstTokenAt ??= now
    plan.lastTokenAt = now
    const frame = dialect.stream.token(plan, plan.tokens[i] ?? '', i, i === count - 1)
    if (i < count - 1) res.write(frame)
    else res.end(frame + dialect.stream.tail(plan).join(''))
    ctx.stats.tokens(1)
  }
  if (count === 0) {
    await sleepUntil(arrivedAt + first)
    if (!closed()) res.end(dialect.stream.tail(plan).join(''))
  }
}

/** Resolves at `at` (`performance.now()` time), with a timer set from now; at once when `at` is past. */
function sleepUntil(at: number): Promise<void> {
  return sleep(at - performance.now())
}

/** The default answer: a text, or `tokens` words on a timeline. */
function defaultAnswer(timeline: Timeline | undefined): string {
  if (timeline === undefined) return DEFAULT_ANSWER
  return Array.from({ length: timeline.tokens ?? 50 }, (_, i) => `w${i}`).join(' ')
}

async function serveWhole(dialect: Dialect, plan: Plan, res: ServerResponse, ctx: ServerContext, fault: Fault | undefined): Promise<void> {
  const closed = watchClose(res)
  const delay = fault?.mode === 'slow' ? (fault.tokenDelayMs ?? 200) : (ctx.options.tokenDelayMs ?? 0)
  await sleep(plan.loadMs)
  plan.firstTokenAt = performance.now()
  await sleep(delay * plan.tokens.length)
  plan.lastTokenAt = performance.now()
  if (closed()) return
  const headers = { 'content-type': dialect.jsonType, ...dialect.headers(plan) }
  if (fault?.mode === 'malformed') {
    res.writeHead(200, headers)
    return void res.end('{"id": "broken", "choices": [ not json')
  }
  const body = JSON.stringify(fault?.mode === 'empty' ? dialect.wholeEmpty(plan) : dialect.whole(plan))
  if (fault?.mode === 'cut-stream') {
    // the body stops half-way and the socket goes: the client reads a truncated body
    res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
    res.write(body.slice(0, Math.floor(body.length / 2)))
    return cut(res, 'destroy')
  }
  res.writeHead(200, headers)
  res.end(body)
  if (fault?.mode !== 'empty') ctx.stats.tokens(plan.tokens.length)
}

function cut(res: ServerResponse, how: 'end' | 'destroy'): void {
  if (how === 'end') return void res.end()
  // let what was written reach the client first
  setTimeout(() => res.destroy(), 20)
}

/** A function telling whether the client went away (aborted) before the answer was over. */
function watchClose(res: ServerResponse): () => boolean {
  let closed = false
  res.on('close', () => {
    closed = true
  })
  return () => closed || res.destroyed
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export function sendJSON(res: ServerResponse, value: unknown, status = 200, contentType = 'application/json'): void {
  res.writeHead(status, { 'content-type': contentType })
  res.end(JSON.stringify(value))
}
