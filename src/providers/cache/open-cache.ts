import type { NewEntry } from './entry.ts'
import { ReplayMissError } from './errors.ts'
import type { CacheMode } from './mode.ts'
import { recordingPath } from './paths.ts'
import { RecordingSet, type CachedResponse, type CaseKey } from './recording-set.ts'

export interface OpenCacheOptions {
  mode: CacheMode
  /** Absolute path of the dataset file; its recordings are `<dir>/__recordings__/<file name>.recording.yaml`. */
  datasetFile: string
  /**
   * The dataset's cases (pass `dataset.cases` as is: read again only when it is
   * another array): a `record` run prunes entries of any other case. Absent:
   * nothing is pruned.
   */
  cases?: readonly { id: string }[] | undefined
}

/** The response cache of one dataset file. */
export interface ResponseCache {
  readonly mode: CacheMode
  /** The recording file. */
  readonly file: string
  /** The recorded response to this request; always null in `off` and `record` modes. */
  lookup(requestHash: string): CachedResponse | null
  /** Records a response (`read-write`, `record`); resolves once it is written. A no-op in `off` and `replay`. */
  store(entry: NewEntry): Promise<void>
  /** Resolves once every stored entry is written. */
  flush(): Promise<void>
  /** The error a `replay` miss fails its case with (errorClass `cache_miss`). */
  replayMiss(key: CaseKey): ReplayMissError
}

/** One set per recording file in this process, shared by every case of the dataset (and kept across watch re-runs). */
const sets = new Map<string, RecordingSet>()

/**
 * The cache of a dataset file. Cheap to call once per case: the file is read
 * once per process and re-read only when it changed on disk. Rejects with a
 * `CorruptRecordingError` (file:line) when the recording cannot be read.
 */
export async function openCache(options: OpenCacheOptions): Promise<ResponseCache> {
  const file = recordingPath(options.datasetFile)
  if (options.mode === 'off') return offCache(file)
  let set = sets.get(file)
  if (!set || set.mode !== options.mode) {
    set = new RecordingSet(options.mode, file, options.datasetFile)
    sets.set(file, set)
  }
  set.setCases(options.cases)
  await set.refresh()
  return set
}

/** Writes every recording file with stores not yet written (for an end-of-run hook). */
export async function flushCaches(): Promise<void> {
  await Promise.all([...sets.values()].map((set) => set.flush()))
}

/** Forgets every open recording file (tests). */
export function forgetCaches(): void {
  sets.clear()
}

function offCache(file: string): ResponseCache {
  return {
    mode: 'off',
    file,
    lookup: () => null,
    store: () => Promise.resolve(),
    flush: () => Promise.resolve(),
    replayMiss: (key) => new ReplayMissError({ ...key, recordingFile: file }),
  }
}
