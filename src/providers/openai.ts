import OpenAI from 'openai'
import { SocketTimedTimer } from '../metrics/socket-timing.ts'
import { expectEventStream } from './http-errors.ts'
import { make, toProviderError, type CallPhase, type ErrorContext } from './openai-errors.ts'
import {
  OpenAIProviderOptionsSchema,
  defaultOpenAIId,
  isOfficialOpenAI,
  resolveOpenAIEndpoint,
  type OpenAIApi,
  type OpenAIProviderOptions,
  type ResolvedOpenAIProviderOptions,
} from './openai-options.ts'
import { mergeParams, toChatMessages, toCompletionPrompt, type WireParams } from './openai-request.ts'
import { readServerTimings, toFinishReason, toUsage, type WireUsage } from './openai-response.ts'
import { collectStream, type ChunkView, type CollectedStream } from './openai-stream.ts'
import { parseProviderOptions, resolveApiKey } from './options-common.ts'
import { splitURLCredentials, withURLAuthorization } from './redaction/url-credentials.ts'
import type { Provider, ProviderRequest, ProviderResponse } from './types.ts'
import { timedFetch, withSendTimer } from './send-timer.ts'

export type { OpenAIProviderOptions } from './openai-options.ts'

/** Sent as the key to compatible servers (llama-server, vLLM, ...) that need none and ignore it. */
const PLACEHOLDER_KEY = 'sk-no-key'

interface Ctx {
  client: OpenAI
  options: ResolvedOpenAIProviderOptions
  /** The endpoint: the explicit `api`, else the one the baseURL's path names, else chat. */
  api: OpenAIApi
  errors: Omit<ErrorContext, 'signal'>
}

/**
 * A provider for OpenAI and every OpenAI-compatible server, through the official
 * SDK. The SDK's own retries are off (`maxRetries: 0`): retrying is our retry
 * layer's job. Throws a `missing_key` `ProviderError` when the real OpenAI API is
 * targeted and the key variable is unset.
 */
export function createOpenAIProvider(input: OpenAIProviderOptions): Provider {
  const options = parseProviderOptions(OpenAIProviderOptionsSchema, input, 'OpenAI')
  const id = options.id ?? defaultOpenAIId(options.model, options.baseURL)
  const { apiKey, secrets } = resolveApiKey({
    providerId: id,
    envName: options.apiKeyEnv,
    official: isOfficialOpenAI(options.baseURL),
    placeholder: PLACEHOLDER_KEY,
    hint: 'set it, or give a baseURL for an OpenAI-compatible server that needs no key',
  })
  const endpoint = resolveOpenAIEndpoint(options.baseURL, options.api)
  // fetch refuses a URL with credentials: they go as Basic auth instead
  const target = splitURLCredentials(endpoint.baseURL)
  const client = new OpenAI({
    apiKey,
    baseURL: target.url ?? 'https://api.openai.com/v1',
    maxRetries: 0,
    timeout: options.timeoutMs,
    // t0 when the request is sent (see send-timer.ts)
    fetch: timedFetch,
    defaultHeaders: withURLAuthorization(options.headers, target.authorization),
  })
  const ctx: Ctx = { client, options, api: endpoint.api, errors: { providerId: id, secrets } }
  return {
    id,
    type: 'openai',
    model: options.model,
    complete: (request) => complete(ctx, request),
  }
}

async function complete(ctx: Ctx, request: ProviderRequest): Promise<ProviderResponse> {
  const errors: ErrorContext = { ...ctx.errors, signal: request.signal }
  const timer = new SocketTimedTimer(request.queuedAt)
  const phase: { now: CallPhase } = { now: 'request' }
  try {
    if (request.signal?.aborted === true) throw make(errors, 'aborted', 'request aborted before it was sent', {})
    const params = mergeParams(ctx.options.params, request.params)
    const call: Call = { ctx, request, params, timer, phase, errors }
    return ctx.api === 'chat' ? await chat(call) : await completions(call)
  } catch (error) {
    throw toProviderError(error, errors, phase.now)
  }
}

interface Call {
  ctx: Ctx
  request: ProviderRequest
  params: WireParams
  timer: SocketTimedTimer
  phase: { now: CallPhase }
  errors: ErrorContext
}

async function chat(call: Call): Promise<ProviderResponse> {
  const { client, options } = call.ctx
  const messages = toChatMessages(call.request)
  if (messages === undefined) throw make(call.errors, 'bad_request', 'request has neither messages nor prompt', {})
  const body = { model: options.model, messages, ...call.params }
  const signal = { signal: call.request.signal }
  call.timer.start()
  if (options.stream) {
    const { data: stream, response } = await withSendTimer(call.timer, () =>
      client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, signal).withResponse(),
    )
    call.phase.now = 'stream'
    expectEventStream(call.errors, response)
    return streamed(call, await collectStream(stream, chatChunkView, call.timer))
  }
  const res = await withSendTimer(call.timer, () => client.chat.completions.create({ ...body, stream: false }, signal))
  call.timer.end()
  const choice = firstChoice(call, res)
  return nonStreamed(call, res, choice.message?.content ?? '', choice.finish_reason)
}

async function completions(call: Call): Promise<ProviderResponse> {
  const { client, options } = call.ctx
  const prompt = toCompletionPrompt(call.request)
  if (prompt === undefined) throw make(call.errors, 'bad_request', 'request has neither messages nor prompt', {})
  const body = { model: options.model, prompt, ...call.params }
  const signal = { signal: call.request.signal }
  call.timer.start()
  if (options.stream) {
    const { data: stream, response } = await withSendTimer(call.timer, () =>
      client.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, signal).withResponse(),
    )
    call.phase.now = 'stream'
    expectEventStream(call.errors, response)
    return streamed(call, await collectStream(stream, completionChunkView, call.timer))
  }
  const res = await withSendTimer(call.timer, () => client.completions.create({ ...body, stream: false }, signal))
  call.timer.end()
  const choice = firstChoice(call, res)
  return nonStreamed(call, res, choice.text ?? '', choice.finish_reason)
}

function chatChunkView(chunk: OpenAI.ChatCompletionChunk): ChunkView {
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined
  return {
    hasChoice: choice !== undefined,
    text: choice?.delta?.content ?? '',
    finishReason: choice?.finish_reason ?? null,
    usage: chunk.usage,
    model: chunk.model,
  }
}

function completionChunkView(chunk: OpenAI.Completion): ChunkView {
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined
  return {
    hasChoice: choice !== undefined,
    text: choice?.text ?? '',
    finishReason: choice?.finish_reason ?? null,
    usage: chunk.usage,
    model: chunk.model,
  }
}

function streamed(call: Call, got: CollectedStream): ProviderResponse {
  if (call.request.signal?.aborted === true) throw make(call.errors, 'aborted', 'request aborted mid-stream', {})
  if (got.contentChunks === 0) throw make(call.errors, 'empty_response', 'the stream carried no choices', {})
  // Every OpenAI-compatible server ends a choice with a finish_reason: a stream without one was cut.
  if (got.finishReason === null) {
    throw make(call.errors, 'stream_cut', `the stream ended after ${got.contentChunks} chunks without a finish_reason`, {})
  }
  const usage = toUsage(got.usage)
  return {
    output: got.output,
    usage,
    finishReason: toFinishReason(got.finishReason),
    timings: call.timer.finish(usage.outputTokens, true),
    model: got.model ?? call.ctx.options.model,
    serverTimings: got.serverTimings,
  }
}

interface WireBody<C> {
  choices?: C[] | undefined
  model?: string | undefined
  usage?: WireUsage | undefined
}

function firstChoice<C>(call: Call, res: WireBody<C>): C {
  if (typeof res !== 'object' || res === null) throw make(call.errors, 'malformed_response', 'the body is not a JSON object', {})
  const choice = Array.isArray(res.choices) ? res.choices[0] : undefined
  if (choice === undefined) throw make(call.errors, 'empty_response', 'the response has no choices', {})
  return choice
}

function nonStreamed<C>(call: Call, res: WireBody<C>, output: string, finish: string | null | undefined): ProviderResponse {
  const usage = toUsage(res.usage)
  return {
    output,
    usage,
    finishReason: toFinishReason(finish),
    timings: call.timer.finish(usage.outputTokens, false),
    model: typeof res.model === 'string' && res.model !== '' ? res.model : call.ctx.options.model,
    serverTimings: readServerTimings(res),
  }
}
