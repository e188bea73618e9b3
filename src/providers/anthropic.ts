import Anthropic from '@anthropic-ai/sdk'
import { SocketTimedTimer } from '../metrics/socket-timing.ts'
import {
  ANTHROPIC_API_URL,
  AnthropicProviderOptionsSchema,
  defaultAnthropicId,
  isOfficialAnthropic,
  type AnthropicProviderOptions,
  type ResolvedAnthropicProviderOptions,
} from './anthropic-options.ts'
import { toAnthropicBody, type AnthropicBody } from './anthropic-request.ts'
import { toAnthropicFinishReason, toAnthropicUsage } from './anthropic-response.ts'
import { toAnthropicError } from './anthropic-errors.ts'
import { collectAnthropicStream, type CollectedAnthropicStream } from './anthropic-stream.ts'
import { expectEventStream, make, mediaType, type CallPhase, type ErrorContext } from './http-errors.ts'
import { parseProviderOptions, resolveApiKey } from './options-common.ts'
import { splitURLCredentials, withURLAuthorization } from './redaction/url-credentials.ts'
import { timedFetch, withSendTimer } from './send-timer.ts'
import type { Provider, ProviderRequest, ProviderResponse } from './types.ts'

export type { AnthropicProviderOptions } from './anthropic-options.ts'

/** Sent as the key to a proxy or test server when the variable is unset (the real API needs a real one). */
const PLACEHOLDER_KEY = 'no-key'

interface Ctx {
  client: Anthropic
  options: ResolvedAnthropicProviderOptions
  errors: Omit<ErrorContext, 'signal'>
}

/**
 * A provider for Anthropic's Messages API, through the official SDK. The SDK's
 * own retries are off (`maxRetries: 0`): retrying is our retry layer's job.
 * Throws a `missing_key` `ProviderError` when the real API is targeted and the
 * key variable is unset or empty.
 */
export function createAnthropicProvider(input: AnthropicProviderOptions): Provider {
  const options = parseProviderOptions(AnthropicProviderOptionsSchema, input, 'Anthropic')
  const id = options.id ?? defaultAnthropicId(options.model, options.baseURL)
  const { apiKey, secrets } = resolveApiKey({
    providerId: id,
    envName: options.apiKeyEnv,
    official: isOfficialAnthropic(options.baseURL),
    placeholder: PLACEHOLDER_KEY,
    hint: 'set it to your Anthropic API key, or give a baseURL for a proxy that needs none',
  })
  // fetch refuses a URL with credentials: they go as Basic auth instead
  const target = splitURLCredentials(options.baseURL)
  const client = new Anthropic({
    // Given explicitly, so the SDK reads no other credential (ANTHROPIC_AUTH_TOKEN, profiles) and no ANTHROPIC_BASE_URL.
    apiKey,
    baseURL: target.url ?? ANTHROPIC_API_URL,
    maxRetries: 0,
    timeout: options.timeoutMs,
    // t0 when the request is sent (see send-timer.ts)
    fetch: timedFetch,
    // with an Authorization header the SDK sends no x-api-key of its own: the key goes as a header then
    defaultHeaders: target.authorization === undefined ? options.headers : { 'x-api-key': apiKey, ...withURLAuthorization(options.headers, target.authorization) },
  })
  const ctx: Ctx = { client, options, errors: { providerId: id, secrets } }
  return {
    id,
    type: 'anthropic',
    model: options.model,
    complete: (request) => complete(ctx, request),
  }
}

interface Call {
  ctx: Ctx
  request: ProviderRequest
  body: AnthropicBody
  timer: SocketTimedTimer
  phase: { now: CallPhase }
  errors: ErrorContext
}

async function complete(ctx: Ctx, request: ProviderRequest): Promise<ProviderResponse> {
  const errors: ErrorContext = { ...ctx.errors, signal: request.signal }
  const timer = new SocketTimedTimer(request.queuedAt)
  const phase: { now: CallPhase } = { now: 'request' }
  try {
    if (request.signal?.aborted === true) throw make(errors, 'aborted', 'request aborted before it was sent', {})
    const body = toAnthropicBody(ctx.options.model, request, ctx.options.params)
    if (body === undefined) throw make(errors, 'bad_request', 'request has neither messages nor prompt', {})
    const call: Call = { ctx, request, body, timer, phase, errors }
    return ctx.options.stream ? await streamed(call) : await whole(call)
  } catch (error) {
    throw toAnthropicError(error, errors, phase.now)
  }
}

async function streamed(call: Call): Promise<ProviderResponse> {
  call.timer.start()
  const { data: stream, response } = await withSendTimer(call.timer, () =>
    call.ctx.client.messages.create({ ...call.body, stream: true }, { signal: call.request.signal }).withResponse(),
  )
  call.phase.now = 'stream'
  expectEventStream(call.errors, response)
  const got = await collectAnthropicStream(stream, call.timer)
  return fromStream(call, got)
}

function fromStream(call: Call, got: CollectedAnthropicStream): ProviderResponse {
  if (call.request.signal?.aborted === true) throw make(call.errors, 'aborted', 'request aborted mid-stream', {})
  if (!got.stopped) {
    throw make(call.errors, 'stream_cut', `the stream ended after ${got.deltas} content deltas without message_stop`, {})
  }
  if (!got.started) throw make(call.errors, 'malformed_response', 'the stream had no message_start event', {})
  if (got.blocks === 0 && got.deltas === 0) throw make(call.errors, 'empty_response', 'the stream carried no content block', {})
  const usage = toAnthropicUsage(got.usage)
  return {
    output: got.output,
    usage,
    finishReason: toAnthropicFinishReason(got.stopReason),
    timings: call.timer.finish(usage.outputTokens, true),
    model: got.model ?? call.ctx.options.model,
  }
}

async function whole(call: Call): Promise<ProviderResponse> {
  call.timer.start()
  const { data, response } = await withSendTimer(call.timer, () =>
    call.ctx.client.messages.create({ ...call.body, stream: false }, { signal: call.request.signal }).withResponse(),
  )
  call.timer.end()
  expectJSON(call, response)
  const message: unknown = data
  if (!isMessage(message)) throw make(call.errors, 'malformed_response', 'the body is not a message object', {})
  const blocks = Array.isArray(message.content) ? message.content : []
  if (blocks.length === 0) throw make(call.errors, 'empty_response', 'the message has no content', {})
  const usage = toAnthropicUsage(message.usage ?? undefined)
  return {
    output: blocks.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join(''),
    usage,
    finishReason: toAnthropicFinishReason(message.stop_reason),
    timings: call.timer.finish(usage.outputTokens, false),
    model: typeof message.model === 'string' && message.model !== '' ? message.model : call.ctx.options.model,
  }
}

/** A whole answer must be JSON: anything else (an HTML error page from a proxy, ...) is malformed. */
function expectJSON(call: Call, response: Response): void {
  const media = mediaType(response)
  if (media === 'application/json' || media.endsWith('+json')) return
  throw make(call.errors, 'malformed_response', `expected a JSON answer, got ${media === '' ? 'no content-type' : media}`, {})
}

interface WireMessage {
  content?: { type?: string; text?: string }[] | null
  model?: string | null
  stop_reason?: string | null
  usage?: Anthropic.Usage | null
}

function isMessage(value: unknown): value is WireMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
