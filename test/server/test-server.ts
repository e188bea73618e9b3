import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { anthropicDialect } from './anthropic-dialect.ts'
import { readBody, sendJSON, serveCompletion, type ServerContext } from './exchange.ts'
import { createFaultState } from './faults.ts'
import { ollamaDialect } from './ollama-dialect.ts'
import { openaiDialect } from './openai-dialect.ts'
import { createSlots } from './slots.ts'
import { createStats } from './stats.ts'
import type { TestServer, TestServerOptions } from './types.ts'

export type * from './types.ts'

/**
 * A protocol-faithful LLM server of our own, on 127.0.0.1 (a free port): it
 * speaks OpenAI (`/v1/chat/completions`, `/v1/completions`, `/v1/models`),
 * Anthropic (`/v1/messages`) and Ollama (`/api/chat`, `/api/generate`,
 * `/api/tags`, `/api/version`) over real HTTP, answers a configurable text
 * token by token, and produces faults on demand (see `FaultMode`). It counts
 * requests, concurrency, rates per rolling minute, tokens, connections and the
 * key headers it saw, so tests can check what no real server reports. With
 * `timeline`, streamed chunks are written on an absolute schedule from the
 * request's arrival (a scripted-timing server for accuracy checks).
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  let counter = 0
  const ctx: ServerContext = {
    options,
    faults: createFaultState(options.faultFor, options.fault, options.faultCount),
    stats: createStats(),
    nextId: () => `test${++counter}`,
    arrivals: new WeakMap(),
  }
  const used = new WeakSet<object>()
  const slots = createSlots(options.maxConcurrent)
  const server = createServer((req, res) => {
    ctx.arrivals.set(req, performance.now())
    const done = ctx.stats.request(req.headers)
    if (used.has(req.socket)) ctx.stats.reused()
    used.add(req.socket)
    res.on('close', done)
    // beyond `maxConcurrent` a POST waits for a slot; its timeline starts when it is served
    const admitted = req.method === 'POST' && options.maxConcurrent !== undefined ? slots.admit(res).then(() => void ctx.arrivals.set(req, performance.now())) : Promise.resolve()
    admitted.then(() => route(req, res, ctx)).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy()
      sendJSON(res, { error: { message: String(error), type: 'server_error' } }, 500)
    })
  })
  server.keepAliveTimeout = 60_000
  server.on('connection', (socket) => {
    // every chunk leaves at once (no Nagle): a timeline's chunks are not held back for coalescing
    socket.setNoDelay(true)
    ctx.stats.connection()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    baseURL: origin,
    openaiURL: `${origin}/v1`,
    anthropicURL: origin,
    ollamaURL: origin,
    setFault: (fault, setOptions) => ctx.faults.set(fault, setOptions?.count),
    stats: () => ({ ...ctx.stats.snapshot(), ...slots.counts() }),
    counts: () => ctx.stats.counts(),
    reset: () => {
      ctx.stats.reset()
      slots.reset()
    },
    close: () => closeServer(server),
  }
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: ServerContext): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '')
  const method = req.method ?? 'GET'
  if (method === 'POST') {
    if (path === '/api/chat') return serveCompletion(ollamaDialect, 'chat', req, res, ctx)
    if (path === '/api/generate') return serveCompletion(ollamaDialect, 'generate', req, res, ctx)
    if (path.endsWith('/messages')) return serveCompletion(anthropicDialect, 'messages', req, res, ctx)
    if (path.endsWith('/chat/completions')) return serveCompletion(openaiDialect, 'chat', req, res, ctx)
    if (path.endsWith('/completions')) return serveCompletion(openaiDialect, 'completions', req, res, ctx)
  }
  if (method === 'GET' || method === 'HEAD') {
    if (path === '/api/tags') return sendJSON(res, { models: modelList(ctx).map(ollamaModel) })
    if (path === '/api/version') return sendJSON(res, { version: '0.12.0' })
    if (path === '' && method === 'HEAD') return void res.writeHead(200).end()
    if (path === '') return void res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Ollama is running')
    if (path.endsWith('/models')) {
      const ids = modelList(ctx)
      if (typeof req.headers['anthropic-version'] === 'string') {
        const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' }))
        return sendJSON(res, { data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null })
      }
      return sendJSON(res, { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })) })
    }
  }
  await readBody(req)
  sendJSON(res, { error: { message: `no route ${method} ${path}`, type: 'invalid_request_error' } }, 404)
}

function modelList(ctx: ServerContext): string[] {
  return [...(ctx.options.models ?? ['test-model'])]
}

function ollamaModel(name: string) {
  const full = name.includes(':') ? name : `${name}:latest`
  return { name: full, model: full, modified_at: new Date(0).toISOString(), size: 1, digest: 'sha256:test', details: { format: 'gguf', family: 'test' } }
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
