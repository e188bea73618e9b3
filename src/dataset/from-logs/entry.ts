import type { z } from 'zod'
import type { LogFormat, LogMessageSchema, OpenAILineSchema, ProductionLineSchema, ResultsLineSchema } from './shapes.ts'

export interface EntryMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** One usable log line, reduced to what a dataset case needs (the raw line is not kept). */
export interface LogEntry {
  file: string
  line: number
  format: LogFormat
  /** The original id of the line (log id, completion id, case id), as text. */
  id?: string
  /** ISO 8601. */
  timestamp?: string
  /** Epoch ms of `timestamp` (for `--since`); null when it has none or it does not parse. */
  time: number | null
  prompt?: string
  messages?: EntryMessage[]
  output?: string
  feedback?: Record<string, unknown>
  metadata?: Record<string, unknown>
}

type Message = z.output<typeof LogMessageSchema>

function messages(list: readonly Message[]): EntryMessage[] {
  return list.map((message) => ({ role: message.role === 'developer' ? 'system' : message.role, content: message.content }))
}

/** A timestamp as ISO text and epoch ms: ISO strings as given, numbers as epoch seconds (below 1e11) or ms. */
export function timeOf(value: string | number | undefined): { timestamp?: string; time: number | null } {
  if (value === undefined) return { time: null }
  if (typeof value === 'number') {
    const ms = value < 1e11 ? value * 1000 : value
    const date = new Date(ms)
    return Number.isNaN(date.getTime()) ? { time: null } : { timestamp: date.toISOString(), time: ms }
  }
  const ms = Date.parse(value)
  return { timestamp: value, time: Number.isNaN(ms) ? null : ms }
}

function optional<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V }
}

export function fromProduction(file: string, line: number, value: z.output<typeof ProductionLineSchema>): LogEntry {
  return {
    file,
    line,
    format: 'jsonl',
    ...optional('id', value.id === undefined ? undefined : String(value.id)),
    ...timeOf(value.timestamp),
    ...(value.messages !== undefined ? { messages: messages(value.messages) } : optional('prompt', value.input)),
    ...optional('output', value.output),
    ...optional('feedback', value.feedback),
    ...optional('metadata', value.metadata),
  }
}

export function fromOpenAI(file: string, line: number, value: z.output<typeof OpenAILineSchema>): LogEntry {
  const request = value.request === undefined ? value.body : 'body' in value.request ? value.request.body : value.request
  const response = value.response === undefined || value.response === null ? undefined : 'body' in value.response ? value.response.body : value.response
  const output = response?.choices[0]?.message.content ?? undefined
  const model = request?.model ?? response?.model
  const id = value.id ?? value.custom_id ?? response?.id
  return {
    file,
    line,
    format: 'openai',
    ...optional('id', id === undefined ? undefined : String(id)),
    ...timeOf(value.timestamp ?? response?.created),
    messages: messages(request?.messages ?? []),
    ...optional('output', output),
    ...optional('feedback', value.feedback),
    ...optional('metadata', model === undefined && !value.metadata ? undefined : { ...(model === undefined ? {} : { model }), ...value.metadata }),
  }
}

export function fromResults(file: string, line: number, value: z.output<typeof ResultsLineSchema>): LogEntry {
  const scores = value.evaluations.map((evaluation) => evaluation.score)
  const feedback = scores.length === 0 ? undefined : { score: scores.reduce((a, b) => a + b, 0) / scores.length, pass: value.evaluations.every((evaluation) => evaluation.pass) }
  const metadata: Record<string, unknown> = { dataset: value.dataset, case: value.caseId, provider: value.provider, model: value.model, status: value.status }
  if (value.category !== null) metadata['category'] = value.category
  return {
    file,
    line,
    format: 'results',
    id: value.caseId,
    ...timeOf(value.startedAt),
    prompt: value.prompt,
    ...optional('output', value.output),
    ...optional('feedback', feedback),
    metadata,
  }
}
