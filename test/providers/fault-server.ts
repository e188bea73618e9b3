import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A small real HTTP server speaking the OpenAI wire format, with faults no real
 * server produces on demand. The request's `model` picks the behaviour:
 * `429`, `500`, `401-echo` (echoes the Authorization header in the error, as a
 * careless server might), `404`, `cut-destroy`, `cut-end`, `bad-json-stream`,
 * `bad-json-body`, `cut-body`, `empty-choices`, `empty-stream`, `no-usage`, `error-event`,
 * `hang`, `echo-header`.
 */
export interface FaultServer {
  baseURL: string
  close(): Promise<void>
}

const CHUNK = (text: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fault', choices: [{ index: 0, delta: { content: text }, finish_reason: finish }] })}\n\n`
const USAGE = `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'fault', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`

export async function startFaultServer(): Promise<FaultServer> {
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => void handle(req, res))
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = ''
  for await (const part of req) raw += String(part)
  const body = JSON.parse(raw) as { model: string; stream?: boolean }
  const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value))
  }
  const sse = (): void => void res.writeHead(200, { 'content-type': 'text/event-stream' })
  switch (body.model) {
    case '429':
      return json(429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after': '2' })
    case '500':
      return json(500, { error: { message: 'internal failure' } })
    case '401-echo':
      return json(401, { error: { message: `Incorrect API key provided: ${req.headers.authorization ?? ''}` } })
    case '404':
      return json(404, { error: { message: 'The model does not exist' } })
    case 'bad-json-body':
      return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ not json')
    case 'empty-choices':
      return json(200, { id: 'x', object: 'chat.completion', created: 1, model: 'fault', choices: [], usage: { prompt_tokens: 1, completion_tokens: 0 } })
    case 'cut-body':
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' }).write('{"choices": [')
      return void setTimeout(() => res.destroy(), 20)
    case 'hang':
      return // never answers; the client's timeout fires
    case 'echo-header':
      if (body.stream === true) {
        sse()
        return void res.end(CHUNK(String(req.headers['x-bench-team'] ?? ''), 'stop') + 'data: [DONE]\n\n')
      }
      return json(200, { id: 'x', object: 'chat.completion', created: 1, model: 'fault', choices: [{ index: 0, message: { role: 'assistant', content: String(req.headers['x-bench-team'] ?? '') }, finish_reason: 'stop' }] })
  }
  sse()
  switch (body.model) {
    case 'cut-destroy':
      res.write(CHUNK('Hel'))
      res.write(CHUNK('lo'))
      return void setTimeout(() => res.destroy(), 20)
    case 'cut-end':
      return void res.end(CHUNK('Hel') + CHUNK('lo'))
    case 'bad-json-stream':
      return void res.end(CHUNK('Hel') + 'data: {"choices": [\n\n')
    case 'empty-stream':
      return void res.end(USAGE + 'data: [DONE]\n\n')
    case 'no-usage':
      return void res.end(CHUNK('Hel') + CHUNK('lo') + CHUNK('', 'stop') + 'data: [DONE]\n\n')
    case 'error-event':
      return void res.end(CHUNK('Hel') + `data: ${JSON.stringify({ error: { message: 'slot crashed' } })}\n\n`)
    default:
      return void res.end(CHUNK('Hel') + CHUNK('lo', 'stop') + USAGE + 'data: [DONE]\n\n')
  }
}
