import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * An OpenAI-compatible server (`/v1/chat/completions`, streamed or not) that
 * hands back every credential it receives, as careless servers and proxies
 * do: in error bodies (whole and masked, like OpenAI's "Incorrect API key
 * provided: sk-proj-abc1********wxyz"), in response headers, in an SSE error
 * event and in a normal answer. The model name picks the behaviour:
 *
 * - `echo-answer`: a 200 answer that repeats every credential and the prompt;
 * - `echo-401`: 401 `invalid_api_key` with the credentials in the message;
 * - `echo-500`: 500 with the same message (retried by the client);
 * - `echo-sse`: a 200 event stream, one chunk, then an `error` event carrying them.
 *
 * Every `/embeddings` call is refused (401) the same way.
 */
export interface EchoServer {
  baseURL: string
  /** Every `Authorization` header value received, in order. */
  authorizations(): string[]
  close(): Promise<void>
}

/** Credentials a request carries: auth headers (a Bearer token, a decoded Basic pair), key headers, `x-secret-*`. */
export function credentialsOf(req: IncomingMessage): string[] {
  const found: string[] = []
  for (const [name, raw] of Object.entries(req.headers)) {
    const value = Array.isArray(raw) ? raw.join(',') : raw
    if (value === undefined) continue
    if (name === 'authorization') {
      const [scheme, token = ''] = value.split(/\s+/, 2)
      found.push(token)
      if (scheme?.toLowerCase() === 'basic') found.push(Buffer.from(token, 'base64').toString('utf8'))
    } else if (name === 'api-key' || name === 'x-api-key' || name.startsWith('x-secret')) found.push(value)
  }
  return found
}

function mask(secret: string): string {
  return `${secret.slice(0, 12)}********${secret.slice(-4)}`
}

export async function startEchoServer(): Promise<EchoServer> {
  const authorizations: string[] = []
  const server = createServer((req, res) => {
    if (typeof req.headers.authorization === 'string') authorizations.push(req.headers.authorization)
    handle(req, res).catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { baseURL: `http://127.0.0.1:${port}/v1`, authorizations: () => [...authorizations], close: () => close(server) }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let text = ''
  for await (const chunk of req) text += String(chunk)
  const credentials = credentialsOf(req)
  // every response carries them in a header too
  res.setHeader('x-echo-credentials', credentials.join(' | '))
  const said = `Incorrect API key provided: ${credentials.map(mask).join(', ')}. You sent: ${credentials.join(', ')}`
  // an embeddings call is refused, the credentials echoed
  if (req.method === 'POST' && (req.url ?? '').endsWith('/embeddings')) return json(res, 401, { error: { message: said, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })
  if (req.method !== 'POST' || !(req.url ?? '').endsWith('/chat/completions')) return json(res, 404, { error: { message: `no route ${req.url}`, type: 'invalid_request_error' } })
  const body = JSON.parse(text) as { model: string; stream?: boolean; messages: { role: string; content: string }[] }
  switch (body.model) {
    case 'echo-401':
      return json(res, 401, { error: { message: said, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } })
    case 'echo-500':
      return json(res, 500, { error: { message: said, type: 'server_error', param: null, code: null } })
    case 'echo-sse':
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(`data: ${JSON.stringify(chunk(body.model, { role: 'assistant', content: 'Hello' }, null))}\n\n`)
      res.end(`event: error\ndata: ${JSON.stringify({ error: { message: said, type: 'server_error', code: null } })}\n\n`)
      return
    default: {
      const prompt = body.messages.map((m) => m.content).join(' ')
      const answer = `Sure. Your credentials: ${credentials.join(' and ')} (masked: ${credentials.map(mask).join(', ')}). You said: ${prompt}`
      if (body.stream !== true) {
        return json(res, 200, {
          id: 'echo-1',
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
        })
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(`data: ${JSON.stringify(chunk(body.model, { role: 'assistant', content: answer }, null))}\n\n`)
      res.write(`data: ${JSON.stringify(chunk(body.model, {}, 'stop'))}\n\n`)
      res.write(`data: ${JSON.stringify({ ...chunk(body.model, {}, null), choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } })}\n\n`)
      res.end('data: [DONE]\n\n')
    }
  }
}

function chunk(model: string, delta: object, finish: string | null): object {
  return { id: 'echo-1', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
}

function close(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((resolve) => server.close(() => resolve()))
}
