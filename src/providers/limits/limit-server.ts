import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lineReader, type ClientMessage, type ServerMessage } from './protocol.ts'
import { KeyedSemaphore } from './semaphore.ts'

/**
 * The run-wide limit server. It lives in the Vitest main process; every worker
 * asks it for a slot before calling a provider, so a provider's concurrency
 * limit holds across all dataset files and all workers. A worker that dies
 * gives back its slots when its socket closes.
 */
export interface LimitServer {
  readonly address: string
  readonly semaphore: KeyedSemaphore
  close(): Promise<void>
}

export async function startLimitServer(): Promise<LimitServer> {
  const semaphore = new KeyedSemaphore()
  const address = socketAddress()
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    serveConnection(socket, semaphore)
  })
  await listen(server, address)
  server.unref()
  return {
    address,
    semaphore,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        if (process.platform !== 'win32') rmSync(address, { force: true })
      }),
  }
}

function socketAddress(): string {
  const name = `llm-test-bench-${process.pid}-${randomBytes(4).toString('hex')}`
  return process.platform === 'win32' ? `\\\\.\\pipe\\${name}` : join(tmpdir(), `${name}.sock`)
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(address, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function serveConnection(socket: Socket, semaphore: KeyedSemaphore): void {
  const held = new Map<number, () => void>()
  const waiting = new Map<number, AbortController>()
  const send = (message: ServerMessage): void => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`)
  }
  socket.on(
    'data',
    lineReader<ClientMessage>((message) => {
      if (message.op === 'acquire') {
        const controller = new AbortController()
        waiting.set(message.id, controller)
        semaphore.acquire(message.key, message.limit, controller.signal).then(
          (release) => {
            waiting.delete(message.id)
            held.set(message.id, release)
            send({ op: 'granted', id: message.id })
          },
          (error: unknown) => {
            waiting.delete(message.id)
            if (!controller.signal.aborted) send({ op: 'error', id: message.id, message: String(error) })
          },
        )
      } else if (message.op === 'release') {
        held.get(message.id)?.()
        held.delete(message.id)
      } else {
        waiting.get(message.id)?.abort()
        held.get(message.id)?.()
        held.delete(message.id)
      }
    }),
  )
  socket.on('error', () => socket.destroy())
  socket.on('close', () => {
    for (const controller of waiting.values()) controller.abort()
    for (const release of held.values()) release()
    waiting.clear()
    held.clear()
  })
}
