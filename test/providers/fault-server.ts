import { startTestServer, type Fault, type RequestInfo } from '../server/test-server.ts'

/**
 * Our test server (test/server/) speaking the OpenAI wire format, with the
 * fault picked by the request's `model`: `429`, `500`, `401-echo` (echoes the
 * Authorization header in the error, as a careless server might), `404`,
 * `cut-destroy`, `cut-end`, `bad-json-stream`, `bad-json-body`, `cut-body`,
 * `empty-choices`, `empty-stream`, `no-usage`, `error-event`, `hang`,
 * `echo-header` (answers the `x-bench-team` header). Any other model answers
 * "Hel" + "lo" with usage 3 in, 2 out.
 */
export interface FaultServer {
  baseURL: string
  close(): Promise<void>
}

const FAULTS: Record<string, Fault> = {
  '429': { mode: 'rate-limit', retryAfterSeconds: 2, message: 'Rate limit reached' },
  '500': { mode: 'server-error', message: 'internal failure' },
  '401-echo': { mode: 'auth', echoKey: true, message: 'Incorrect API key provided' },
  '404': { mode: 'not-found', message: 'The model does not exist' },
  'bad-json-body': { mode: 'malformed' },
  'bad-json-stream': { mode: 'malformed', afterTokens: 1 },
  'empty-choices': { mode: 'empty' },
  'empty-stream': { mode: 'empty' },
  'cut-body': { mode: 'cut-stream' },
  'cut-destroy': { mode: 'cut-stream', cut: 'destroy', afterTokens: 2 },
  'cut-end': { mode: 'cut-stream', cut: 'end', afterTokens: 2 },
  'error-event': { mode: 'error-event', afterTokens: 1, message: 'slot crashed' },
  'no-usage': { mode: 'no-usage' },
  hang: { mode: 'hang' },
}

function answer(request: RequestInfo): string[] {
  if (request.model === 'echo-header') return [String(request.headers['x-bench-team'] ?? '')]
  // no-usage: a last chunk with empty text carries the finish reason
  if (request.model === 'no-usage') return ['Hel', 'lo', '']
  return ['Hel', 'lo']
}

export async function startFaultServer(): Promise<FaultServer> {
  const server = await startTestServer({ answer, promptTokens: 3, faultFor: (request) => FAULTS[request.model] })
  return { baseURL: server.openaiURL, close: () => server.close() }
}
