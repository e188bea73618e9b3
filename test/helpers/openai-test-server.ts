import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small OpenAI-compatible server of our own (real HTTP, the real wire
 * format: JSON bodies, `data:` SSE chunks, `[DONE]`, `usage` with
 * `stream_options.include_usage`). It answers with a fixed text, optionally one
 * token every `tokenDelayMs`, and counts requests in flight, so tests can
 * check limits that no real server reports.
 */
export interface TestServerOptions {
  /** Words of the answer; each is one token. */
  answer?: string
  /** Delay before the first token and between tokens. */
  tokenDelayMs?: number
}

export interface TestServer {
  baseURL: string
  /** Requests being answered now / the most at once / all so far. */
  stats(): { inFlight: number; maxInFlight: number; requests: number }
  reset(): void
  close(): Promise<void>
}

export async function startOpenAITestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const words = (options.answer ?? 'Once upon a time there was a little robot.').split(' ')
  const delay = options.tokenDelayMs ?? 0
  let inFlight = 0
  let maxInFlight = 0
  let requests = 0
  const server = createServer((req, res) => {
    requests++
    inFlight++
    maxInFlight = Math.max(maxInFlight, inFlight)
    res.on('close', () => inFlight--)
    handle(req, res, words, delay).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { message: String(error), type: 'server_error' } }))
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stats: () => ({ inFlight, maxInFlight, requests }),
    reset: () => {
      maxInFlight = inFlight
      requests = 0
    },
    close: () => closeServer(server),
  }
}

interface CompletionBody {
  model?: string
  stream?: boolean
  max_tokens?: number
  messages?: { role: string; content: string }[]
  prompt?: string
}

async function handle(req: IncomingMessage, res: ServerResponse, words: string[], delay: number): Promise<void> {
  const url = req.url ?? ''
  if (req.method === 'GET' && url.endsWith('/models')) return json(res, { object: 'list', data: [{ id: 'test-model', object: 'model' }] })
  const chat = url.endsWith('/chat/completions')
  if (req.method !== 'POST' || !(chat || url.endsWith('/completions'))) return json(res, { error: { message: `no route ${url}` } }, 404)
  const body = JSON.parse(await readBody(req)) as CompletionBody
  const tokens = words.slice(0, body.max_tokens ?? words.length).map((w, i) => (i === 0 ? w : ` ${w}`))
  const inputText = chat ? (body.messages ?? []).map((m) => m.content).join(' ') : (body.prompt ?? '')
  const usage = { prompt_tokens: inputText.split(/\s+/).filter(Boolean).length, completion_tokens: tokens.length, total_tokens: 0 }
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
  const finish = tokens.length < words.length ? 'length' : 'stop'
  const base = { id: 'cmpl-test', created: Math.floor(Date.now() / 1000), model: body.model ?? 'test-model' }
  if (!body.stream) {
    await sleep(delay * tokens.length)
    const text = tokens.join('')
    const choice = chat ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: finish } : { index: 0, text, finish_reason: finish }
    return json(res, { ...base, object: chat ? 'chat.completion' : 'text_completion', choices: [choice], usage })
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' })
  const object = chat ? 'chat.completion.chunk' : 'text_completion'
  for (const [i, token] of tokens.entries()) {
    await sleep(delay)
    const last = i === tokens.length - 1
    const choice = chat
      ? { index: 0, delta: i === 0 ? { role: 'assistant', content: token } : { content: token }, finish_reason: last ? finish : null }
      : { index: 0, text: token, finish_reason: last ? finish : null }
    res.write(`data: ${JSON.stringify({ ...base, object, choices: [choice] })}\n\n`)
  }
  res.write(`data: ${JSON.stringify({ ...base, object, choices: [], usage })}\n\n`)
  res.end('data: [DONE]\n\n')
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve()
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
