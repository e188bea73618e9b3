import { CaseContextPreload, READ_AHEAD_FROM_BYTES, readAheadBytes } from './case-context-preload.ts'

/** What pass 1 of a run's end has seen so far: how many records, and the dataset files they name. */
export interface RecordsSeen {
  readonly count: number
  readonly datasetFiles: ReadonlySet<string>
}

/** Records from which report.html's texts are read ahead: below it the read is quick, and a thread costs more than it saves. */
export const READ_TEXTS_AHEAD_FROM = 5_000

/**
 * Starts reading the dataset files' texts ahead (case-context-preload.ts) once pass 1 has seen
 * READ_TEXTS_AHEAD_FROM records and the YAML files it has seen that a thread may read come to
 * READ_AHEAD_FROM_BYTES together (ten files of 94 KB parse in 0.65 s as well as one of 940 KB):
 * those files then, and each such file seen after.
 */
export class TextsAhead {
  preload: CaseContextPreload | null = null
  readonly #seen = new Set<string>()
  /** Files a thread may read, until there are enough of them. */
  readonly #waiting: { file: string; bytes: number }[] = []
  #waitingBytes = 0

  see(first: RecordsSeen): void {
    if (first.count < READ_TEXTS_AHEAD_FROM || first.datasetFiles.size === this.#seen.size) return
    for (const file of first.datasetFiles) {
      if (this.#seen.has(file)) continue
      this.#seen.add(file)
      const bytes = readAheadBytes(file)
      if (bytes === 0) continue
      if (this.preload) {
        this.preload.request(file, bytes)
        continue
      }
      this.#waiting.push({ file, bytes })
      this.#waitingBytes += bytes
      if (this.#waitingBytes < READ_AHEAD_FROM_BYTES) continue
      const preload = new CaseContextPreload()
      for (const waiting of this.#waiting) preload.request(waiting.file, waiting.bytes)
      this.#waiting.length = 0
      this.preload = preload
    }
  }
}
