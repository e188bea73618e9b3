import { readlinkSync } from 'node:fs'
import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import type { PreloadMessage } from './case-context-preload.ts'

/**
 * The thread of case-context-preload.ts: each file posted to it is read
 * (`readTexts`) and its texts posted back on the port, then the shared counter
 * is raised and the waiting thread woken. Loads the readers itself, so a
 * failure to load them is one `failed` message, not a silent thread. Says
 * first which OS thread it is (Linux), so the waiting thread can see it end.
 */
const { port, shared } = workerData as { port: MessagePort; shared: Int32Array }

/** The shared counters' slots (case-context-preload.ts): messages posted, this thread's id. */
const POSTED = 0
const THREAD_ID = 1

Atomics.store(shared, THREAD_ID, ownThreadId())

function send(message: PreloadMessage): void {
  port.postMessage(message)
  Atomics.add(shared, POSTED, 1)
  Atomics.notify(shared, POSTED)
}

/** This thread's id in `/proc/self/task` (Linux), or 0 where there is none. */
function ownThreadId(): number {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(id) && id > 0 ? id : 0
  } catch {
    return 0
  }
}

const reader = import('./case-context.ts').then(
  (module) => module.readTexts,
  (error: unknown) => {
    send({ failed: error instanceof Error ? error.message : String(error) })
    return null
  },
)

// a file to read, or null: none will come, and the thread ends once the files before it are posted
parentPort?.on('message', (file: string | null) => {
  void reader.then((readTexts) => {
    if (file === null) process.exit(0)
    else if (readTexts) send({ file, texts: readTexts(file) })
  })
})
