import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyedLimiter } from './keyed-limiter.ts'
import { lineReader, type ClientMessage, type ServerMessage } from './protocol.ts'
import type { Lease } from './types.ts'
import { rateWindowMs } from './window-config.ts'

/**
 * The run-wide limit server. It lives in the Vitest main process; every worker
 * asks it for a slot before calling a provider, so a provider's concurrency,
 * requests-per-minute and tokens-per-minute limits (and the adaptive
 * concurrency a 429 lowers) hold across all dataset files and all workers. A
 * worker that dies gives back its slots when its socket closes.
 */
export interface LimitServer {
  readonly address: string
  readonly limiter: KeyedLimiter
  close(): Promise<void>
}

export interface LimitServerOptions {
  /** The rate window; default `LLM_BENCH_RATE_WINDOW_MS` or a minute. */
  windowMs?: number | undefined
  /**
   * Where to write every key's stats (JSON) when the server closes; default
   * `LLM_BENCH_LIMIT_STATS_FILE` (for tests of a whole run), else nowhere.
   */
  statsFile?: string | undefined
}

export async function startLimitServer(options: LimitServerOptions = {}): Promise<LimitServer> {
  const limiter = new KeyedLimiter({ windowMs: options.windowMs ?? rateWindowMs() })
  const statsFile = options.statsFile ?? (process.env['LLM_BENCH_LIMIT_STATS_FILE'] || undefined)
  const address = socketAddress()
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    serveConnection(socket, limiter)
  })
  await listen(server, address)
  server.unref()
  let closed: Promise<void> | undefined
  return {
    address,
    limiter,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        if (statsFile !== undefined) writeFileSync(statsFile, `${JSON.stringify(limiter.allStats(), null, 2)}\n`)
        limiter.close()
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        if (process.platform !== 'win32') rmSync(address, { force: true })
      })),
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

/** One worker's connection: its waiting acquires and granted leases, dropped when it closes. */
function serveConnection(socket: Socket, limiter: KeyedLimiter): void {
  const held = new Map<number, Lease>()
  const waiting = new Map<number, AbortController>()
  const send = (message: ServerMessage): void => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`)
  }
  const acquire = (message: Extract<ClientMessage, { op: 'acquire' }>): void => {
    const { id, key } = message
    const controller = new AbortController()
    waiting.set(id, controller)
    let granted: Promise<Lease>
    try {
      granted = limiter.acquire(key, message, controller.signal)
    } catch (error) {
      granted = Promise.reject(error instanceof Error ? error : new Error(String(error)))
    }
    granted.then(
      (lease) => {
        waiting.delete(id)
        held.set(id, lease)
        send({ op: 'granted', id })
      },
      (error: unknown) => {
        waiting.delete(id)
        if (!controller.signal.aborted) send({ op: 'error', id, message: error instanceof Error ? error.message : String(error) })
      },
    )
  }
  const release = (id: number, lease: Lease | undefined, message?: Extract<ClientMessage, { op: 'release' }>): void => {
    lease?.release(message)
    held.delete(id)
  }
  socket.on(
    'data',
    lineReader<ClientMessage>((message) => {
      if (message.op === 'acquire') acquire(message)
      else if (message.op === 'release') release(message.id, held.get(message.id), message)
      else {
        waiting.get(message.id)?.abort()
        release(message.id, held.get(message.id))
      }
    }),
  )
  socket.on('error', () => socket.destroy())
  socket.on('close', () => {
    for (const controller of waiting.values()) controller.abort()
    for (const lease of held.values()) lease.release()
    waiting.clear()
    held.clear()
  })
}
