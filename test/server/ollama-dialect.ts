import { messagesText } from './answer.ts'
import { isRecord, modelExists, str, type Dialect, type Plan } from './dialect.ts'

/**
 * Ollama's native API: `/api/chat` and `/api/generate`, streamed as NDJSON by
 * default (one object per token, then a `done: true` object with the counts and
 * the durations in ns), `{"error": "..."}` bodies, 404 for a model that is not
 * pulled.
 */
export const ollamaDialect: Dialect = {
  protocol: 'ollama',
  isStream: (body) => body.stream !== false,
  validate(info, options) {
    if (info.model === '') return { status: 400, kind: 'invalid_request', message: 'model is required' }
    if (!modelExists(info.model, options.models)) {
      return { status: 404, kind: 'not_found', message: `model "${info.model}" not found, try pulling it first` }
    }
    return undefined
  },
  maxTokens(body) {
    const options = body.options
    if (!isRecord(options)) return undefined
    const n = options.num_predict
    return typeof n === 'number' && n >= 0 ? n : undefined
  },
  inputText: (info) =>
    info.endpoint === 'chat' ? messagesText(info.body.messages) : `${str(info.body, 'system') ?? ''} ${str(info.body, 'prompt') ?? ''}`,
  errorBody: (error) => ({ error: error.message }),
  headers: () => ({}),
  jsonType: 'application/json; charset=utf-8',
  whole: (plan) => ({ ...piece(plan, plan.tokens.join('')), ...final(plan) }),
  wholeEmpty: (plan) => ({ model: plan.info.model, created_at: new Date().toISOString(), ...final(plan), eval_count: 0 }),
  stream: {
    contentType: 'application/x-ndjson',
    head: () => [],
    token: (plan, text) => line({ ...piece(plan, text), done: false }),
    tail: (plan) => [line({ ...piece(plan, ''), ...final(plan) })],
    empty: (plan) => [line({ model: plan.info.model, created_at: new Date().toISOString(), ...final(plan), eval_count: 0 })],
    error: (_plan, message) => line({ error: message }),
    malformed: (plan) => `{"model": "${plan.info.model}", "message": {\n`,
  },
}

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`
}

/** One token's object: `message` for chat, `response` for generate. */
function piece(plan: Plan, text: string) {
  const head = { model: plan.info.model, created_at: new Date().toISOString() }
  return plan.info.endpoint === 'chat' ? { ...head, message: { role: 'assistant', content: text } } : { ...head, response: text }
}

/** The final object's fields: done, the reason, the counts and the durations in ns (measured on this server). */
function final(plan: Plan) {
  const ns = (ms: number): number => Math.round(ms * 1e6)
  const now = performance.now()
  const first = plan.firstTokenAt ?? now
  const last = plan.lastTokenAt ?? now
  const done = { done: true, done_reason: plan.finish }
  const context = plan.info.endpoint === 'generate' ? { context: [1, 2, 3] } : {}
  if (!plan.usage) return { ...done, ...context }
  return {
    ...done,
    ...context,
    total_duration: ns(now - plan.startedAt),
    load_duration: ns(plan.loadMs),
    prompt_eval_count: plan.promptTokens,
    prompt_eval_duration: ns(Math.max(0, first - plan.startedAt - plan.loadMs)),
    eval_count: plan.tokens.length,
    eval_duration: ns(Math.max(0, last - first)),
  }
}
