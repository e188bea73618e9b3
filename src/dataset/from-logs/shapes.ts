import { z } from 'zod'
import { CaseRecordSchema } from '../../record/schema.ts'

/**
 * The line shapes `dataset from-logs` reads (one JSON object a line):
 *
 * - `jsonl`: the production-sample format `{ timestamp?, id?, input | messages, output?, feedback?, metadata? }`.
 * - `openai`: an OpenAI chat-completions log line: `{ request, response? }` where `request` is the
 *   request body `{ model, messages, ... }` or wraps it as `request.body`, and `response` is the
 *   `chat.completion` object or wraps it as `response.body` (the Batch API's output shape); plus the
 *   Batch API's input line `{ custom_id, body: { messages } }`. Optional `timestamp`, `id`, `feedback`, `metadata` beside them.
 * - `results`: this tool's own results.jsonl (a `CaseRecord`).
 */

/** Text content: a string, or the parts form whose text parts are joined (a non-text part is refused). */
const ContentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.literal('text'), text: z.string() })).transform((parts) => parts.map((part) => part.text).join('')),
])

export const LogMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: ContentSchema,
})

const ObjectSchema = z.record(z.string(), z.unknown())
const TimestampSchema = z.union([z.string().min(1), z.number()])

export const ProductionLineSchema = z
  .object({
    id: z.union([z.string(), z.number()]).optional(),
    timestamp: TimestampSchema.optional(),
    input: z.string().optional(),
    messages: z.array(LogMessageSchema).min(1).optional(),
    output: z.string().nullable().optional(),
    feedback: ObjectSchema.nullable().optional(),
    metadata: ObjectSchema.nullable().optional(),
  })
  .refine((line) => line.input !== undefined || line.messages !== undefined, { message: 'needs "input" (string) or "messages" (list)', path: ['input'] })

const RequestBodySchema = z.object({ model: z.string().optional(), messages: z.array(LogMessageSchema).min(1) })
const CompletionSchema = z.object({
  id: z.string().optional(),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })),
})

export const OpenAILineSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  custom_id: z.string().optional(),
  timestamp: TimestampSchema.optional(),
  request: z.union([RequestBodySchema, z.object({ body: RequestBodySchema })]).optional(),
  body: RequestBodySchema.optional(),
  response: z.union([CompletionSchema, z.object({ body: CompletionSchema })]).nullable().optional(),
  feedback: ObjectSchema.nullable().optional(),
  metadata: ObjectSchema.nullable().optional(),
}).refine((line) => line.request !== undefined || line.body !== undefined, { message: 'needs "request" (the chat-completions request body)', path: ['request'] })

export const ResultsLineSchema = CaseRecordSchema

export type LogFormat = 'jsonl' | 'openai' | 'results'

/** Which shape a parsed line claims to be, by its keys; null: none. */
export function detectShape(value: unknown): LogFormat | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  if ('requestHash' in value && 'caseId' in value) return 'results'
  if ('request' in value || ('body' in value && 'custom_id' in value) || 'response' in value) return 'openai'
  if ('input' in value || 'messages' in value) return 'jsonl'
  return null
}
