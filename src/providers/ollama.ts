import { Ollama, type ChatResponse, type GenerateResponse } from 'ollama'
import { SocketTimedTimer } from '../metrics/socket-timing.ts'
import { make, type CallPhase } from './http-errors.ts'
import { toOllamaError, type OllamaErrorContext } from './ollama-errors.ts'
import { checkedFetch } from './ollama-fetch.ts'
import {
  OLLAMA_DEFAULT_HOST,
  OllamaProviderOptionsSchema,
  defaultOllamaId,
  type OllamaProviderOptions,
  type ResolvedOllamaProviderOptions,
} from './ollama-options.ts'
import { toOllamaGenerate, toOllamaMessages, toOllamaOptions } from './ollama-request.ts'
import { toOllamaFinishReason, toOllamaServerTimings, toOllamaUsage, type OllamaFinal } from './ollama-response.ts'
import { displayURL } from './openai-options.ts'
import { parseProviderOptions } from './options-common.ts'
import { splitURLCredentials, withURLAuthorization } from './redaction/url-credentials.ts'
import type { Provider, ProviderRequest, ProviderResponse } from './types.ts'

export type { OllamaProviderOptions } from './ollama-options.ts'

interface Ctx {
  options: ResolvedOllamaProviderOptions
  host: string
  errors: Omit<OllamaErrorContext, 'signal'>
}

/**
 * A provider for Ollama's native API (`/api/chat` or `/api/generate`), through
 * the `ollama` package. Usage is `prompt_eval_count` / `eval_count`; Ollama's own
 * durations go to `serverTimings` in ms. No key is needed.
 */
export function createOllamaProvider(input: OllamaProviderOptions): Provider {
  const options = parseProviderOptions(OllamaProviderOptionsSchema, input, 'Ollama')
  const id = options.id ?? defaultOllamaId(options.model, options.host)
  // fetch refuses a URL with credentials: they go as Basic auth instead
  const target = splitURLCredentials(options.host ?? OLLAMA_DEFAULT_HOST)
  const host = target.url ?? OLLAMA_DEFAULT_HOST
  const headers = withURLAuthorization(options.headers, target.authorization)
  const ctx: Ctx = { options: { ...options, headers }, host, errors: { providerId: id, secrets: [], model: options.model, host: displayURL(host) } }
  return {
    id,
    type: 'ollama',
    model: options.model,
    complete: (request) => complete(ctx, request),
  }
}

interface Call {
  ctx: Ctx
  request: ProviderRequest
  client: Ollama
  timer: SocketTimedTimer
  phase: { now: CallPhase }
  errors: OllamaErrorContext
}

async function complete(ctx: Ctx, callerRequest: ProviderRequest): Promise<ProviderResponse> {
  const timeoutMs = ctx.options.timeoutMs
  const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)
  const signal = timeout === undefined ? callerRequest.signal : callerRequest.signal ? AbortSignal.any([callerRequest.signal, timeout]) : timeout
  const request: ProviderRequest = { ...callerRequest, signal }
  const errors: OllamaErrorContext = { ...ctx.errors, signal }
  const timer = new SocketTimedTimer(request.queuedAt)
  const phase: { now: CallPhase } = { now: 'request' }
  try {
    if (request.signal?.aborted === true) throw make(errors, 'aborted', 'request aborted before it was sent', {})
    // A client per call: cheap (no connection of its own), and the only way to give one request its own signal.
    const client = new Ollama({ host: ctx.host, headers: ctx.options.headers, fetch: checkedFetch(request.signal, ctx.options.stream, timer) })
    const call: Call = { ctx, request, client, timer, phase, errors }
    return ctx.options.api === 'chat' ? await chat(call) : await generate(call)
  } catch (error) {
    // our own timeout, not the caller's abort
    if (timeout?.aborted === true && callerRequest.signal?.aborted !== true) throw make(errors, 'timeout', `no complete answer within ${timeoutMs} ms`, {})
    throw toOllamaError(error, errors, phase.now)
  }
}

/** What both endpoints' answers reduce to: the text (absent: no message at all) and the final counts. */
interface Piece extends OllamaFinal {
  text: string | undefined
  done: boolean
  model: string | undefined
}

async function chat(call: Call): Promise<ProviderResponse> {
  const messages = toOllamaMessages(call.request)
  if (messages === undefined) throw make(call.errors, 'bad_request', 'request has neither messages nor prompt', {})
  const body = { ...common(call), messages }
  call.timer.start()
  if (call.ctx.options.stream) {
    const stream = await call.client.chat({ ...body, stream: true })
    call.phase.now = 'stream'
    return collect(call, stream, chatPiece)
  }
  const res = await call.client.chat({ ...body, stream: false })
  call.timer.end()
  return respond(call, chatPiece(res), false)
}

async function generate(call: Call): Promise<ProviderResponse> {
  const input = toOllamaGenerate(call.request)
  if (input === undefined) throw make(call.errors, 'bad_request', 'request has neither messages nor prompt', {})
  const body = { ...common(call), prompt: input.prompt, ...(input.system === undefined ? {} : { system: input.system }) }
  call.timer.start()
  if (call.ctx.options.stream) {
    const stream = await call.client.generate({ ...body, stream: true })
    call.phase.now = 'stream'
    return collect(call, stream, generatePiece)
  }
  const res = await call.client.generate({ ...body, stream: false })
  call.timer.end()
  return respond(call, generatePiece(res), false)
}

function common(call: Call) {
  const { model, params, keepAlive } = call.ctx.options
  return {
    model,
    options: toOllamaOptions(params, call.request.params),
    ...(keepAlive === undefined ? {} : { keep_alive: keepAlive }),
  }
}

/**
 * Reads NDJSON objects to the final `done: true` one: `timer.chunk()` on every
 * object carrying text before it (the final one only if it carries text too).
 */
async function collect<C>(call: Call, stream: AsyncIterable<C>, piece: (chunk: C) => Piece): Promise<ProviderResponse> {
  let output: string | undefined
  let final: Piece | undefined
  let model: string | undefined
  for await (const chunk of stream) {
    const p = piece(chunk)
    if (p.text !== undefined && (!p.done || p.text !== '')) call.timer.chunk()
    if (p.text !== undefined) output = (output ?? '') + p.text
    model = p.model ?? model
    if (p.done) final = p
  }
  call.timer.end()
  if (call.request.signal?.aborted === true) throw make(call.errors, 'aborted', 'request aborted mid-stream', {})
  if (final === undefined) throw make(call.errors, 'stream_cut', 'the stream ended without its final done object', {})
  return respond(call, { ...final, text: output, model }, true)
}

function respond(call: Call, p: Piece, streamed: boolean): ProviderResponse {
  if (p.text === undefined) throw make(call.errors, 'empty_response', `the answer carried no ${call.ctx.options.api === 'chat' ? 'message' : 'response'}`, {})
  const usage = toOllamaUsage(p)
  return {
    output: p.text,
    usage,
    finishReason: toOllamaFinishReason(p.done_reason),
    timings: call.timer.finish(usage.outputTokens, streamed),
    model: p.model ?? call.ctx.options.model,
    serverTimings: toOllamaServerTimings(p),
  }
}

function chatPiece(res: ChatResponse): Piece {
  const content: unknown = isObject(res) && isObject(res.message) ? res.message.content : undefined
  return toPiece(res, typeof content === 'string' ? content : undefined)
}

function generatePiece(res: GenerateResponse): Piece {
  const text: unknown = isObject(res) ? res.response : undefined
  return toPiece(res, typeof text === 'string' ? text : undefined)
}

function toPiece(res: unknown, text: string | undefined): Piece {
  if (!isObject(res)) return { text: undefined, done: false, model: undefined }
  return {
    text,
    done: res.done === true,
    model: typeof res.model === 'string' && res.model !== '' ? res.model : undefined,
    prompt_eval_count: num(res.prompt_eval_count),
    eval_count: num(res.eval_count),
    total_duration: num(res.total_duration),
    load_duration: num(res.load_duration),
    prompt_eval_duration: num(res.prompt_eval_duration),
    eval_duration: num(res.eval_duration),
    done_reason: typeof res.done_reason === 'string' ? res.done_reason : undefined,
  }
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
