import { messagesText } from './answer.ts'
import { isRecord, modelExists, num, type Dialect, type Plan } from './dialect.ts'

/**
 * OpenAI's Chat Completions and Completions wire format: JSON bodies, `data:`
 * SSE chunks ending with `data: [DONE]`, a usage-only last chunk (`choices: []`)
 * when `stream_options.include_usage` is set. The finish reason rides on the
 * last token's chunk.
 */
export const openaiDialect: Dialect = {
  protocol: 'openai',
  isStream: (body) => body.stream === true,
  validate(info, options) {
    if (options.apiKey !== undefined && info.headers.authorization !== `Bearer ${options.apiKey}`) {
      const sent = String(info.headers.authorization ?? '').replace(/^Bearer\s+/i, '')
      return { status: 401, kind: 'auth', message: `Incorrect API key provided: ${mask(sent)}` }
    }
    if (info.model === '') return { status: 400, kind: 'invalid_request', message: 'you must provide a model parameter' }
    if (info.endpoint === 'chat' && !Array.isArray(info.body.messages)) {
      return { status: 400, kind: 'invalid_request', message: "Missing required parameter: 'messages'" }
    }
    if (!modelExists(info.model, options.models)) {
      return { status: 404, kind: 'not_found', message: `The model \`${info.model}\` does not exist or you do not have access to it.` }
    }
    return undefined
  },
  maxTokens: (body) => num(body, 'max_completion_tokens') ?? num(body, 'max_tokens'),
  inputText: (info) => (info.endpoint === 'chat' ? messagesText(info.body.messages) : promptText(info.body.prompt)),
  errorBody: (error) => ({ error: { message: error.message, type: TYPES[error.kind], param: null, code: CODES[error.kind] } }),
  headers: (plan) => ({ 'x-request-id': plan.id }),
  jsonType: 'application/json',
  whole(plan) {
    const text = plan.tokens.join('')
    const choice = isChat(plan)
      ? { index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: plan.finish }
      : { index: 0, text, logprobs: null, finish_reason: plan.finish }
    return { ...base(plan, isChat(plan) ? 'chat.completion' : 'text_completion'), choices: [choice], ...usagePart(plan) }
  },
  wholeEmpty: (plan) => ({
    ...base(plan, isChat(plan) ? 'chat.completion' : 'text_completion'),
    choices: [],
    usage: { prompt_tokens: plan.promptTokens, completion_tokens: 0, total_tokens: plan.promptTokens },
  }),
  stream: {
    contentType: 'text/event-stream; charset=utf-8',
    head: () => [],
    token(plan, text, index, last) {
      return chunk(plan, [choiceDelta(plan, text, index, last ? plan.finish : null)])
    },
    tail(plan) {
      const frames = plan.tokens.length === 0 ? [chunk(plan, [choiceDelta(plan, '', 0, plan.finish)])] : []
      if (plan.usage && includeUsage(plan)) frames.push(chunk(plan, [], usage(plan)))
      frames.push('data: [DONE]\n\n')
      return frames
    },
    empty: (plan) => [chunk(plan, [], usage(plan)), 'data: [DONE]\n\n'],
    error: (_plan, message) => `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } })}\n\n`,
    malformed: () => 'data: {"id": "broken", "choices": [\n\n',
  },
}

const TYPES = {
  rate_limit: 'requests',
  server: 'server_error',
  overloaded: 'server_error',
  auth: 'invalid_request_error',
  not_found: 'invalid_request_error',
  invalid_request: 'invalid_request_error',
} as const

const CODES = {
  rate_limit: 'rate_limit_exceeded',
  server: null,
  overloaded: null,
  auth: 'invalid_api_key',
  not_found: 'model_not_found',
  invalid_request: null,
} as const

function isChat(plan: Plan): boolean {
  return plan.info.endpoint === 'chat'
}

function base(plan: Plan, object: string) {
  return { id: `chatcmpl-${plan.id}`, object, created: plan.created, model: plan.info.model, system_fingerprint: 'fp_test' }
}

function choiceDelta(plan: Plan, text: string, index: number, finish: string | null) {
  if (!isChat(plan)) return { index: 0, text, logprobs: null, finish_reason: finish }
  const delta = index === 0 ? { role: 'assistant', content: text } : { content: text }
  return { index: 0, delta, logprobs: null, finish_reason: finish }
}

function chunk(plan: Plan, choices: unknown[], usageBlock?: unknown): string {
  const object = isChat(plan) ? 'chat.completion.chunk' : 'text_completion'
  const value = usageBlock === undefined ? { ...base(plan, object), choices } : { ...base(plan, object), choices, usage: usageBlock }
  return `data: ${JSON.stringify(value)}\n\n`
}

function usage(plan: Plan) {
  const completion = plan.tokens.length
  return {
    prompt_tokens: plan.promptTokens,
    completion_tokens: completion,
    total_tokens: plan.promptTokens + completion,
    prompt_tokens_details: { cached_tokens: plan.cache.read },
  }
}

function usagePart(plan: Plan) {
  return plan.usage ? { usage: usage(plan) } : {}
}

function includeUsage(plan: Plan): boolean {
  const options = plan.info.body.stream_options
  return isRecord(options) && options.include_usage === true
}

function promptText(prompt: unknown): string {
  if (typeof prompt === 'string') return prompt
  return Array.isArray(prompt) ? prompt.filter((p) => typeof p === 'string').join(' ') : ''
}

/** `sk-abc...wxyz` as OpenAI shows a wrong key. */
function mask(key: string): string {
  return key.length <= 8 ? key : `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`
}

