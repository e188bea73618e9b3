import { createHash } from 'node:crypto'
import { z } from 'zod'
import { CacheError } from '../../providers/cache/errors.ts'
import { readText, withFileLock, writeAtomic } from '../../providers/cache/file-io.ts'
import type { CacheMode } from '../../providers/cache/mode.ts'
import { displayPath } from '../../providers/cache/paths.ts'
import { redactValue } from '../../providers/redaction/registry.ts'
import { stableStringify } from '../../record/stable-json.ts'

/**
 * Evaluator calls recorded like responses (embeddings, judge answers): one
 * JSON file `{ version: 1, entries: { <16-hex key>: entry } }`, keys sorted.
 * The cache mode is the responses' one: `off` records nothing, `read-write`
 * reads and adds, `record` always calls and rewrites, `replay` never calls (a
 * missing entry is a `cache_miss` error, so CI needs no key).
 */
export function recordingFileSchema<E extends z.ZodType>(entry: E) {
  return z.strictObject({
    version: z.literal(1),
    entries: z.record(z.string().regex(/^[0-9a-f]{16}$/, 'a 16-hex-digit key'), entry),
  })
}

/** sha256 (16 hex) of the JSON of the parts. */
export function recordingKey(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16)
}

export interface KeyedStoreSettings<E extends z.ZodType> {
  /** Absolute path of the file. */
  file: string
  mode: CacheMode
  entry: E
  /** What an entry is, for messages: `embedding`, `judge answer`. */
  what: string
}

/** The recorded entries of one file; writes are merged into the file under a lock. */
export class KeyedStore<E extends z.ZodType> {
  readonly file: string
  readonly mode: CacheMode
  readonly #settings: KeyedStoreSettings<E>
  #entries: Map<string, z.output<E>> | null = null
  #loading: Promise<void> | null = null
  readonly #pending = new Map<string, z.output<E>>()
  #writing: Promise<void> = Promise.resolve()

  constructor(settings: KeyedStoreSettings<E>) {
    this.file = settings.file
    this.mode = settings.mode
    this.#settings = settings
  }

  /** The recorded entry, or null (always null in `off` and `record`). */
  async lookup(key: string): Promise<z.output<E> | null> {
    if (this.mode === 'off' || this.mode === 'record') return null
    await this.#load()
    return this.#pending.get(key) ?? this.#entries?.get(key) ?? null
  }

  /** Records an entry (`read-write`, `record`); resolves once the file holds it. */
  async store(key: string, entry: z.output<E>): Promise<void> {
    if (this.mode !== 'read-write' && this.mode !== 'record') return
    // a recording is committed to git: no secret (a judge answer repeating one) goes in
    this.#pending.set(key, redactValue(entry))
    // one write at a time; each takes every pending entry, so concurrent stores share writes
    this.#writing = this.#writing.then(() => this.#writePending())
    await this.#writing
  }

  /** The error a `replay` miss fails the matcher with; `about` names the call (provider, text). */
  replayMiss(about: string): CacheError {
    return new CacheError(
      `no recorded ${this.#settings.what} for ${about} in ${displayPath(this.file)}; ` +
        `replay never calls the provider: run once with LLM_BENCH_CACHE=record (or read-write) to record it`,
      'cache_miss',
    )
  }

  async #load(): Promise<void> {
    this.#loading ??= this.#read().then((entries) => {
      this.#entries = new Map(Object.entries(entries))
    })
    await this.#loading
  }

  async #writePending(): Promise<void> {
    if (this.#pending.size === 0) return
    const batch = new Map(this.#pending)
    await withFileLock(this.file, async () => {
      const entries = { ...(await this.#read()), ...Object.fromEntries(batch) }
      await writeAtomic(this.file, `${stableStringify({ version: 1, entries }, 1)}\n`)
      this.#entries = new Map(Object.entries(entries))
    })
    for (const [key, entry] of batch) if (this.#pending.get(key) === entry) this.#pending.delete(key)
  }

  /** The file's entries, validated ({} when it does not exist); a bad file is a `cache_corrupt` error naming the field. */
  async #read(): Promise<Record<string, z.output<E>>> {
    const { file } = this
    const text = await readText(file)
    if (text === null) return {}
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (error) {
      throw new CacheError(`${displayPath(file)}: not JSON (${(error as Error).message}); delete it to record again`, 'cache_corrupt')
    }
    const parsed = recordingFileSchema(this.#settings.entry).safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      // a bad key's own message ("a 16-hex-digit key") says more than zod's "Invalid key in record"
      const message = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : (issue?.message ?? 'invalid')
      throw new CacheError(`${displayPath(file)}: ${issue?.path.join('.') || '(root)'}: ${message}; delete it to record again`, 'cache_corrupt')
    }
    return parsed.data.entries as Record<string, z.output<E>>
  }
}
