import { statSync } from 'node:fs'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { caseTextsCached, type CaseTexts } from '../../dataset/case-texts.ts'
import { sourceFormat } from '../../dataset/parse-source.ts'
import type { PreloadedTexts } from './case-context.ts'
import { newThreadSignal, threadGone, waitPosted, workerModule } from '../thread-signal.ts'

/** What the reading thread posts: a file's texts (null: it gives none), or that it cannot read any. */
export type PreloadMessage = { file: string; texts: CaseTexts[] | null } | { failed: string }

/** The thread's young generation (V8 lets a busy one grow to 64 MB a semi-space). */
const YOUNG_GENERATION_MB = 16

/**
 * The thread's old generation. A YAML parse's nodes outlive the young generation, and
 * without a bound V8 lets them pile up to several times what is live before it collects
 * (bench:reporter's 10 files of 0.9 MB: the process peaked 100-150 MB higher). A parse
 * holds ~60 bytes a byte of YAML: READ_AHEAD_MAX_BYTES keeps a file well inside it.
 */
const OLD_GENERATION_MB = 256

/**
 * report.html's side-by-side texts (case-context.ts), read from the dataset
 * files on a worker thread while the run's end makes its first passes over
 * the records: a YAML file is slow to parse (the `yaml` package reads ~3 MB/s;
 * 33,000 cases in 10 files took 3.1 s of a 100,000-record end of run), and at
 * the run's end a second core is free. The texts come back raw; the page cuts
 * and redacts them in this thread, which holds the run's secrets.
 *
 * `take` is synchronous (the artifacts' pass is): it blocks on a shared
 * counter (`Atomics.wait`) until the thread has posted the file, then takes
 * the message with `receiveMessageOnPort`. Where the thread cannot be started
 * (TypeScript sources on a Node without type stripping), failed, or is too
 * slow, `take` gives undefined and the file is read in this thread as before.
 */
export class CaseContextPreload implements PreloadedTexts {
  readonly #worker: Worker | null
  readonly #port: MessagePort | null
  /** Messages the thread has posted, and its OS thread (see thread-signal.ts). */
  readonly #shared = newThreadSignal()
  #taken = 0
  /** Requested files and their sizes in bytes (0 when unknown). */
  readonly #requested = new Map<string, number>()
  readonly #texts = new Map<string, CaseTexts[] | null>()
  readonly #received = new Set<string>()
  #failed: boolean
  /** The thread was seen to have ended. */
  #ended = false
  /** `endRequests` was called. */
  #lastRequested = false

  /** `oldGenerationMb`: the thread's old generation (tests make one that runs out). */
  constructor(limits: { oldGenerationMb?: number } = {}) {
    const entry = workerModule('case-context-worker', import.meta.url)
    const { port1, port2 } = new MessageChannel()
    let worker: Worker | null = null
    try {
      // a small young generation: the parse's garbage is short-lived, and a large one is resident memory for nothing
      const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, maxOldGenerationSizeMb: limits.oldGenerationMb ?? OLD_GENERATION_MB }
      if (entry) worker = new Worker(entry, { workerData: { port: port2, shared: this.#shared }, transferList: [port2], resourceLimits })
    } catch {
      // no thread to be had (the process's limits): every file is read where it is wanted
    }
    this.#worker = worker
    this.#port = worker ? port1 : null
    this.#failed = worker === null
    if (!worker) {
      port1.close()
      port2.close()
      return
    }
    // never keeps the process alive, and a thread that fails is read around (take gives undefined)
    worker.unref()
    worker.on('error', () => undefined)
  }

  /** Whether files are being read on the thread (false once it could not start, failed, was too slow or was let go). */
  get threaded(): boolean {
    return !this.#failed
  }

  /** Whether the thread is still there, as far as can be seen (Linux: its OS thread; elsewhere, until let go). */
  get alive(): boolean {
    return this.#worker !== null && !this.#failed && !this.#gone()
  }

  /** Read `file` ahead (once; later calls for it change nothing); `bytes`: its size, when the caller has it (else it is looked up). */
  request(file: string, bytes: number = sizeOf(file)): void {
    if (this.#failed || this.#lastRequested || this.#requested.has(file)) return
    this.#requested.set(file, bytes)
    this.#worker?.postMessage(file)
  }

  take(file: string): CaseTexts[] | null | undefined {
    if (!this.#requested.has(file)) return undefined
    const deadline = performance.now() + this.#patienceMs()
    for (;;) {
      this.#drain()
      if (this.#texts.has(file)) {
        const texts = this.#texts.get(file) ?? null
        this.#texts.delete(file)
        return texts
      }
      const left = deadline - performance.now()
      // a thread that ended has posted all it ever will: what it posted last is drained once more above
      if (this.#failed || left <= 0 || this.#ended) {
        this.close()
        return undefined
      }
      // waits in short steps: the thread's end shows only between them
      this.#ended = this.#gone()
      if (!this.#ended) waitPosted(this.#shared, this.#taken, left)
    }
  }

  /**
   * No file will be requested after this: the thread ends once it has posted the last one
   * (its heap, the parses' garbage, goes with it; what it posted stays to be taken).
   */
  endRequests(): void {
    if (this.#lastRequested) return
    this.#lastRequested = true
    this.#worker?.postMessage(null)
  }

  /** Lets the thread go (what it had not posted is read in this thread if wanted). */
  close(): void {
    this.#failed = true
    this.#port?.close()
    void this.#worker?.terminate()
  }

  /**
   * Whether the thread has ended (ran out of memory, failed to load): its events cannot
   * come while this thread waits, but its OS thread is gone from `/proc/self/task` (Linux;
   * elsewhere a dead thread is found by the wait's bound, `#patienceMs`).
   */
  #gone(): boolean {
    return threadGone(this.#shared)
  }

  /**
   * How long to wait for the thread: what it has still to read, at a pace far below its own
   * (10 s, and 2 s a MB): where a dead thread cannot be seen (`#gone`), that is lost once,
   * then every file is read here.
   */
  #patienceMs(): number {
    let bytes = 0
    for (const [file, size] of this.#requested) if (!this.#received.has(file)) bytes += size
    return 10_000 + (bytes / 1e6) * 2_000
  }

  #drain(): void {
    if (!this.#port) return
    for (let message = receiveMessageOnPort(this.#port); message !== undefined; message = receiveMessageOnPort(this.#port)) {
      this.#taken++
      const posted = message.message as PreloadMessage
      if ('failed' in posted) this.#failed = true
      else {
        this.#texts.set(posted.file, posted.texts)
        this.#received.add(posted.file)
      }
    }
  }
}

/**
 * YAML dataset files together at least this large are read on a thread: less parses in a few
 * tenths of a second, less than a thread's start and its heap cost.
 */
export const READ_AHEAD_FROM_BYTES = 256 * 1024

/** A YAML dataset file larger than this is read where it is wanted: its parse could outgrow the thread's old generation (a 4 MB file fits in it, an 8 MB one does not). */
const READ_AHEAD_MAX_BYTES = 3 * 1024 * 1024

/**
 * The size of a dataset file that may be read on a thread, or 0 when it is read where it is
 * wanted: a YAML file (the `yaml` package parses ~1.5–3 MB/s here) of up to READ_AHEAD_MAX_BYTES.
 * JSON parses at hundreds of MB/s (100,000 cases in 4 files: 0.26–0.49 s with the schema check),
 * less than a thread's start and its heap (~50 MB in the main process) cost.
 */
export function readAheadBytes(file: string): number {
  return quickToRead(file) ? 0 : yamlBytesForThread(file)
}

/** A file whose texts are read in a fraction of a YAML parse: JSON, or YAML whose texts the run's workers stored (case-texts-cache.ts). */
export function quickToRead(file: string): boolean {
  return sourceFormat(file) !== 'yaml' || caseTextsCached(file)
}

/** A YAML file's size when a thread may read it (up to READ_AHEAD_MAX_BYTES), else 0 (see readAheadBytes). */
export function yamlBytesForThread(file: string): number {
  const size = sizeOf(file)
  return size <= READ_AHEAD_MAX_BYTES ? size : 0
}

/** A file's size in bytes, 0 when it is gone (the thread then finds it gone, and says so at once). */
function sizeOf(file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}
