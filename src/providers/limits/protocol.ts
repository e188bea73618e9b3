/**
 * The wire protocol between workers and the run-wide limit server:
 * newline-delimited JSON over a Unix socket (a named pipe on Windows).
 * `acquire` asks for a slot of a key (its limits and the request's estimated
 * tokens); `release` gives it back with the outcome (real tokens, 429 or not);
 * `cancel` withdraws a waiting acquire (or releases a granted one).
 */
export type ClientMessage =
  | { op: 'acquire'; id: number; key: string; concurrency: number; rpm?: number | undefined; tpm?: number | undefined; tokens: number }
  | { op: 'release'; id: number; tokens?: number | undefined; rateLimited?: boolean | undefined }
  | { op: 'cancel'; id: number }

export type ServerMessage = { op: 'granted'; id: number } | { op: 'error'; id: number; message: string }

/** Splits a byte stream into lines and parses each as JSON. */
export function lineReader<T>(onMessage: (message: T) => void): (chunk: Buffer) => void {
  let buffered = ''
  return (chunk) => {
    buffered += chunk.toString('utf8')
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      if (line.length > 0) onMessage(JSON.parse(line) as T)
      newline = buffered.indexOf('\n')
    }
  }
}
