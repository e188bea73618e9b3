import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A tiny OpenAI-compatible server (real HTTP, the OpenAI wire format) whose
 * answer to each request is decided by a script: a success (streamed or not,
 * with `usage`), or an error status with an OpenAI-style error body and
 * headers (`retry-after`). It logs every request (arrival, end, the answer)
 * and the requests in flight over time, so tests can check limits, retries
 * and back-off from the outside.
 */

export interface Incoming {
  /** 1-based index of the request among all requests. */
  n: number
  model: string
  /** The last message's content (the case's prompt). */
  prompt: string
  /** 1-based index of this request among those with the same model and prompt (the case's attempt). */
  attempt: number
}

export type Reply = { status: 200 } | { status: number; message: string; headers?: Record<string, string> }

export interface LoggedRequest extends Incoming {
  status: number
  /** ms since the server started. */
  at: number
  endedAt: number
  /** Tokens the answer reported in `usage` (0 for an error). */
  tokens: number
}

export interface ScriptedServer {
  baseURL: string
  log: LoggedRequest[]
  /** [ms since start, requests in flight] at every change. */
  inFlightTrace: [number, number][]
  maxInFlight(): number
  close(): Promise<void>
}

export interface ScriptedOptions {
  /** Words of a successful answer, one token each. */
  answer?: string
  /** Delay before each token of a success. */
  tokenDelayMs?: number
}

export async function startScriptedServer(script: (req: Incoming) => Reply, options: ScriptedOptions = {}): Promise<ScriptedServer> {
  const words = (options.answer ?? 'one two three').split(' ')
  const started = performance.now()
  const now = (): number => performance.now() - started
  const log: LoggedRequest[] = []
  const inFlightTrace: [number, number][] = []
  const attempts = new Map<string, number>()
  const sockets = new Set<Socket>()
  let n = 0
  let inFlight = 0
  const server = createServer((req, res) => {
    inFlight++
    inFlightTrace.push([now(), inFlight])
    res.on('close', () => {
      inFlight--
      inFlightTrace.push([now(), inFlight])
    })
    void handle(req, res)
  })
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = now()
    const body = JSON.parse(await readBody(req)) as { model: string; stream?: boolean; messages?: { content: string }[] }
    const prompt = body.messages?.at(-1)?.content ?? ''
    const key = `${body.model}\n${prompt}`
    const attempt = (attempts.get(key) ?? 0) + 1
    attempts.set(key, attempt)
    const incoming: Incoming = { n: ++n, model: body.model, prompt, attempt }
    const reply = script(incoming)
    const entry: LoggedRequest = { ...incoming, status: reply.status, at, endedAt: at, tokens: 0 }
    log.push(entry)
    if ('message' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify({ error: { message: reply.message, type: 'test' } }))
    } else {
      entry.tokens = await answer(res, body.model, body.stream === true, prompt, words, options.tokenDelayMs ?? 0)
    }
    entry.endedAt = now()
  }
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    log,
    inFlightTrace,
    maxInFlight: () => Math.max(0, ...inFlightTrace.map(([, k]) => k)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A chat completion of `words`, streamed (SSE, usage last) or not; returns the tokens reported. */
async function answer(res: ServerResponse, model: string, stream: boolean, prompt: string, words: string[], delayMs: number): Promise<number> {
  const usage = { prompt_tokens: prompt.split(/\s+/).filter(Boolean).length, completion_tokens: words.length, total_tokens: 0 }
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens
  const base = { id: 'cmpl-scripted', created: 1, model }
  const text = words.join(' ')
  if (!stream) {
    await sleep(delayMs * words.length)
    const choice = { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...base, object: 'chat.completion', choices: [choice], usage }))
    return usage.total_tokens
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' })
  for (const [i, word] of words.entries()) {
    await sleep(delayMs)
    const choice = { index: 0, delta: { content: i === 0 ? word : ` ${word}` }, finish_reason: i === words.length - 1 ? 'stop' : null }
    res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`)
  }
  res.end(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\ndata: [DONE]\n\n`)
  return usage.total_tokens
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

/** The most requests (by arrival) inside any interval of `spanMs`. */
export function mostInAnyWindow(times: number[], spanMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  let start = 0
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) >= spanMs) start++
    most = Math.max(most, end - start + 1)
  }
  return most
}

/** The largest sum of `weight` over requests arriving inside any interval of `spanMs`. */
export function heaviestWindow(entries: { at: number; weight: number }[], spanMs: number): number {
  const sorted = [...entries].sort((a, b) => a.at - b.at)
  let most = 0
  let sum = 0
  let start = 0
  for (const entry of sorted) {
    sum += entry.weight
    while (entry.at - (sorted[start] as { at: number }).at >= spanMs) sum -= (sorted[start++] as { weight: number }).weight
    most = Math.max(most, sum)
  }
  return most
}
