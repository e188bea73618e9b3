import { z } from 'zod'
import { displayURL } from '../openai-options.ts'
import type { ChatMessage, FinishReason, ModelParams, ProviderRequest, ProviderResponse } from '../types.ts'
import type { RequestTarget } from '../../record/request-hash.ts'
import { sortKeys, stableStringify } from '../../record/stable-json.ts'
import { TimingsSchema, UsageSchema } from '../../record/schema.ts'

/** The request as recorded: what the hash covers, the endpoint without credentials, never a key or header. */
export interface RecordedRequest {
  target: RequestTarget
  system?: string | undefined
  prompt?: string | undefined
  messages?: ChatMessage[] | undefined
  params: ModelParams
}

/** One recorded call: one request of one case on one provider. */
export interface RecordingEntry {
  caseId: string
  provider: string
  requestHash: string
  recordedAt: string
  request: RecordedRequest
  /** The response as the provider gave it, with the timings measured when it was recorded. */
  response: ProviderResponse
}

/** What a caller stores: the request as sent, the response as received. */
export interface NewEntry {
  caseId: string
  provider: string
  requestHash: string
  target: RequestTarget
  request: Omit<ProviderRequest, 'signal' | 'queuedAt'>
  response: ProviderResponse
}

export function toEntry(entry: NewEntry, now: Date = new Date()): RecordingEntry {
  const { target, request, response } = entry
  const recordedTarget: RequestTarget = { ...target, baseURL: target.baseURL === undefined ? undefined : displayURL(target.baseURL) }
  return {
    caseId: entry.caseId,
    provider: entry.provider,
    requestHash: entry.requestHash,
    recordedAt: now.toISOString(),
    request: {
      target: recordedTarget,
      system: request.system,
      prompt: request.prompt,
      messages: request.messages?.map((m) => ({ role: m.role, content: m.content })),
      params: sortKeys(request.params) as ModelParams,
    },
    response: {
      output: response.output,
      finishReason: response.finishReason,
      model: response.model,
      usage: response.usage,
      timings: response.timings,
      serverTimings: response.serverTimings,
    },
  }
}

/**
 * The key an entry is stored under: one entry per case, provider and request
 * hash. Content-addressed: a case keeps the answer to every request it has
 * sent, so a prompt reverted to an earlier text replays again.
 */
export function entryKey(entry: { caseId: string; provider: string; requestHash: string }): string {
  return `${entry.caseId}\u0000${entry.provider}\u0000${entry.requestHash}`
}

/**
 * Whether a new response says what a recorded one says: output, finish reason,
 * model and token usage. Timings always differ between calls and are not
 * compared: re-recording an unchanged answer keeps the entry as it is (its
 * `recordedAt` and timings too), so the file does not change.
 */
export function sameResponse(a: ProviderResponse, b: ProviderResponse): boolean {
  return (
    a.output === b.output &&
    a.finishReason === b.finishReason &&
    a.model === b.model &&
    stableStringify(a.usage) === stableStringify(b.usage)
  )
}

/** Stable order: by case id, provider, request hash (code-unit order, not locale). */
export function compareEntries(a: RecordingEntry, b: RecordingEntry): number {
  return cmp(a.caseId, b.caseId) || cmp(a.provider, b.provider) || cmp(a.requestHash, b.requestHash)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const FINISH_REASONS = ['stop', 'length', 'content_filter', 'tool_calls', 'error', 'unknown'] as const satisfies readonly FinishReason[]

const MessageSchema = z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })

const ParamsSchema = z.looseObject({
  temperature: z.number().optional(),
  max_tokens: z.number().optional(),
  top_p: z.number().optional(),
  stop: z.array(z.string()).optional(),
  seed: z.number().optional(),
})

/** An entry as read back: unknown fields (a newer writer's) are kept. */
export const RecordingEntrySchema = z.looseObject({
  caseId: z.string().min(1),
  provider: z.string().min(1),
  requestHash: z.string().regex(/^[0-9a-f]{16}$/, 'a 16-digit hex request hash'),
  recordedAt: z.string(),
  request: z.looseObject({
    target: z.looseObject({
      type: z.string(),
      model: z.string(),
      baseURL: z.string().optional(),
      api: z.string().optional(),
      modelId: z.string().optional(),
    }),
    system: z.string().optional(),
    prompt: z.string().optional(),
    messages: z.array(MessageSchema).optional(),
    params: ParamsSchema,
  }),
  response: z.looseObject({
    output: z.string(),
    finishReason: z.enum(FINISH_REASONS),
    model: z.string(),
    usage: UsageSchema.loose(),
    timings: TimingsSchema.loose(),
    serverTimings: z.record(z.string(), z.number()).optional(),
  }),
})

/**
 * 2: entries keyed by case, provider and request hash (several per case), local
 * targets carry `modelId`. 1: one entry per case and provider; read as 2 (its
 * entries are valid ones; local entries without `modelId` match no request
 * any more and are left for `llm-test-bench recordings prune`).
 */
export const RECORDING_VERSION = 2

/** The file as read: any version this reader knows, migrated to the current one. */
export const RecordingFileSchema = z
  .strictObject({
    version: z.union([z.literal(1), z.literal(RECORDING_VERSION)], { error: `a recording file version this llm-test-bench reads (1 or ${RECORDING_VERSION}); a newer llm-test-bench wrote it` }),
    dataset: z.string(),
    entries: z.array(RecordingEntrySchema),
  })
  .transform((file) => ({ ...file, version: RECORDING_VERSION }))
