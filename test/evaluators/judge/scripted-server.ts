import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

/**
 * A tiny real OpenAI-compatible HTTP server for judge tests: answers
 * `/v1/chat/completions` (non-streaming) with the scripted answers in order (the
 * last one repeats), and `/v1/embeddings` with a vector per input from `embed`.
 * Keeps every request body.
 */
export interface ScriptedServer {
  baseURL: string
  requests: Array<{ path: string; body: Record<string, unknown> }>
  close(): Promise<void>
}

export async function startScriptedServer(answers: string[], embed?: (text: string) => number[]): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = []
  let chats = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>
      const path = req.url ?? ''
      requests.push({ path, body })
      res.setHeader('content-type', 'application/json')
      if (path.endsWith('/chat/completions')) {
        const content = answers[Math.min(chats++, answers.length - 1)] ?? ''
        res.end(
          JSON.stringify({
            id: `chat-${chats}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: String(body['model']),
            choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
            usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
          }),
        )
        return
      }
      if (path.endsWith('/embeddings') && embed !== undefined) {
        const input = body['input']
        const texts = Array.isArray(input) ? input.map(String) : [String(input)]
        res.end(
          JSON.stringify({
            object: 'list',
            model: String(body['model']),
            data: texts.map((t, index) => ({ object: 'embedding', index, embedding: embed(t) })),
            usage: { prompt_tokens: texts.length, total_tokens: texts.length },
          }),
        )
        return
      }
      res.statusCode = 404
      res.end(JSON.stringify({ error: { message: `no route ${path}` } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
