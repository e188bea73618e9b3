import { createHash } from 'node:crypto'
import { z } from 'zod'
import { CacheError } from '../../providers/cache/errors.ts'
import { readText, withFileLock, writeAtomic } from '../../providers/cache/file-io.ts'
import type { CacheMode } from '../../providers/cache/mode.ts'
import { displayPath } from '../../providers/cache/paths.ts'
import { stableStringify } from '../../record/stable-json.ts'

/**
 * Embeddings recorded like responses: one JSON file (default
 * `__recordings__/embeddings.json` under the root), keyed by sha256 of
 * (provider, model, text), vectors as base64 of little-endian float64. The
 * cache mode is the responses' one: `off` keeps vectors in memory only,
 * `read-write` reads and adds, `record` always recomputes and rewrites,
 * `replay` never calls the embedding provider (a missing vector fails the
 * matcher, so CI needs no key).
 */
export const EmbeddingFileSchema = z.strictObject({
  version: z.literal(1),
  embeddings: z.record(
    z.string().regex(/^[0-9a-f]{16}$/, 'a 16-hex-digit key'),
    z.strictObject({
      provider: z.string(),
      model: z.string(),
      /** The first 80 characters of the text, for a person reading the diff. */
      text: z.string(),
      dimensions: z.int().positive(),
      /** base64 of the float64 vector (little-endian): replay gives the very scores of the recorded run. */
      vector: z.string(),
    }),
  ),
})

export type EmbeddingFile = z.infer<typeof EmbeddingFileSchema>
type Entry = EmbeddingFile['embeddings'][string]

export interface EmbeddingStoreSettings {
  /** Absolute path of the embeddings file. */
  file: string
  mode: CacheMode
}

export function embeddingKey(provider: string, model: string, text: string): string {
  return createHash('sha256').update(JSON.stringify([provider, model, text])).digest('hex').slice(0, 16)
}

export function encodeVector(vector: readonly number[]): string {
  const floats = Float64Array.from(vector)
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64')
}

export function decodeVector(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64')
  const floats = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  return [...floats]
}

/** The recorded embeddings of one file; writes are merged into the file under a lock. */
export class EmbeddingStore {
  readonly file: string
  readonly mode: CacheMode
  #entries: Map<string, Entry> | null = null
  #loading: Promise<void> | null = null
  readonly #pending = new Map<string, Entry>()
  #writing: Promise<void> = Promise.resolve()

  constructor(settings: EmbeddingStoreSettings) {
    this.file = settings.file
    this.mode = settings.mode
  }

  /** The recorded vector, or null (always null in `off` and `record`). */
  async lookup(key: string): Promise<number[] | null> {
    if (this.mode === 'off' || this.mode === 'record') return null
    await this.#load()
    const entry = this.#pending.get(key) ?? this.#entries?.get(key)
    return entry ? decodeVector(entry.vector) : null
  }

  /** Records a vector (`read-write`, `record`); resolves once the file holds it. */
  async store(key: string, info: { provider: string; model: string; text: string }, vector: readonly number[]): Promise<void> {
    if (this.mode !== 'read-write' && this.mode !== 'record') return
    this.#pending.set(key, { provider: info.provider, model: info.model, text: info.text.slice(0, 80), dimensions: vector.length, vector: encodeVector(vector) })
    // one write at a time; each takes every pending entry, so concurrent stores share writes
    this.#writing = this.#writing.then(() => this.#writePending())
    await this.#writing
  }

  /** The error a `replay` miss fails the matcher with. */
  replayMiss(provider: string, text: string): CacheError {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text
    return new CacheError(
      `no recorded embedding for ${JSON.stringify(preview)} (${provider}) in ${displayPath(this.file)}; ` +
        `replay never calls the embedding provider: run once with LLM_BENCH_CACHE=record (or read-write) to record it`,
      'cache_miss',
    )
  }

  async #load(): Promise<void> {
    this.#loading ??= readEmbeddingFile(this.file).then((file) => {
      this.#entries = new Map(Object.entries(file?.embeddings ?? {}))
    })
    await this.#loading
  }

  async #writePending(): Promise<void> {
    if (this.#pending.size === 0) return
    const batch = new Map(this.#pending)
    await withFileLock(this.file, async () => {
      const onDisk = (await readEmbeddingFile(this.file))?.embeddings ?? {}
      const merged: EmbeddingFile = { version: 1, embeddings: { ...onDisk, ...Object.fromEntries(batch) } }
      await writeAtomic(this.file, `${stableStringify(merged, 1)}\n`)
      this.#entries = new Map(Object.entries(merged.embeddings))
    })
    for (const [key, entry] of batch) if (this.#pending.get(key) === entry) this.#pending.delete(key)
  }
}

/** The file, validated; null when it does not exist. A bad file is a `cache_corrupt` error naming the field. */
export async function readEmbeddingFile(file: string): Promise<EmbeddingFile | null> {
  const text = await readText(file)
  if (text === null) return null
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new CacheError(`${displayPath(file)}: not JSON (${(error as Error).message}); delete it to record the embeddings again`, 'cache_corrupt')
  }
  const parsed = EmbeddingFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    // a bad key's own message ("a 16-hex-digit key") says more than zod's "Invalid key in record"
    const message = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : (issue?.message ?? 'invalid')
    throw new CacheError(
      `${displayPath(file)}: ${issue?.path.join('.') || '(root)'}: ${message}; delete it to record the embeddings again`,
      'cache_corrupt',
    )
  }
  return parsed.data
}
