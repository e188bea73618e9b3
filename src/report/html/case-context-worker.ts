import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import { announceThread, signalPosted, type ThreadSignal } from '../thread-signal.ts'
import type { PreloadMessage } from './case-context-preload.ts'

/**
 * The thread of case-context-preload.ts: each file posted to it is read
 * (`readTexts`) and its texts posted back on the port, then the shared counter
 * is raised and the waiting thread woken. Loads the readers itself, so a
 * failure to load them is one `failed` message, not a silent thread. Says
 * first which OS thread it is (Linux), so the waiting thread can see it end.
 */
const { port, shared } = workerData as { port: MessagePort; shared: ThreadSignal }

announceThread(shared)

function send(message: PreloadMessage): void {
  port.postMessage(message)
  signalPosted(shared)
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
