import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdir, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/**
 * Starts a real llama.cpp `llama-server` (OpenAI-compatible) on a free port of
 * 127.0.0.1 with the shared stories260K model, for integration tests.
 * `../shared/tools/llama-server/setup.sh` installs it into `<repo>/.cache/llama-server`
 * once (idempotent). The shared folder is `<repo>/../shared` unless
 * `LLM_BENCH_SHARED_DIR` says otherwise.
 */

export interface LlamaServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseURL: string
  port: number
  /** Kills the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>
}

export interface LlamaServerOptions {
  /** Requests served in parallel (`-np`); the 2048-token context is split between them. Default 4. */
  parallel?: number
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const HEALTH_TIMEOUT_MS = 60_000
const SETUP_TIMEOUT_MS = 300_000

export function sharedDir(): string {
  // absolute: the server runs from its own library folder, so a relative model path would miss
  return path.resolve(process.env['LLM_BENCH_SHARED_DIR'] ?? path.join(REPO, '..', 'shared'))
}

export function storiesModelPath(): string {
  return path.join(sharedDir(), 'models', 'stories260K.gguf')
}

export async function startLlamaServer(options: LlamaServerOptions = {}): Promise<LlamaServer> {
  const binary = await installLlamaServer()
  const port = await freePort()
  const args = ['-m', storiesModelPath(), '--host', '127.0.0.1', '--port', String(port)]
  args.push('-c', '2048', '-t', '1', '-np', String(options.parallel ?? 4))
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const log = captureLog(child)
  let spawnError: Error | undefined
  child.once('error', (error) => (spawnError = error))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const killOnExit = (): void => void child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit)
    await kill(child, exited)
  }
  try {
    await waitHealthy(port, child, () => (spawnError ? `${spawnError.message}\n` : '') + log())
  } catch (error) {
    await stop()
    throw error
  }
  return { baseURL: `http://127.0.0.1:${port}/v1`, port, stop }
}

let installing: Promise<string> | undefined

/** Runs setup.sh once per process (under a lock between processes); resolves to the binary's path. */
export function installLlamaServer(): Promise<string> {
  installing ??= withLock(path.join(REPO, '.cache', 'llama-server.lock'), runSetup)
  return installing
}

async function runSetup(): Promise<string> {
  const script = path.join(sharedDir(), 'tools', 'llama-server', 'setup.sh')
  const dir = path.join(REPO, '.cache', 'llama-server')
  const { stdout } = await promisify(execFile)(script, [dir], { timeout: SETUP_TIMEOUT_MS, maxBuffer: 16 << 20 })
  const last = stdout.trim().split('\n').pop()?.trim()
  if (!last) throw new Error(`${script} printed no binary path`)
  return last
}

/** A directory as a lock: several test workers may install at once. A lock older than the setup timeout is stale. */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(lock), { recursive: true })
  const deadline = Date.now() + SETUP_TIMEOUT_MS
  for (;;) {
    try {
      await mkdir(lock)
      break
    } catch {
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > SETUP_TIMEOUT_MS) await rm(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`)
      await sleep(200)
    }
  }
  try {
    return await fn()
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

/** Listens on port 0, reads the port the system chose, closes. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))))
    })
  })
}

async function waitHealthy(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`llama-server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${log()}`)
    }
    const ok = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })
      .then(async (res) => res.ok && ((await res.json()) as { status?: unknown }).status === 'ok')
      .catch(() => false)
    if (ok) return
    await sleep(100)
  }
  throw new Error(`llama-server on port ${port} not healthy after ${HEALTH_TIMEOUT_MS} ms:\n${log()}`)
}

async function kill(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** Keeps the last 64 lines of the server's output, for error messages. */
function captureLog(child: ChildProcess): () => string {
  const lines: string[] = []
  const add = (data: Buffer): void => {
    lines.push(...data.toString('utf8').split('\n').filter((l) => l.trim() !== ''))
    if (lines.length > 64) lines.splice(0, lines.length - 64)
  }
  child.stdout?.on('data', add)
  child.stderr?.on('data', add)
  return () => lines.join('\n')
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
