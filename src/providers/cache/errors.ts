import { displayPath } from './paths.ts'

export type CacheErrorClass = 'cache_miss' | 'cache_corrupt' | 'cache_write'

/** A failure of the response cache; `errorClass` is the class for the case record. */
export class CacheError extends Error {
  override name = 'CacheError'
  readonly errorClass: CacheErrorClass

  constructor(message: string, errorClass: CacheErrorClass, options?: { cause?: unknown }) {
    super(message, options)
    this.errorClass = errorClass
  }
}

export function isCacheError(error: unknown): error is CacheError {
  return error instanceof CacheError
}

export interface ReplayMissInfo {
  caseId: string
  provider: string
  requestHash: string
  recordingFile: string
  /** The hashes this case is recorded under for this provider (other requests than this one). */
  recordedHashes?: readonly string[] | undefined
}

/** Replay mode: the request has no recording, and replay never calls a provider. */
export class ReplayMissError extends CacheError {
  override name = 'ReplayMissError'
  readonly info: ReplayMissInfo

  constructor(info: ReplayMissInfo) {
    super(replayMissMessage(info), 'cache_miss')
    this.info = info
  }
}

function replayMissMessage(info: ReplayMissInfo): string {
  const file = displayPath(info.recordingFile)
  const why =
    info.recordedHashes !== undefined && info.recordedHashes.length > 0
      ? `it is recorded only for ${info.recordedHashes.length === 1 ? 'request' : 'requests'} ${info.recordedHashes.join(', ')}: the prompt, parameters or model changed since it was recorded`
      : `${file} has no entry for it`
  return (
    `no recording of case "${info.caseId}" on ${info.provider} (request ${info.requestHash}): ${why}. ` +
    `Cache mode replay never calls a provider; run once with LLM_BENCH_CACHE=record (or cache: 'record') and commit ${file}`
  )
}

/** A recording file that cannot be read: names the file and line. */
export class CorruptRecordingError extends CacheError {
  override name = 'CorruptRecordingError'
  constructor(file: string, line: number | null, column: number | null, problem: string) {
    const where = line === null ? displayPath(file) : `${displayPath(file)}:${line}${column === null ? '' : `:${column}`}`
    super(
      `corrupt recording file ${where}: ${problem}. Fix it, or delete it (or the entry) and re-record with LLM_BENCH_CACHE=record`,
      'cache_corrupt',
    )
  }
}
