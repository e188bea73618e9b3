import { type RecordingEntry } from './entry.ts'
import { CacheError } from './errors.ts'
import { readText, withFileLock, writeAtomic } from './file-io.ts'
import { parseRecording, serializeRecording } from './format.ts'
import { displayPath } from './paths.ts'

export interface PruneResult {
  file: string
  /** Entries left in the file. */
  kept: number
  /** Entries taken out (or that would be, in a dry run), in file order. */
  removed: RecordingEntry[]
  /** The file was rewritten (never in a dry run, nor when nothing was removed). */
  written: boolean
}

/**
 * Takes out of a recording file every entry whose request hash is not in
 * `used` (the hashes the dataset's cases send to the project's providers now).
 * An entry is kept when any case uses its request: the cache answers by
 * request hash, whichever case recorded it. Nothing is written when nothing
 * is removed, or in a dry run. A missing file is a `CacheError` naming it; a
 * corrupt one a `CorruptRecordingError` (file, line, field).
 */
export async function pruneRecording(file: string, datasetFile: string, used: ReadonlySet<string>, options: { dryRun: boolean }): Promise<PruneResult> {
  const prune = async (): Promise<PruneResult> => {
    const text = await readText(file)
    if (text === null) throw new CacheError(`no recording file ${displayPath(file)}`, 'cache_corrupt')
    const entries = parseRecording(text, file)
    const kept = entries.filter((entry) => used.has(entry.requestHash))
    const removed = entries.filter((entry) => !used.has(entry.requestHash))
    const written = !options.dryRun && removed.length > 0
    if (written) await writeAtomic(file, serializeRecording(kept, datasetFile))
    return { file, kept: kept.length, removed, written }
  }
  // a dry run changes nothing and takes no lock; a real one takes turns with runs writing the file
  return options.dryRun ? prune() : withFileLock(file, prune)
}
