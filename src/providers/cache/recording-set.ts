import { redactValue } from '../redaction/registry.ts'
import type { ProviderResponse } from '../types.ts'
import { ReplayMissError } from './errors.ts'
import { compareEntries, entryKey, sameResponse, toEntry, type NewEntry, type RecordingEntry } from './entry.ts'
import { readText, stampOf, withFileLock, writeAtomic, type FileStamp } from './file-io.ts'
import { parseRecording, serializeRecording } from './format.ts'
import { mergeEntries } from './merge.ts'
import type { CacheMode } from './mode.ts'

export interface CachedResponse {
  /** The recorded response, with the timings measured when it was recorded. */
  response: ProviderResponse
  entry: RecordingEntry
}

export interface CaseKey {
  caseId: string
  provider: string
  requestHash: string
}

/**
 * One recording file in one process: its entries in memory, stores written
 * back as whole files (coalesced: while one write runs, later stores wait for
 * a single next one), each write a locked read-merge-write so another process
 * writing the same file loses nothing.
 */
export class RecordingSet {
  readonly mode: Exclude<CacheMode, 'off'>
  readonly file: string
  readonly datasetFile: string
  #entries = new Map<string, RecordingEntry>()
  #byHash: Map<string, RecordingEntry> | null = null
  #stamp: FileStamp | null = null
  #loading: Promise<void> | null = null
  #pending = new Map<string, RecordingEntry>()
  #writing: Promise<void> | null = null
  #queued: Promise<void> | null = null
  #cases: readonly { id: string }[] | null = null
  #caseIds: ReadonlySet<string> | null = null

  constructor(mode: Exclude<CacheMode, 'off'>, file: string, datasetFile: string) {
    this.mode = mode
    this.file = file
    this.datasetFile = datasetFile
  }

  /** The dataset's cases, for a record run's pruning. */
  setCases(cases: readonly { id: string }[] | undefined): void {
    if (!cases || cases === this.#cases) return
    this.#cases = cases
    this.#caseIds = new Set(cases.map((c) => c.id))
  }

  /**
   * (Re)reads the file when it changed since this process last read or wrote
   * it; never while a write is due. In `record` mode too: nothing is replayed,
   * but an answer that did not change is not written again.
   */
  refresh(): Promise<void> {
    if (this.#writing || this.#pending.size > 0) return Promise.resolve()
    // a record run replays nothing: a file it cannot read is the write's problem (it reads the file again)
    this.#loading ??= (this.mode === 'record' ? this.#reload().catch(() => undefined) : this.#reload()).finally(() => {
      this.#loading = null
    })
    return this.#loading
  }

  async #reload(): Promise<void> {
    const stamp = await stampOf(this.file)
    if (stamp === this.#stamp) return
    const text = await readText(this.file)
    const entries = text === null ? [] : parseRecording(text, this.file)
    // a store that came in meanwhile is newer than what was read: its write reads the file again
    if (this.#writing || this.#pending.size > 0) return
    this.#setEntries(entries)
    this.#stamp = stamp
  }

  lookup(requestHash: string): CachedResponse | null {
    if (this.mode === 'record') return null
    this.#byHash ??= indexByHash(this.#entries.values())
    const entry = this.#byHash.get(requestHash)
    return entry ? { response: { ...entry.response }, entry } : null
  }

  /**
   * Records a response; resolves once it is in the file (writes coalesce).
   * Replay mode records nothing. An entry of the same case, provider and
   * request whose answer is the same (output, finish reason, model, usage) is
   * kept as it is, timings and `recordedAt` included: re-recording unchanged
   * answers leaves the file byte for byte as it was.
   */
  store(newEntry: NewEntry): Promise<void> {
    if (this.mode === 'replay') return Promise.resolve()
    // a recording is committed to git: no secret (an echoed key, a model output repeating one) goes in
    const entry = redactValue(toEntry(newEntry))
    const key = entryKey(entry)
    const recorded = this.#pending.get(key) ?? this.#entries.get(key)
    if (recorded && sameResponse(recorded.response, entry.response) && !this.#prunesCases()) {
      return this.#pending.has(key) ? this.#requestWrite() : Promise.resolve()
    }
    this.#entries.set(key, entry)
    this.#byHash = null
    this.#pending.set(key, entry)
    return this.#requestWrite()
  }

  /** Resolves once every stored entry is in the file. */
  async flush(): Promise<void> {
    while (this.#writing || this.#pending.size > 0) {
      await (this.#pending.size > 0 ? this.#requestWrite() : this.#writing)
    }
  }

  replayMiss(key: CaseKey): ReplayMissError {
    const recordedHashes = [...this.#entries.values()]
      .filter((e) => e.caseId === key.caseId && e.provider === key.provider && e.requestHash !== key.requestHash)
      .map((e) => e.requestHash)
      .sort()
    return new ReplayMissError({ ...key, recordingFile: this.file, recordedHashes })
  }

  /** A record run's write is due anyway when the file has entries of cases the dataset no longer has. */
  #prunesCases(): boolean {
    const live = this.#caseIds
    if (this.mode !== 'record' || live === null) return false
    for (const entry of this.#entries.values()) if (!live.has(entry.caseId)) return true
    return false
  }

  #requestWrite(): Promise<void> {
    if (this.#queued) return this.#queued
    if (!this.#writing) return this.#startWrite()
    const queued = this.#writing
      .catch(() => undefined)
      .then(() => {
        this.#queued = null
        return this.#startWrite()
      })
    this.#queued = queued
    return queued
  }

  #startWrite(): Promise<void> {
    const writing = this.#write().finally(() => {
      if (this.#writing === writing) this.#writing = null
    })
    this.#writing = writing
    return writing
  }

  async #write(): Promise<void> {
    const batch = this.#pending
    this.#pending = new Map()
    try {
      await withFileLock(this.file, async () => {
        const merged = mergeEntries(await this.#onDisk(), [...batch.values()], this.mode === 'record' ? this.#caseIds : null)
        await writeAtomic(this.file, serializeRecording(merged, this.datasetFile))
        this.#stamp = await stampOf(this.file)
        this.#setEntries(mergeEntries(merged, [...this.#pending.values()], null))
      })
    } catch (error) {
      for (const [key, entry] of batch) if (!this.#pending.has(key)) this.#pending.set(key, entry)
      throw error
    }
  }

  /** The file's entries: from memory when the file is as this process last read or wrote it, else read again. */
  async #onDisk(): Promise<RecordingEntry[]> {
    const stamp = await stampOf(this.file)
    if (stamp === this.#stamp) return [...this.#entries.values()]
    const text = await readText(this.file)
    return text === null ? [] : parseRecording(text, this.file)
  }

  #setEntries(entries: readonly RecordingEntry[]): void {
    this.#entries = new Map(entries.map((entry) => [entryKey(entry), entry]))
    this.#byHash = null
  }
}

/** The first entry (in file order) of each request hash: two cases may send the same request. */
function indexByHash(entries: Iterable<RecordingEntry>): Map<string, RecordingEntry> {
  const index = new Map<string, RecordingEntry>()
  for (const entry of [...entries].sort(compareEntries)) if (!index.has(entry.requestHash)) index.set(entry.requestHash, entry)
  return index
}
