import { unlinkSync } from 'node:fs'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import { FileWriteError, temporaryName } from '../../record/atomic-write.ts'
import type { JsonlLineMap } from '../record-source.ts'
import type { RunResults } from '../results-schema.ts'
import { askToStop, newThreadSignal, threadAnnounced, threadGone, waitPosted, workerModule, type ThreadSignal } from '../thread-signal.ts'

/** Where results.json's records are: the run's results.jsonl lines, the order results.json lists them in, and the run's id. */
export interface ResultsJsonLines {
  map: JsonlLineMap
  /** Positions in `map` (its file's lines, then its `extra` records), in results.json's order. */
  order: Uint32Array
  runId: string
}

/** What the thread is given (results-json-worker.ts). */
export interface ResultsJsonWork {
  port: MessagePort
  signal: ThreadSignal
  file: string
  temporary: string
  /** The run's results without its cases (the thread writes those from the lines). */
  results: RunResults
  lines: Omit<JsonlLineMap, 'extra'>
  order: Uint32Array
  /** The records after the file's lines, each as its JSON text (with the run's id), in shared memory (nothing to copy into the thread's heap): the i-th is `extra[ends[i-1], ends[i])`. */
  extra: { text: Uint8Array; ends: Float64Array }
  runId: string
}

/** A FileWriteError as the thread met it: the file, its errno code and its cause's message. */
export interface FileErrorInfo {
  file: string
  code: string | null
  cause: string
}

/** What the thread posts: every record written (and flushed), results.json renamed in place, its temporary file removed, or what failed. */
export type ResultsJsonMessage = { written: true } | { committed: true } | { aborted: true } | { failed: string; fileError?: FileErrorInfo | undefined }

/**
 * Lines together at least this large are copied on a thread: below it the thread's start and heap
 * (~40 MB of RSS) cost more than the copy it takes off the main thread. Measured in a fresh process
 * (bench:reporter's records, alternating): 35 MB of lines (10,000 records) took the same time with
 * the thread and 35-45 MB more memory; 119 MB (bench:scale's 100,000) 5.7-6.1 -> 4.8-5.1 s.
 */
export const THREAD_FROM_BYTES = 64 * 1024 * 1024

/** Whether results.json is worth writing on a thread for these lines (see THREAD_FROM_BYTES). */
export function worthAThread(map: JsonlLineMap): boolean {
  let bytes = 0
  for (const length of map.lengths) bytes += length
  return bytes >= THREAD_FROM_BYTES
}

/** A thread that has not started its module by then is taken to have died starting (a start takes milliseconds). */
const START_MS = 10_000

/** The thread's young generation: it makes little garbage (a line is copied, not parsed). */
const YOUNG_GENERATION_MB = 16

/**
 * `results.json` written on a worker thread while this one makes the other
 * artifacts (CSVs, report.html) from the same records. Its cases are the
 * run's results.jsonl lines copied and indented (ResultsJsonWriter.addLine):
 * no parse, so the thread needs only where the lines are, not the records.
 * At a 100,000-case run's end that is ~1.3 s of copying, plus the disk's
 * flush of a file of hundreds of MB, taken off the main thread.
 *
 * The same guarantees as ResultsJsonWriter in this thread: the file is
 * written to a temporary name and renamed over results.json only at
 * `commit`, which the caller calls once every other artifact is on disk;
 * `abort` removes it. The waits are synchronous (the run's end is): a shared
 * counter is waited on (`Atomics.wait`) and the message taken with
 * `receiveMessageOnPort`. A thread that cannot start gives null from `start`;
 * one that fails other than on the disk, or dies, makes `written` false with
 * no file left, and the caller writes results.json itself.
 */
export class ResultsJsonThread {
  readonly file: string
  readonly #worker: Worker
  readonly #port: MessagePort
  readonly #signal: ThreadSignal
  readonly #temporary: string
  /** How long to wait at most where the thread's end cannot be seen (no /proc). */
  readonly #patienceMs: number
  #taken = 0
  #done = false
  readonly #startedAt = performance.now()

  private constructor(file: string, worker: Worker, port: MessagePort, signal: ThreadSignal, temporary: string, bytes: number) {
    this.file = file
    this.#worker = worker
    this.#port = port
    this.#signal = signal
    this.#temporary = temporary
    // far below the thread's pace (100-200 MB/s of lines here): 30 s, and 1 s each 5 MB
    this.#patienceMs = 30_000 + (bytes / 5e6) * 1_000
  }

  /**
   * The thread, started; null when there is none to be had (then results.json is written in this
   * thread). `limits.oldGenerationMb`: the thread's old generation (tests make one that runs out).
   */
  static start(file: string, results: RunResults, lines: ResultsJsonLines, limits: { oldGenerationMb?: number } = {}): ResultsJsonThread | null {
    const entry = workerModule('results-json-worker', import.meta.url)
    if (!entry) return null
    const { map, order, runId } = lines
    const { port1, port2 } = new MessageChannel()
    const signal = newThreadSignal()
    const temporary = temporaryName(file)
    const work: ResultsJsonWork = {
      port: port2,
      signal,
      file,
      temporary,
      results: { ...results, cases: [] },
      lines: { file: map.file, offsets: map.offsets, lengths: map.lengths },
      order,
      extra: sharedTexts(map.extra.map((record) => JSON.stringify({ ...record, runId }))),
      runId,
    }
    const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...(limits.oldGenerationMb === undefined ? {} : { maxOldGenerationSizeMb: limits.oldGenerationMb }) }
    let worker: Worker
    try {
      worker = new Worker(entry, { workerData: work, transferList: [port2], resourceLimits })
    } catch {
      // no thread to be had (the process's limits), or results that cannot be sent
      port1.close()
      port2.close()
      return null
    }
    // never keeps the process alive; its failures come as messages, or as its end
    worker.unref()
    worker.on('error', () => undefined)
    let bytes = 0
    for (const length of map.lengths) bytes += length
    return new ResultsJsonThread(file, worker, port1, signal, temporary, bytes)
  }

  /**
   * Waits until every record is written and flushed to the disk. True: `commit` renames it
   * into place. False: the thread was lost (failed other than on the disk, died, or never
   * answered), nothing of it is left, and results.json is to be written in this thread.
   * Throws the FileWriteError the thread met (the disk), with nothing of it left.
   */
  written(): boolean {
    const message = this.#next()
    if (message && 'written' in message) return true
    this.#end()
    if (message && 'failed' in message && message.fileError) throw fileWriteError(message.fileError)
    return false
  }

  /** Renames the written file over results.json (after `written` gave true); throws the FileWriteError the thread met. */
  commit(): void {
    this.#worker.postMessage('commit')
    const message = this.#next()
    this.#end()
    if (message && 'committed' in message) return
    if (message && 'failed' in message && message.fileError) throw fileWriteError(message.fileError)
    throw new Error(`${this.file}: not renamed into place (${message && 'failed' in message ? message.failed : 'the thread writing it ended'})`)
  }

  /** Stops the thread and leaves no file of it (results.json as it was); safe to call at any time, also twice. */
  abort(): void {
    if (this.#done) return
    askToStop(this.#signal)
    this.#worker.postMessage('abort')
    this.#next()
    this.#end()
  }

  /** The thread's next message, or undefined when it ended (or was too slow) without one. */
  #next(): ResultsJsonMessage | undefined {
    if (this.#done) return undefined
    const deadline = performance.now() + this.#patienceMs
    for (;;) {
      const received = receiveMessageOnPort(this.#port)
      if (received !== undefined) {
        this.#taken++
        return received.message as ResultsJsonMessage
      }
      const now = performance.now()
      const left = deadline - now
      // a thread that ended has posted all it ever will: its last message was taken above;
      // one that never started its module (it died loading) is not waited for longer than a start takes
      if (left <= 0 || threadGone(this.#signal) || (!threadAnnounced(this.#signal) && now - this.#startedAt > START_MS)) return undefined
      waitPosted(this.#signal, this.#taken, left)
    }
  }

  /** The thread let go; a temporary file it may have left is removed. */
  #end(): void {
    if (this.#done) return
    this.#done = true
    this.#port.close()
    void this.#worker.terminate()
    removeQuietly(this.#temporary)
  }
}

/** Texts as UTF-8 in one shared buffer, and where each ends. */
function sharedTexts(texts: readonly string[]): { text: Uint8Array; ends: Float64Array } {
  const encoded = texts.map((t) => Buffer.from(t, 'utf8'))
  const ends = new Float64Array(new SharedArrayBuffer(Math.max(1, encoded.length) * Float64Array.BYTES_PER_ELEMENT))
  let size = 0
  encoded.forEach((bytes, i) => {
    size += bytes.length
    ends[i] = size
  })
  const text = new Uint8Array(new SharedArrayBuffer(Math.max(1, size)))
  let at = 0
  for (const bytes of encoded) {
    text.set(bytes, at)
    at += bytes.length
  }
  return { text, ends }
}

/** The FileWriteError the thread met, made again here (same file, code and message). */
function fileWriteError(info: FileErrorInfo): FileWriteError {
  const cause = new Error(info.cause)
  return new FileWriteError(info.file, info.code === null ? cause : Object.assign(cause, { code: info.code }))
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // gone already (renamed into place, or never made)
  }
}
