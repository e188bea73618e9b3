import { contentText, messagesText } from './answer.ts'
import { modelExists, num, type Dialect, type Plan } from './dialect.ts'
import type { RequestInfo } from './types.ts'

/**
 * Anthropic's Messages API wire format: the key in `x-api-key` (or, as the
 * current SDK sends it, `Authorization: Bearer`), an `anthropic-version` header, a required `max_tokens`, JSON messages, and SSE with named events
 * (`message_start`, `content_block_start`, `ping`, `content_block_delta`,
 * `content_block_stop`, `message_delta`, `message_stop`, `error`).
 */
export const anthropicDialect: Dialect = {
  protocol: 'anthropic',
  isStream: (body) => body.stream === true,
  validate(info, options) {
    const key = anthropicKey(info)
    if (key === undefined) return { status: 401, kind: 'auth', message: 'x-api-key header is required' }
    if (options.apiKey !== undefined && key !== options.apiKey) return { status: 401, kind: 'auth', message: 'invalid x-api-key' }
    if (typeof info.headers['anthropic-version'] !== 'string') {
      return { status: 400, kind: 'invalid_request', message: 'anthropic-version: header is required' }
    }
    if (info.model === '') return { status: 400, kind: 'invalid_request', message: 'model: Field required' }
    if (num(info.body, 'max_tokens') === undefined) return { status: 400, kind: 'invalid_request', message: 'max_tokens: Field required' }
    if (!Array.isArray(info.body.messages) || info.body.messages.length === 0) {
      return { status: 400, kind: 'invalid_request', message: 'messages: at least one message is required' }
    }
    if (!modelExists(info.model, options.models)) return { status: 404, kind: 'not_found', message: `model: ${info.model}` }
    return undefined
  },
  maxTokens: (body) => num(body, 'max_tokens'),
  inputText: (info) => `${contentText(info.body.system)} ${messagesText(info.body.messages)}`,
  errorBody: (error) => ({ type: 'error', error: { type: TYPES[error.kind], message: error.message } }),
  headers: (plan) => ({ 'request-id': `req_${plan.id}` }),
  jsonType: 'application/json',
  whole: (plan) => ({
    ...message(plan),
    content: [{ type: 'text', text: plan.tokens.join(''), citations: null }],
    stop_reason: stopReason(plan),
    usage: { ...inputUsage(plan), output_tokens: plan.usage ? plan.tokens.length : undefined },
  }),
  wholeEmpty: (plan) => ({ ...message(plan), content: [], stop_reason: 'end_turn', usage: { ...inputUsage(plan), output_tokens: 0 } }),
  stream: {
    contentType: 'text/event-stream; charset=utf-8',
    head: (plan) => [
      event('message_start', { type: 'message_start', message: { ...message(plan), content: [], stop_reason: null, usage: { ...inputUsage(plan), output_tokens: plan.usage ? 1 : undefined } } }),
      event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } }),
      event('ping', { type: 'ping' }),
    ],
    token: (_plan, text) => event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    tail: (plan) => [
      event('content_block_stop', { type: 'content_block_stop', index: 0 }),
      event('message_delta', { type: 'message_delta', delta: { stop_reason: stopReason(plan), stop_sequence: null }, usage: plan.usage ? { output_tokens: plan.tokens.length } : {} }),
      event('message_stop', { type: 'message_stop' }),
    ],
    empty: (plan) => [
      event('message_start', { type: 'message_start', message: { ...message(plan), content: [], stop_reason: null, usage: { ...inputUsage(plan), output_tokens: 1 } } }),
      event('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 0 } }),
      event('message_stop', { type: 'message_stop' }),
    ],
    error: (_plan, message) => event('error', { type: 'error', error: { type: 'overloaded_error', message } }),
    malformed: () => 'event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {\n\n',
  },
}

const TYPES = {
  rate_limit: 'rate_limit_error',
  server: 'api_error',
  overloaded: 'overloaded_error',
  auth: 'authentication_error',
  not_found: 'not_found_error',
  invalid_request: 'invalid_request_error',
} as const

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
}

function message(plan: Plan) {
  return { id: `msg_${plan.id}`, type: 'message', role: 'assistant', model: plan.info.model, stop_sequence: null }
}

/** Anthropic's `input_tokens` leaves out the cached part: reads and writes are counted apart. */
function inputUsage(plan: Plan) {
  if (!plan.usage) return {}
  const { read, write } = plan.cache
  return {
    input_tokens: Math.max(0, plan.promptTokens - read - write),
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  }
}

function stopReason(plan: Plan): string {
  return plan.finish === 'length' ? 'max_tokens' : 'end_turn'
}

/** The key a request carries: `x-api-key`, else a bearer token. */
function anthropicKey(info: RequestInfo): string | undefined {
  const key = info.headers['x-api-key']
  if (typeof key === 'string' && key !== '') return key
  const bearer = /^Bearer\s+(.+)$/i.exec(info.headers.authorization ?? '')?.[1]
  return bearer === undefined || bearer === '' ? undefined : bearer
}
