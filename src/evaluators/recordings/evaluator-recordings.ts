import { join } from 'node:path'
import { z } from 'zod'
import type { CacheMode } from '../../providers/cache/mode.ts'
import { KeyedStore } from './keyed-store.ts'

/** One recorded embedding: float64 vector in base64 (little-endian), so replay gives the recorded scores exactly. */
export const EmbeddingEntrySchema = z.strictObject({
  provider: z.string(),
  model: z.string(),
  /** The first 80 characters of the text, for a person reading the diff. */
  text: z.string(),
  dimensions: z.int().positive(),
  vector: z.string(),
})

/** One recorded judge call: its answer and usage. */
export const JudgeEntrySchema = z.strictObject({
  provider: z.string(),
  model: z.string(),
  answer: z.string(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  source: z.enum(['provider', 'tokenizer', 'none']),
})

export type EmbeddingEntry = z.infer<typeof EmbeddingEntrySchema>
export type JudgeEntry = z.infer<typeof JudgeEntrySchema>

export interface EvaluatorRecordingSettings {
  /** Absolute folder: `embeddings.json` and `judge.json` live there. */
  dir: string
  mode: CacheMode
}

let embeddings: KeyedStore<typeof EmbeddingEntrySchema> | null = null
let judge: KeyedStore<typeof JudgeEntrySchema> | null = null

/**
 * Where evaluator calls are recorded (set by the worker from the options and the
 * cache mode); null: nothing recorded, as outside an llmBench project.
 */
export function configureEvaluatorRecordings(settings: EvaluatorRecordingSettings | null): void {
  const file = settings ? join(settings.dir, 'embeddings.json') : null
  if (embeddings?.file === file && embeddings?.mode === settings?.mode) return
  embeddings = settings ? new KeyedStore({ file: join(settings.dir, 'embeddings.json'), mode: settings.mode, entry: EmbeddingEntrySchema, what: 'embedding' }) : null
  judge = settings ? new KeyedStore({ file: join(settings.dir, 'judge.json'), mode: settings.mode, entry: JudgeEntrySchema, what: 'judge answer' }) : null
}

export function embeddingStore(): KeyedStore<typeof EmbeddingEntrySchema> | null {
  return embeddings
}

export function judgeStore(): KeyedStore<typeof JudgeEntrySchema> | null {
  return judge
}

export function encodeVector(vector: readonly number[]): string {
  const floats = Float64Array.from(vector)
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64')
}

export function decodeVector(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64')
  return [...new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))]
}
