import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const MODEL_FILE = '/work/shared/models/stories260K.gguf'
export const MODEL_SHA256 = '270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d'
export const MODEL_BYTES: Buffer = readFileSync(MODEL_FILE)

export interface ModelServer {
  /** Full URL of a path on the server. */
  url(path: string): string
  /** Paths of every request received, in order. */
  readonly requests: string[]
  close(): Promise<void>
}

/**
 * A real HTTP server on 127.0.0.1 (random port) serving the real model bytes:
 * `/models/<name>.gguf` → 200 with the whole file; `/cut/<name>.gguf` → 200
 * announcing the whole length, then the connection is destroyed halfway
 * through the body; `/redirect/<name>.gguf` → 302 to `/models/<name>.gguf`;
 * `/wrong/<name>.gguf` → 200 with as many other bytes; anything else → 404.
 */
export async function startModelServer(): Promise<ModelServer> {
  const requests: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/'
    requests.push(path)
    if (path.startsWith('/models/')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': MODEL_BYTES.length })
      res.end(MODEL_BYTES)
    } else if (path.startsWith('/redirect/')) {
      res.writeHead(302, { location: path.replace('/redirect/', '/models/') })
      res.end()
    } else if (path.startsWith('/wrong/')) {
      // a file of the right size with other bytes (a stale mirror, a captive portal's page)
      const wrong = Buffer.alloc(MODEL_BYTES.length, 0x2a)
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': wrong.length })
      res.end(wrong)
    } else if (path.startsWith('/cut/')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': MODEL_BYTES.length })
      res.write(MODEL_BYTES.subarray(0, MODEL_BYTES.length >> 1), () => res.socket?.destroy())
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' })
      res.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
