import { parentPort, workerData, type MessagePort } from 'node:worker_threads'
import type { PreloadMessage } from './case-context-preload.ts'

/**
 * The thread of case-context-preload.ts: each file posted to it is read
 * (`readTexts`) and its texts posted back on the port, then the shared counter
 * is raised and the waiting thread woken. Loads the readers itself, so a
 * failure to load them is one `failed` message, not a silent thread.
 */
const { port, posted } = workerData as { port: MessagePort; posted: Int32Array }

function send(message: PreloadMessage): void {
  port.postMessage(message)
  Atomics.add(posted, 0, 1)
  Atomics.notify(posted, 0)
}

const reader = import('./case-context.ts').then(
  (module) => module.readTexts,
  (error: unknown) => {
    send({ failed: error instanceof Error ? error.message : String(error) })
    return null
  },
)

parentPort?.on('message', (file: string) => {
  void reader.then((readTexts) => {
    if (readTexts) send({ file, texts: readTexts(file) })
  })
})
