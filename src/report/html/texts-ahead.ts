import type { CaseTexts } from '../../dataset/case-texts.ts'
import { readTexts, type PreloadedTexts } from './case-context.ts'
import { CaseContextPreload, quickToRead, READ_AHEAD_FROM_BYTES, yamlBytesForThread } from './case-context-preload.ts'

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
 *
 * `readHere`: pass 1 is made while the run goes (followed-run.ts), so the files that are quick to
 * read (JSON, and YAML whose texts are cached) are read on this thread as they are seen, not in
 * the run's end: at 100,000 cases in 4 JSON files that read (a parse and the schema's check) was
 * ~0.4 s of the end. Their texts are held raw until the end takes them (it cuts and redacts them).
 */
export class TextsAhead {
  preload: CaseContextPreload | null = null
  readonly #seen = new Set<string>()
  /** Files a thread may read, until there are enough of them. */
  readonly #waiting: { file: string; bytes: number }[] = []
  #waitingBytes = 0
  /** With `readHere`: the texts of the files read on this thread as they were seen, until taken. */
  readonly #readHere: Map<string, CaseTexts[] | null> | null

  constructor(options: { readHere?: boolean } = {}) {
    this.#readHere = options.readHere ? new Map() : null
  }

  see(first: RecordsSeen): void {
    if (first.count < READ_TEXTS_AHEAD_FROM || first.datasetFiles.size === this.#seen.size) return
    for (const file of first.datasetFiles) {
      if (this.#seen.has(file)) continue
      this.#seen.add(file)
      // each file's kind looked up once (a YAML file's cache lookup reads and hashes it)
      const quick = quickToRead(file)
      if (quick && this.#readHere) {
        this.#readHere.set(file, readTexts(file))
        continue
      }
      const bytes = quick ? 0 : yamlBytesForThread(file)
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

  /**
   * Every dataset file has been seen: the texts read ahead (here or on the thread, whose
   * requests end), for the artifacts' pass; undefined when none was read ahead. The caller
   * closes `preload`.
   */
  texts(): PreloadedTexts | undefined {
    this.preload?.endRequests()
    const thread = this.preload ?? undefined
    const here = this.#readHere
    if (!here || here.size === 0) return thread
    return {
      take(file: string): CaseTexts[] | null | undefined {
        if (!here.has(file)) return thread?.take(file)
        const texts = here.get(file) ?? null
        here.delete(file)
        return texts
      },
    }
  }
}
