import { compareEntries, entryKey, type RecordingEntry } from './entry.ts'

/**
 * The file's entries after a write: those on disk, each replaced by a stored
 * entry of the same case, provider and request (a changed request is one more
 * entry: the old one stays, for a reverted prompt), less those of cases not in
 * `liveCaseIds` (a record run's pruning; null: prune nothing), in stable order.
 */
export function mergeEntries(
  base: readonly RecordingEntry[],
  stored: readonly RecordingEntry[],
  liveCaseIds: ReadonlySet<string> | null,
): RecordingEntry[] {
  const byKey = new Map<string, RecordingEntry>()
  for (const entry of base) byKey.set(entryKey(entry), entry)
  for (const entry of stored) byKey.set(entryKey(entry), entry)
  return [...byKey.values()].filter((entry) => liveCaseIds === null || liveCaseIds.has(entry.caseId)).sort(compareEntries)
}
